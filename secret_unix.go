//go:build linux || darwin

package main

import (
	"context"
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// The terminal's echo, off while a passphrase is typed, and kept off until
// the journal is unlocked: keys typed ahead while the passphrase is
// checked are never shown. ctrl+c (SIGINT, which the command's context
// catches) ends a prompt at once; ctrl+d ends it as an empty answer.

// echoOff turns the echo of the passphrase's terminal (secretTerminal)
// off, and returns what turns it back on (nothing to do without one).
func echoOff() func() {
	tty := secretTerminal()
	if tty == nil {
		return func() {}
	}
	fd := int(tty.Fd())
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return func() {}
	}
	t := *old
	t.Lflag &^= unix.ECHO
	t.Lflag |= unix.ICANON | unix.ISIG
	if unix.IoctlSetTermios(fd, ioctlSetTermios, &t) != nil {
		return func() {}
	}
	return func() { _ = unix.IoctlSetTermios(fd, ioctlSetTermios, old) }
}

// dropTypedAheadInput discards keys typed on the passphrase's terminal
// before a prompt (after a wrong passphrase: they would begin the next
// try).
func dropTypedAheadInput() {
	if tty := secretTerminal(); tty != nil {
		dropTypedAhead(int(tty.Fd()))
	}
}

// readSecretLine reads a line from the terminal tty without echo.
func readSecretLine(ctx context.Context, tty *os.File) (string, error) {
	restore := echoOff()
	defer restore()
	type line struct {
		s   string
		err error
	}
	got := make(chan line, 1)
	go func() {
		var b []byte
		var c [1]byte
		for {
			n, err := unix.Read(int(tty.Fd()), c[:])
			switch {
			case err == unix.EINTR:
				continue
			case err != nil:
				got <- line{"", err}
				return
			case n == 0 || c[0] == 4: // ctrl+d
				got <- line{string(b), io.EOF}
				return
			case c[0] == '\n':
				got <- line{string(b), nil}
				return
			case c[0] != '\r':
				b = append(b, c[0])
			}
		}
	}()
	select {
	case l := <-got:
		if errors.Is(l.err, io.EOF) && l.s == "" {
			return "", errors.New("no passphrase given (ctrl+d): nothing was changed")
		}
		if errors.Is(l.err, io.EOF) {
			return l.s, nil
		}
		return l.s, l.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
