//go:build unix

package tui

import (
	"errors"
	"os"
	"syscall"
)

// ownedByMe tells whether e belongs to this process's user.
func ownedByMe(e os.DirEntry) bool {
	fi, err := e.Info()
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

// notRunning tells whether no process has id pid.
func notRunning(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err != nil && !errors.Is(err, syscall.EPERM)
}
