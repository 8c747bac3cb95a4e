//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// detach runs cmd in a session of its own, without the terminal the
// tests run in: a command that looks for one to ask a passphrase on
// (/dev/tty) finds none, as under cron, whoever runs the tests.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
