package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestE2ETmux drives the real binary in tmux: start on an empty journal,
// create a relationship, fill the foundation and a layer, quit, start
// again and find the text on screen. It is skipped when tmux is missing,
// unless CI is set: then it fails.
func TestE2ETmux(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI for the end-to-end test")
		}
		t.Skip("tmux is not installed")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mentorlog")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "journal.db")
	tx := newTmux(t, dir)

	tx.start(bin, db)
	tx.waitFor("Press n to add your first relationship")
	tx.keys("n")
	tx.waitFor("New relationship")
	tx.text("Grace Hopper")
	tx.keys("Tab")
	tx.text("Ada Lovelace")
	tx.keys("C-s")
	tx.waitFor("Relationship added")
	tx.keys("Enter")
	tx.waitFor("Layers")
	// The foundation: a shared value and where they meet.
	tx.keys("0")
	tx.waitFor("Shared values")
	tx.text("candour")
	for i := 0; i < 4; i++ {
		tx.keys("Tab")
	}
	tx.text("Cafe Lumen on Tuesdays")
	tx.keys("C-s")
	tx.waitFor("Foundation agreement saved")
	// Layer 2: the problem in one sentence.
	tx.keys("2")
	tx.waitFor("In one sentence")
	tx.text("Planning meetings end without decisions")
	tx.keys("C-s")
	tx.waitFor("Define the problem or skill saved")
	tx.keys("q")
	tx.waitExit()

	// Start again: the text is there.
	tx.start(bin, db)
	tx.waitFor("Ada Lovelace")
	tx.keys("Enter")
	tx.waitFor("2 Problem")
	tx.keys("2")
	tx.waitFor("Planning meetings end without decisions")
	tx.keys("Escape", "0")
	tx.waitFor("Cafe Lumen on Tuesdays")
	tx.waitFor("candour")
	tx.keys("Escape", "q")
	tx.waitExit()
}

type tmux struct {
	t       *testing.T
	socket  string
	session string
	dir     string
}

func newTmux(t *testing.T, dir string) *tmux {
	x := &tmux{t: t, socket: fmt.Sprintf("mentorlog-e2e-%d", os.Getpid()), session: "e2e", dir: dir}
	t.Cleanup(func() {
		exec.Command("tmux", "-L", x.socket, "kill-server").Run()
	})
	return x
}

func (x *tmux) run(args ...string) string {
	x.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-L", x.socket}, args...)...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	out, err := cmd.CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (x *tmux) start(bin, db string) {
	x.t.Helper()
	// HOME and the data dirs point into the test folder: nothing touches
	// the user's files. remain-on-exit lets waitExit see the end.
	env := fmt.Sprintf("HOME=%s XDG_DATA_HOME=%s TERM=xterm-256color", x.dir, x.dir)
	x.run("new-session", "-d", "-x", "120", "-y", "40", "-s", x.session,
		fmt.Sprintf("env %s %s --db %s; echo MENTORLOG-EXITED $?; sleep 30", env, bin, db))
}

func (x *tmux) keys(keys ...string) {
	x.t.Helper()
	for _, k := range keys {
		x.run("send-keys", "-t", x.session, k)
	}
}

// text types literally.
func (x *tmux) text(s string) {
	x.t.Helper()
	x.run("send-keys", "-t", x.session, "-l", s)
}

func (x *tmux) screen() string {
	return x.run("capture-pane", "-p", "-t", x.session)
}

func (x *tmux) waitFor(want string) {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := x.screen()
		if strings.Contains(s, want) {
			return
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("%q did not appear within 10s; the screen:\n%s", want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (x *tmux) waitExit() {
	x.t.Helper()
	x.waitFor("MENTORLOG-EXITED 0")
	x.run("kill-session", "-t", x.session)
}
