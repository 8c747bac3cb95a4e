//go:build unix

package archive

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"mentorlog/demo"
	"mentorlog/model"
)

// TestReadSpoolsAPipe: an export given as a named pipe (import <(…)) is
// read once into a copy, and read from it twice.
func TestReadSpoolsAPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	body, _ := json.Marshal(demo.Archive(now))
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.Write(body)
		f.Close()
	}()
	spool := t.TempDir()
	a, err := Read(context.Background(), fifo, "pipe", spool)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for range 2 {
		n := 0
		if err := a.Each(func(model.Full, int64) error { n++; return nil }); err != nil || n != len(demo.Archive(now).Relationships) {
			t.Fatalf("read %d relationships from a pipe: %v", n, err)
		}
	}
}
