//go:build unix

package main

import (
	"os"
	"syscall"
)

// otherNames is how many other names (hard links) the file at path has.
func otherNames(path string) int {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
		return int(st.Nlink) - 1
	}
	return 0
}
