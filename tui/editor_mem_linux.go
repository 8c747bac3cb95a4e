package tui

import "syscall"

// inMemory tells whether dir is on a file system kept in memory (tmpfs,
// ramfs), whose contents never reach a disk.
func inMemory(dir string) bool {
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return false
	}
	const tmpfs, ramfs = 0x01021994, 0x858458f6
	return st.Type == tmpfs || st.Type == ramfs
}
