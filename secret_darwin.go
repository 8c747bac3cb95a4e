package main

import "golang.org/x/sys/unix"

const (
	ioctlGetTermios = unix.TIOCGETA
	ioctlSetTermios = unix.TIOCSETA
)

// dropTypedAhead discards what was typed on the terminal and not read yet
// (TIOCFLUSH with FREAD, which is 1, as TCIFLUSH).
func dropTypedAhead(fd int) { _ = unix.IoctlSetPointerInt(fd, unix.TIOCFLUSH, unix.TCIFLUSH) }
