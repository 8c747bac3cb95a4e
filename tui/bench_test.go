package tui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"mentorlog/model"
	"mentorlog/store"
	"mentorlog/store/storetest"
)

// Benchmarks on the large journal of store/storetest (Default: 200
// relationships, 20,000 sessions, 100,000 follow-ups, 5,000 goals). Each
// keystroke benchmark reports the median and p99 of Update+View besides
// ns/op.
//
//	go test ./tui -run '^$' -bench . -benchtime 2000x

// benchJournal opens the large journal read-only (it is built once and
// cached in the temp folder by storetest).
func benchJournal(b *testing.B) *store.Store {
	b.Helper()
	path, err := storetest.CachedPath(storetest.Default())
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, store.Options{ReadOnly: true, Now: coreClock})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// latencies times f b.N times and reports median and p99.
func latencies(b *testing.B, f func(i int)) {
	b.Helper()
	d := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		f(i)
		d[i] = time.Since(t0)
	}
	b.StopTimer()
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "median-µs")
	b.ReportMetric(float64(d[min(len(d)-1, len(d)*99/100)].Microseconds()), "p99-µs")
}

// keystroke sends one key to the root and renders the frame, like the
// program does for every key.
func keystroke(dr *driver, k tea.KeyMsg) {
	nm, _ := dr.m.Update(k)
	dr.m = nm.(Model)
	_ = dr.m.View()
}

func BenchmarkKeystroke(b *testing.B) {
	st := benchJournal(b)
	sums, err := st.ListSummaries(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	// The relationship with the most sessions.
	big := sums[0]
	for _, s := range sums {
		if s.Sessions > big.Sessions {
			big = s
		}
	}
	up, down := keyMsg("up"), keyMsg("down")
	move := func(dr *driver) func(int) {
		return func(i int) {
			if i%2 == 0 {
				keystroke(dr, down)
			} else {
				keystroke(dr, up)
			}
		}
	}
	open := func(b *testing.B, keys ...string) *driver {
		dr := newCoreDriver(b, st, 120, 40)
		ds := dr.top().(*dashboard)
		for i, vi := range ds.visible {
			if ds.sums[vi].Rel.ID == big.Rel.ID {
				ds.list.selectRow(i)
			}
		}
		dr.press(keys...)
		return dr
	}
	b.Run("dashboard", func(b *testing.B) {
		dr := open(b)
		if n := len(dr.top().(*dashboard).sums); n < 200 {
			b.Fatalf("%d relationships", n)
		}
		latencies(b, move(dr))
	})
	b.Run("relationship", func(b *testing.B) {
		dr := open(b, "enter")
		latencies(b, move(dr))
	})
	b.Run("layer-editor-typing", func(b *testing.B) {
		dr := open(b, "enter", "3")
		x := keyMsg("x")
		latencies(b, func(int) { keystroke(dr, x) })
	})
	b.Run("goals", func(b *testing.B) {
		dr := open(b, "enter", "g")
		latencies(b, move(dr))
	})
	b.Run("roadmap", func(b *testing.B) {
		dr := open(b, "enter", "r")
		latencies(b, move(dr))
	})
	b.Run("stories", func(b *testing.B) {
		dr := open(b, "enter", "1")
		dr.focusKey("trust.stories")
		dr.press("enter")
		latencies(b, move(dr))
	})
}

// BenchmarkTyping500Lines types into a 500-line note (Update + View of the
// form that holds it).
func BenchmarkTyping500Lines(b *testing.B) {
	for _, n := range []int{500, 2000} {
		b.Run(fmt.Sprintf("%d-lines", n), func(b *testing.B) {
			lines := make([]string, n)
			for i := range lines {
				lines[i] = fmt.Sprintf("line %d of the note: what was said, what was decided, what comes next", i)
			}
			f := newForm(testDeps(nil), textField("notes", "Notes", strings.Join(lines, "\n")))
			f.SetSize(116, 30)
			f.Focus()
			f.Update(keyMsg("ctrl+home"))
			for i := 0; i < n/2; i++ { // the middle of the note
				f.Update(keyMsg("down"))
			}
			keys := []tea.KeyMsg{keyMsg("a"), keyMsg("b"), keyMsg("backspace")}
			latencies(b, func(i int) {
				f.Update(keys[i%3])
				_ = f.View()
			})
		})
	}
}

// BenchmarkStartToFirstFrame is the in-process part of a start: open the
// large journal, build the app, load the dashboard and draw it.
func BenchmarkStartToFirstFrame(b *testing.B) {
	path, err := storetest.CachedPath(storetest.Default())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		m := New(st, Options{Now: coreClock})
		nm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		msg := m.Init()()
		nm, _ = nm.Update(msg)
		if v := nm.View(); !strings.Contains(v, "200 relationships") {
			b.Fatalf("first frame:\n%s", v)
		}
		st.Close()
	}
}

// BenchmarkExecToFirstFrame measures what a user waits for: from starting
// the binary in a terminal (tmux, 120x40) until the dashboard of the large
// journal is on screen, against a minimal Bubble Tea program measured the
// same way. Screens are polled with tmux capture-pane, which adds the same
// small delay to both. Needs tmux; run it with -benchtime 10x.
func BenchmarkExecToFirstFrame(b *testing.B) {
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Skip("tmux is not installed")
	}
	dir := b.TempDir()
	root, _ := filepath.Abs("..")
	bins := map[string]string{"mentorlog": ".", "minimal": "./tui/testdata/minimal"}
	for name, pkg := range bins {
		c := exec.Command("go", "build", "-o", filepath.Join(dir, name), pkg)
		c.Dir = root
		if out, err := c.CombinedOutput(); err != nil {
			b.Fatalf("build %s: %v\n%s", name, err, out)
		}
	}
	path, err := storetest.CachedPath(storetest.Default())
	if err != nil {
		b.Fatal(err)
	}
	db := filepath.Join(dir, "large.db")
	if err := copyFile(path, db); err != nil {
		b.Fatal(err)
	}
	runs := []struct{ name, cmd, want string }{
		{"minimal", filepath.Join(dir, "minimal"), "minimal program ready"},
		{"mentorlog", filepath.Join(dir, "mentorlog") + " --db " + db, "200 relationships"},
	}
	socket := fmt.Sprintf("mentorlog-bench-%d", os.Getpid())
	defer exec.Command("tmux", "-L", socket, "kill-server").Run()
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			latencies(b, func(i int) {
				sess := fmt.Sprintf("s%d", i)
				t0 := time.Now()
				start := exec.Command("tmux", "-L", socket, "new-session", "-d", "-x", "120", "-y", "40", "-s", sess,
					"env HOME="+dir+" "+r.cmd)
				if out, err := start.CombinedOutput(); err != nil {
					b.Fatalf("%v %s", err, out)
				}
				for {
					out, _ := exec.Command("tmux", "-L", socket, "capture-pane", "-p", "-t", sess).Output()
					if strings.Contains(string(out), r.want) {
						break
					}
					if time.Since(t0) > 20*time.Second {
						b.Fatalf("no frame:\n%s", out)
					}
				}
				_ = t0
				exec.Command("tmux", "-L", socket, "kill-session", "-t", sess).Run()
			})
		})
	}
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o600)
}

var _ = model.Layers
