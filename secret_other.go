//go:build !linux && !darwin

package main

import (
	"context"
	"os"

	"github.com/charmbracelet/x/term"
)

// echoOff cannot hold the echo off here: each prompt turns it off alone.
func echoOff() func() { return func() {} }

// dropTypedAheadInput cannot discard typed-ahead keys here.
func dropTypedAheadInput() {}

// readSecretLine reads a line from the terminal tty without echo.
func readSecretLine(ctx context.Context, tty *os.File) (string, error) {
	type line struct {
		s   string
		err error
	}
	got := make(chan line, 1)
	go func() {
		b, err := term.ReadPassword(tty.Fd())
		got <- line{string(b), err}
	}()
	select {
	case l := <-got:
		return l.s, l.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
