package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"mentorlog/markdown"
	"mentorlog/outfile"
	"mentorlog/store"
	"mentorlog/store/storetest"
)

// largeJournal is the ten-year journal of a busy mentor from storetest
// (200 relationships, 20,000 sessions, 100,000 follow-ups, ~50 MB of
// text), built once and cached in the temp folder.
func largeJournal(b *testing.B) string {
	b.Helper()
	p, err := storetest.CachedPath(storetest.Default())
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// exportTo runs what `mentorlog export -o` does, in process, and returns
// the size written.
func exportTo(b *testing.B, st *store.Store, path, format string) int64 {
	b.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	err := outfile.WriteFile(path, func(w io.Writer) error {
		if format == "json" {
			return st.ExportJSON(ctx, w, store.ExportOptions{Now: now})
		}
		sums, err := st.ListSummaries(ctx)
		if err != nil {
			return err
		}
		m := markdown.NewWriter(w, markdown.Options{Now: now})
		if err := m.WriteHeader(len(sums)); err != nil {
			return err
		}
		if err := eachFull(ctx, st, nil, m.WriteRelationship); err != nil {
			return err
		}
		return m.Close()
	})
	if err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}

func benchExport(b *testing.B, format string) {
	st, err := store.Open(largeJournal(b), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	out := filepath.Join(b.TempDir(), "export."+format)
	if format == "markdown" {
		defer debug.SetGCPercent(debug.SetGCPercent(400)) // as runExport does
	}
	b.ResetTimer()
	var size int64
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		size = exportTo(b, st, out, format)
		b.SetBytes(size)
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(size)/1e6, "MB/export")
	// CPU seconds spent (all threads): a figure that holds up better than
	// wall time when other work shares the machine.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the user+system time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkExportMarkdownLarge: the whole journal as Markdown, read
// relationship by relationship, written to a file, fsynced and renamed.
func BenchmarkExportMarkdownLarge(b *testing.B) { benchExport(b, "markdown") }

// BenchmarkExportJSONLarge: the same as JSON, for comparison.
func BenchmarkExportJSONLarge(b *testing.B) { benchExport(b, "json") }

// benchCommand runs the real binary on the large journal: the whole
// command as a user waits for it, process start included.
func benchCommand(b *testing.B, args ...string) {
	db := largeJournal(b)
	args = append([]string{"--db", db}, args...)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"HOME=" + b.TempDir()}
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
}

// BenchmarkImportCommandLarge runs the real binary's import of the large
// journal's JSON export (about 105 MB) into a new journal, and reports
// the process's peak resident memory against the file's size. The export
// is made by the binary too: Linux counts in a child's peak the peak of
// the process that started it, so this one must stay small.
//
//	go test . -run XXX -bench ImportCommandLarge -benchtime 3x
func BenchmarkImportCommandLarge(b *testing.B) {
	dir := b.TempDir()
	file := filepath.Join(dir, "export.json")
	run := func(args ...string) *os.ProcessState {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"HOME=" + dir}
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
		return cmd.ProcessState
	}
	run("--db", largeJournal(b), "export", "-o", file)
	fi, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	var peak int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ps := run("--db", filepath.Join(dir, fmt.Sprintf("fresh%d.db", i)), "import", file)
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss<<10) // KiB on Linux
		}
	}
	b.StopTimer()
	var self syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &self); err == nil && self.Maxrss<<10 >= peak {
		b.Logf("the peak is this process's own (%d MB): the large journal was built in it; run again", self.Maxrss>>10)
	}
	b.SetBytes(fi.Size())
	b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
	b.ReportMetric(float64(peak)/1e6, "peak-rss-MB")
	b.ReportMetric(float64(peak)/float64(fi.Size()), "rss/file")
}

func BenchmarkDueCommandLarge(b *testing.B)   { benchCommand(b, "due") }
func BenchmarkBriefCommandLarge(b *testing.B) { benchCommand(b, "brief", largeBriefName(b)) }

// largeBriefName picks the relationship with the most sessions.
func largeBriefName(b *testing.B) string {
	st, err := store.Open(largeJournal(b), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	sums, err := st.ListSummaries(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	best := sums[0]
	for _, s := range sums {
		if s.Sessions > best.Sessions {
			best = s
		}
	}
	return string(best.Rel.ID)
}

// BenchmarkUnlockCommand is what the passphrase costs a command: `mentorlog
// due` on an encrypted journal (a fresh process: argon2id at the costs
// encrypt calibrated here, its 64 MiB new to the process) beside the same
// command on the same journal plain, interleaved in the same run.
//
//	go test . -run XXX -bench UnlockCommand -benchtime 10x
func BenchmarkUnlockCommand(b *testing.B) {
	dir := b.TempDir()
	plain, enc, pass := filepath.Join(dir, "plain.db"), filepath.Join(dir, "enc.db"), filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("bench passphrase\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	for _, args := range [][]string{
		{"--db", plain, "demo", "--write", plain},
		{"--db", enc, "demo", "--write", enc},
		{"--db", enc, "encrypt", "--new-passphrase-file", pass},
	} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	ds := map[string][]time.Duration{}
	for b.Loop() {
		for _, c := range []struct{ name, db string }{{"plain", plain}, {"encrypted", enc}} {
			cmd := exec.Command(bin, "--db", c.db, "--passphrase-file", pass, "due")
			cmd.Env = []string{"HOME=" + dir}
			start := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("due: %v\n%s", err, out)
			}
			ds[c.name] = append(ds[c.name], time.Since(start))
		}
	}
	p, e := storetest.MedianMS(ds["plain"]), storetest.MedianMS(ds["encrypted"])
	b.ReportMetric(p, "plain-ms")
	b.ReportMetric(e, "encrypted-ms")
	b.ReportMetric(e-p, "unlock-ms")
}
