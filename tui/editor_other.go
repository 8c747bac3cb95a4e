//go:build !unix

package tui

import "os"

// ownedByMe cannot tell a folder's owner here: no folder is swept.
func ownedByMe(os.DirEntry) bool { return false }

// notRunning cannot tell here.
func notRunning(int) bool { return false }
