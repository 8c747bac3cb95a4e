package tui

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

// loopTmux drives the real mentorlog binary in a private tmux server.
type loopTmux struct {
	t    *testing.T
	sock string
	bin  string
	db   string
	home string
}

func newLoopTmux(t *testing.T) *loopTmux {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	x := &loopTmux{t: t, sock: filepath.Join(dir, "tmux.sock"), bin: filepath.Join(dir, "mentorlog"),
		db: filepath.Join(dir, "journal.db"), home: filepath.Join(dir, "home")}
	if err := os.MkdirAll(x.home, 0o700); err != nil {
		t.Fatal(err)
	}
	build := exec.Command("go", "build", "-o", x.bin, "mentorlog")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build mentorlog: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", x.sock, "kill-server").Run() })
	return x
}

// cli runs a mentorlog command and returns its output.
func (x *loopTmux) cli(args ...string) string {
	x.t.Helper()
	c := exec.Command(x.bin, append([]string{"--db", x.db}, args...)...)
	c.Env = append(os.Environ(), "HOME="+x.home, "XDG_DATA_HOME="+x.home, "NO_COLOR=1")
	out, err := c.CombinedOutput()
	if err != nil {
		x.t.Fatalf("mentorlog %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start opens the app in a fresh tmux window of 120x40.
func (x *loopTmux) start() {
	x.t.Helper()
	cmd := "env HOME=" + x.home + " XDG_DATA_HOME=" + x.home + " TERM=tmux-256color " + x.bin + " --db " + x.db
	if out, err := exec.Command("tmux", "-S", x.sock, "new-session", "-d", "-x", "120", "-y", "40", cmd).CombinedOutput(); err != nil {
		x.t.Fatalf("tmux: %v\n%s", err, out)
	}
	_ = exec.Command("tmux", "-S", x.sock, "set-option", "-g", "escape-time", "0").Run()
}

func (x *loopTmux) screen() string {
	out, _ := exec.Command("tmux", "-S", x.sock, "capture-pane", "-p").CombinedOutput()
	return string(out)
}

// wait waits until the screen shows every one of wants.
func (x *loopTmux) wait(wants ...string) {
	x.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := x.screen()
		ok := true
		for _, w := range wants {
			if !strings.Contains(s, w) {
				ok = false
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("the screen never showed %q:\n%s", wants, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// keys sends tmux key names (Enter, Escape, NPage, C-f, …) one by one.
func (x *loopTmux) keys(ks ...string) {
	x.t.Helper()
	for _, k := range ks {
		if out, err := exec.Command("tmux", "-S", x.sock, "send-keys", k).CombinedOutput(); err != nil {
			x.t.Fatalf("send-keys %s: %v\n%s", k, err, out)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// text types literal text.
func (x *loopTmux) text(s string) {
	x.t.Helper()
	if out, err := exec.Command("tmux", "-S", x.sock, "send-keys", "-l", s).CombinedOutput(); err != nil {
		x.t.Fatalf("send-keys: %v\n%s", err, out)
	}
	time.Sleep(60 * time.Millisecond)
}

// waitExit waits for the app to quit (the tmux session ends with it).
func (x *loopTmux) waitExit() {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for exec.Command("tmux", "-S", x.sock, "has-session").Run() == nil {
		if time.Now().After(deadline) {
			x.t.Fatalf("the app did not quit:\n%s", x.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestE2ELoop holds a session in the real app, answers the questions,
// adds a follow-up, quits, reopens and finds the follow-up on the
// dashboard and in `mentorlog due`; then both parties sign the agreement
// and both signatures are there after a restart.
func TestE2ELoop(t *testing.T) {
	x := newLoopTmux(t)
	f := loopSample()
	b, err := json.Marshal(model.NewArchive([]model.Full{f}, loopNow, false))
	if err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "sample.json")
	if err := os.WriteFile(arch, b, 0o600); err != nil {
		t.Fatal(err)
	}
	x.cli("import", arch)

	x.start()
	x.wait("Grace Hopper", "2 follow-ups open")
	x.keys("Enter")
	x.wait("Sessions")
	x.keys("s")
	x.wait("2 sessions, 2 ended")
	x.keys("n")
	x.wait("Follow-ups open from earlier meetings")
	x.keys("d", "c", "NPage")
	x.wait("Today's topic")
	x.keys("NPage")
	x.wait("Private notes")
	x.text("Practised the feedback talk")
	x.keys("NPage")
	x.wait("What was useful in today")
	x.text("The role play")
	x.keys("Tab")
	x.text("Ask for feedback twice a week")
	x.keys("NPage")
	x.wait("add a follow-up")
	x.keys("n")
	x.text("E2E ask two seniors")
	x.keys("Tab", "Tab", "C-u")
	x.text("today")
	x.keys("Enter")
	x.wait("E2E ask two seniors")
	x.keys("Escape")
	time.Sleep(100 * time.Millisecond)
	x.keys("NPage")
	x.wait("enter ends the session")
	x.keys("C-f")
	x.wait("Session saved: 1 follow-up", "3 sessions, 3 ended")
	x.keys("q")
	x.waitExit()

	due := x.cli("due")
	if !strings.Contains(due, "E2E ask two seniors") {
		t.Fatalf("mentorlog due does not list the new follow-up:\n%s", due)
	}

	x.start()
	// One reviewed as done, one carried over, one new: two open.
	x.wait("Grace Hopper", "2 follow-ups open")
	x.keys("Enter")
	x.wait("Sessions")
	x.keys("f")
	x.wait("E2E ask two seniors", "due today")
	x.keys("Escape")
	time.Sleep(100 * time.Millisecond)
	x.keys("p")
	x.wait("PAIR VIEW")
	x.keys("m")
	x.wait("Signing as the mentor")
	x.text("Ada Lovelace")
	x.keys("Enter")
	x.wait("Signed by Ada Lovelace")
	x.keys("M")
	x.wait("Signing as the mentee")
	x.text("Grace Hopper")
	x.keys("Enter")
	x.wait("Both of you signed")
	if strings.Contains(x.screen(), privatePhrase) {
		t.Fatalf("pair view shows a private note:\n%s", x.screen())
	}
	x.keys("q")
	x.waitExit()

	x.start()
	x.wait("Grace Hopper")
	x.keys("Enter")
	x.wait("Sessions")
	x.keys("p")
	x.wait("PAIR VIEW", `typed name: "Ada Lovelace"`, `typed name: "Grace Hopper"`, "Both of you signed")
	x.keys("q")
	x.waitExit()
}
