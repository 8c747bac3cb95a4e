package tui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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
// cached in the temp folder by storetest), or the one MENTORLOG_BENCH_DB
// names (bench/gen -times 5 writes one five times larger).
func benchJournal(b *testing.B) *store.Store {
	b.Helper()
	path, err := os.Getenv("MENTORLOG_BENCH_DB"), error(nil)
	if path == "" {
		path, err = storetest.CachedPath(storetest.Default())
	}
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
func keystroke(dr *driver, k tea.KeyPressMsg) {
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
	b.Run("journey", func(b *testing.B) {
		dr := open(b, "enter", "v")
		latencies(b, move(dr))
	})
	b.Run("journey-stages", func(b *testing.B) {
		dr := open(b, "enter", "v", "e")
		latencies(b, move(dr))
	})
	b.Run("templates", func(b *testing.B) {
		dr := open(b, "enter", "r", "u")
		latencies(b, move(dr))
	})
	b.Run("stories", func(b *testing.B) {
		dr := open(b, "enter", "1")
		dr.focusKey("trust.stories")
		dr.press("enter")
		latencies(b, move(dr))
	})
	for _, part := range []struct{ name, key, title string }{
		{"sessions", "s", "Sessions"}, {"follow-ups", "f", "Follow-ups"},
		{"health", "h", "Health check"}, {"closure", "c", "Closure"},
	} {
		b.Run(part.name, func(b *testing.B) {
			dr := open(b, "enter", part.key)
			if got := dr.top().Title(); !strings.HasPrefix(got, part.title) {
				b.Fatalf("%s opened %q", part.key, got)
			}
			latencies(b, move(dr))
		})
	}
	b.Run("search-typing", func(b *testing.B) {
		dr := open(b, "/")
		x, back := keyMsg("x"), keyMsg("backspace")
		latencies(b, func(i int) {
			if i%2 == 0 {
				keystroke(dr, x)
			} else {
				keystroke(dr, back)
			}
		})
	})
}

// noteForm is a form holding a note of n lines, its cursor at the top.
func noteForm(n int) *form {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("line %d of the note: what was said, what was decided, what comes next", i)
	}
	f := newForm(testDeps(nil), textField("notes", "Notes", strings.Join(lines, "\n")))
	f.SetSize(116, 30)
	f.Focus()
	f.Update(keyMsg("ctrl+home"))
	return f
}

// BenchmarkTyping500Lines types into a 500-line and a 2,000-line note
// (Update + View of the form that holds it), and scrolls through one.
func BenchmarkTyping500Lines(b *testing.B) {
	for _, n := range []int{500, 2000} {
		b.Run(fmt.Sprintf("%d-lines", n), func(b *testing.B) {
			f := noteForm(n)
			for i := 0; i < n/2; i++ { // the middle of the note
				f.Update(keyMsg("down"))
			}
			keys := []tea.KeyPressMsg{keyMsg("a"), keyMsg("b"), keyMsg("backspace")}
			latencies(b, func(i int) {
				f.Update(keys[i%3])
				_ = f.View()
			})
		})
	}
	// Scrolling through the whole note, down then up: the window the
	// textarea holds moves every few screens.
	b.Run("2000-lines-scrolling", func(b *testing.B) {
		f := noteForm(2000)
		down, up := keyMsg("down"), keyMsg("up")
		latencies(b, func(i int) {
			if (i/1999)%2 == 0 {
				f.Update(down)
			} else {
				f.Update(up)
			}
			_ = f.View()
		})
	})
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
		// What Init asks for, and what that asks for in turn (the
		// summaries read, then drawn), as the program runs it.
		for queue := collect(m.Init()); len(queue) > 0; queue = queue[1:] {
			var cmd tea.Cmd
			nm, cmd = nm.Update(queue[0])
			queue = append(queue, collect(cmd)...)
		}
		if v := nm.View().Content; !strings.Contains(v, "200 relationships") {
			b.Fatalf("first frame:\n%s", v)
		}
		st.Close()
	}
}

// BenchmarkExecToFirstFrame measures what a user waits for: from starting
// the binary in a terminal (tmux, 120x40) until the dashboard of the large
// journal is on screen, against a minimal Bubble Tea program measured the
// same way. Screens are polled with tmux capture-pane, which adds the same
// small delay to both. Needs tmux (skipped without it); run it with
// -benchtime 10x.
//
// The programs run in a private tmux server on a socket in the test's
// temp folder, with no config file, kept alive by a session of its own:
// without that, killing the last program's session let the server exit
// while the next new-session was connecting ("server exited
// unexpectedly", "no server running"). Each program is stopped and waited
// for outside the timed part, so the next one never waits for the
// journal's lock.
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
	// bench/compare.sh gives the journal of each size it compares, and
	// what its dashboard says once it is drawn.
	path, want := os.Getenv("MENTORLOG_BENCH_DB"), os.Getenv("MENTORLOG_BENCH_WANT")
	if path == "" {
		var err error
		if path, err = storetest.CachedPath(storetest.Default()); err != nil {
			b.Fatal(err)
		}
		want = "200 relationships"
	}
	db := filepath.Join(dir, "large.db")
	if err := copyFile(path, db); err != nil {
		b.Fatal(err)
	}
	x := newBenchTmux(b, filepath.Join(dir, "tmux.sock"))
	runs := []struct{ name, cmd, want string }{
		{"minimal", filepath.Join(dir, "minimal"), "minimal program ready"},
		{"mentorlog", filepath.Join(dir, "mentorlog") + " --db " + db, want},
	}
	medians := map[string]time.Duration{}
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			d := make([]time.Duration, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d[i] = x.firstFrame(b, "exec env HOME="+dir+" "+r.cmd, r.want)
			}
			b.StopTimer()
			sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
			medians[r.name] = d[len(d)/2]
			b.ReportMetric(float64(d[len(d)/2].Microseconds()), "median-µs")
			b.ReportMetric(float64(d[min(len(d)-1, len(d)*99/100)].Microseconds()), "p99-µs")
			if base := medians["minimal"]; r.name != "minimal" && base > 0 {
				// how many times longer than the minimal program's start
				b.ReportMetric(float64(medians[r.name])/float64(base), "x-minimal")
			}
		})
	}
}

// benchTmux is a private tmux server that stays up until the benchmark
// ends, whatever the programs in it do.
type benchTmux struct {
	sock string
	n    int // sessions started, for unique names
}

func newBenchTmux(b *testing.B, sock string) *benchTmux {
	b.Helper()
	x := &benchTmux{sock: sock}
	// The keep-alive session starts the server; "cat" waits on its
	// terminal for ever. exit-empty off is a second guard.
	if out, err := x.tmux("new-session", "-d", "-s", "keepalive", "-x", "120", "-y", "40", "cat"); err != nil {
		b.Fatalf("start the tmux server: %v\n%s", err, out)
	}
	b.Cleanup(func() { _, _ = x.tmux("kill-server") })
	for _, opt := range [][]string{{"exit-empty", "off"}, {"remain-on-exit", "on"}} {
		if out, err := x.tmux(append([]string{"set-option", "-g"}, opt...)...); err != nil {
			b.Fatalf("tmux set-option %v: %v\n%s", opt, err, out)
		}
	}
	return x
}

func (x *benchTmux) tmux(args ...string) ([]byte, error) {
	return exec.Command("tmux", append([]string{"-S", x.sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
}

// firstFrame starts cmd in a new 120x40 session and returns how long it
// took until the screen showed want. The timer is stopped while the
// program is stopped and waited for.
func (x *benchTmux) firstFrame(b *testing.B, cmd, want string) time.Duration {
	b.Helper()
	x.n++
	sess := fmt.Sprintf("run%d", x.n)
	t0 := time.Now()
	if out, err := x.tmux("new-session", "-d", "-s", sess, "-x", "120", "-y", "40", cmd); err != nil {
		b.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	for {
		out, err := x.tmux("capture-pane", "-p", "-t", sess)
		if err != nil {
			b.Fatalf("tmux capture-pane: %v\n%s", err, out)
		}
		if strings.Contains(string(out), want) {
			break
		}
		if dead, _ := x.tmux("display-message", "-p", "-t", sess, "#{pane_dead}"); strings.TrimSpace(string(dead)) == "1" {
			b.Fatalf("%s exited before its first frame:\n%s", cmd, out)
		}
		if time.Since(t0) > 20*time.Second {
			b.Fatalf("no frame after 20s:\n%s", out)
		}
	}
	took := time.Since(t0)
	b.StopTimer()
	x.stop(b, sess)
	b.StartTimer()
	return took
}

// stop kills the session and waits until its program has exited, so that
// it has let go of the journal.
func (x *benchTmux) stop(b *testing.B, sess string) {
	b.Helper()
	out, err := x.tmux("display-message", "-p", "-t", sess, "#{pane_pid}")
	if err != nil {
		b.Fatalf("tmux display-message: %v\n%s", err, out)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		b.Fatalf("pane pid %q: %v", out, err)
	}
	if out, err := x.tmux("kill-session", "-t", sess); err != nil {
		b.Fatalf("tmux kill-session: %v\n%s", err, out)
	}
	deadline := time.Now().Add(20 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			b.Fatalf("process %d of session %s still runs 20s after kill-session", pid, sess)
		}
		time.Sleep(time.Millisecond)
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
