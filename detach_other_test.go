//go:build !unix

package main

import "os/exec"

// detach: a command finds no terminal of the tests' here (no /dev/tty).
func detach(cmd *exec.Cmd) {}
