package tui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
	"mentorlog/store"
)

// The end-to-end tests run the real binary in a private tmux server and
// read its screen, as a person would. They are skipped when tmux is
// missing, unless CI is set: then they fail.

// tmux drives the built binary on a journal in the test's folder.
type tmux struct {
	t    *testing.T
	sock string
	bin  string
	db   string
	home string
	env  []string // more NAME=value for the app
}

func newTmux(t *testing.T) *tmux {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI for the end-to-end tests")
		}
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	x := &tmux{t: t, sock: filepath.Join(dir, "tmux.sock"), bin: filepath.Join(dir, "mentorlog"),
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
	// A session that stays, so the server outlives the app's session when
	// a test ends that one (a closed terminal): starting the next one then
	// never races a server on its way out.
	x.run("-f", "/dev/null", "new-session", "-d", "-s", "keepalive", "cat")
	return x
}

func (x *tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", x.sock}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// cli runs a mentorlog command on the journal and returns its output.
func (x *tmux) cli(args ...string) string {
	x.t.Helper()
	c := exec.Command(x.bin, append([]string{"--db", x.db}, args...)...)
	c.Env = append(os.Environ(), "HOME="+x.home, "XDG_DATA_HOME="+x.home, "NO_COLOR=1")
	out, err := c.CombinedOutput()
	if err != nil {
		x.t.Fatalf("mentorlog %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// load imports relationships into the journal, as a user would.
func (x *tmux) load(fs ...model.Full) {
	x.t.Helper()
	b, err := json.Marshal(model.NewArchive(fs, time.Now(), false))
	if err != nil {
		x.t.Fatal(err)
	}
	arch := filepath.Join(x.t.TempDir(), "load.json")
	if err := os.WriteFile(arch, b, 0o600); err != nil {
		x.t.Fatal(err)
	}
	x.cli("import", arch)
}

// start opens the app in a fresh 120x40 window. HOME and the data folder
// point into the test's folder: nothing touches the user's files. When
// the app ends, the window says how, for waitExit.
func (x *tmux) start() {
	x.t.Helper()
	x.startSized(120, 40)
}

// startSized is start in a window of w columns and h lines from the
// first frame on.
func (x *tmux) startSized(w, h int) {
	x.t.Helper()
	x.shell(w, h, "", "")
}

// shell runs the app, or a command when args are given, in a window of w
// columns and h lines, with pipe the shell's words before it ("cat F |").
func (x *tmux) shell(w, h int, pipe, args string) {
	x.t.Helper()
	cmd := fmt.Sprintf("%s env HOME=%s XDG_DATA_HOME=%s TERM=tmux-256color %s %s --db %s %s; echo MENTORLOG-EXITED $?; sleep 30",
		pipe, x.home, x.home, strings.Join(x.env, " "), x.bin, x.db, args)
	x.run("new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "-s", "e2e", cmd)
	x.run("set-option", "-g", "escape-time", "0")
}

// keys sends tmux key names (Enter, Escape, NPage, C-f, …), each in one
// send-keys: a name tmux does not know is typed as text.
func (x *tmux) keys(ks ...string) {
	x.t.Helper()
	for _, k := range ks {
		x.run("send-keys", "-t", "e2e", k)
	}
}

// burst sends keys in one send-keys, so they arrive together, as when
// typing ahead of a busy app or over a slow link.
func (x *tmux) burst(ks ...string) {
	x.t.Helper()
	x.run(append([]string{"send-keys", "-t", "e2e"}, ks...)...)
}

// text types s literally, in one write.
func (x *tmux) text(s string) {
	x.t.Helper()
	x.run("send-keys", "-t", "e2e", "-l", s)
}

func (x *tmux) screen() string {
	out, _ := exec.Command("tmux", "-S", x.sock, "capture-pane", "-p", "-t", "e2e").CombinedOutput()
	return string(out)
}

// wait waits until the screen shows every one of wants.
func (x *tmux) wait(wants ...string) {
	x.t.Helper()
	x.until(fmt.Sprintf("the screen to show %q", wants), func() bool {
		s := x.screen()
		for _, w := range wants {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// until polls ok; the limit bounds a hang on a loaded machine, it does
// not measure speed.
func (x *tmux) until(what string, ok func() bool) {
	x.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			x.t.Fatalf("waited 20s for %s; the screen:\n%s", what, x.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// addRelationship adds the mentee Grace Hopper's relationship with Ada
// Lovelace from the dashboard, and opens it.
func (x *tmux) addRelationship() {
	x.t.Helper()
	x.keys("n")
	x.wait("New relationship")
	x.text("Grace Hopper")
	x.keys("Tab")
	x.text("Ada Lovelace")
	x.keys("C-s")
	x.wait("Relationship added")
	x.keys("Enter")
	x.wait("Layers")
}

// waitExit waits for the app to end with status 0.
func (x *tmux) waitExit() {
	x.t.Helper()
	x.wait("MENTORLOG-EXITED 0")
	x.run("kill-session", "-t", "e2e")
}

// TestE2ETmux drives the real binary in tmux: start on an empty journal,
// create a relationship, fill the foundation and a layer, quit, start
// again and find the text on screen. It is skipped when tmux is missing,
// unless CI is set: then it fails.
func TestE2ETmux(t *testing.T) {
	tx := newTmux(t)
	tx.start()
	tx.wait("Press n to add your first relationship")
	tx.addRelationship()
	// The foundation: a shared value and where they meet.
	tx.keys("0")
	tx.wait("Shared values")
	tx.text("candour")
	for i := 0; i < 4; i++ {
		tx.keys("Tab")
	}
	tx.text("Cafe Lumen on Tuesdays")
	tx.keys("C-s")
	tx.wait("Foundation agreement saved")
	// Layer 2: the problem in one sentence.
	tx.keys("2")
	tx.wait("In one sentence")
	tx.text("Planning meetings end without decisions")
	tx.keys("C-s")
	tx.wait("Define the problem or skill saved")
	tx.keys("q")
	tx.waitExit()

	// Start again: the text is there.
	tx.start()
	tx.wait("Ada Lovelace")
	tx.keys("Enter")
	tx.wait("2 Problem")
	tx.keys("2")
	tx.wait("Planning meetings end without decisions")
	// esc and the next key in one read: the key reaches the screen
	// below, never the form being left (no stray "0", no false question).
	tx.burst("Escape", "0")
	tx.wait("Cafe Lumen on Tuesdays")
	if strings.Contains(tx.screen(), "Discard unsaved changes") {
		t.Fatalf("leaving an unchanged form asked to discard:\n%s", tx.screen())
	}
	tx.wait("candour")
	tx.keys("Escape", "q")
	tx.waitExit()
}

// TestE2ELoop holds a session in the real app, answers the questions,
// adds a follow-up, quits, reopens and finds the follow-up on the
// dashboard and in `mentorlog due`; then both parties sign the agreement
// and both signatures are there after a restart.
func TestE2ELoop(t *testing.T) {
	x := newTmux(t)
	f := loopSample()
	x.load(f)

	x.start()
	x.wait("Grace Hopper", "2 follow-ups open")
	x.keys("Enter")
	x.wait("Sessions")
	x.keys("s")
	x.wait("2 sessions, 2 ended")
	x.keys("n")
	x.wait("Open follow-ups from earlier meetings")
	x.keys("x", "o", "NPage")
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
	x.keys("Escape", "NPage")
	x.wait("ends the session")
	x.keys("C-f") // to Finish, then end
	x.wait("▸ Finish")
	x.keys("C-f")
	x.wait("Session saved: 1 new follow-up", "3 sessions, 3 ended")
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
	x.keys("Escape", "p")
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

// signal sends sig to the running app and reports the exit line.
func (x *tmux) signal(sig string) {
	x.t.Helper()
	if out, err := exec.Command("pkill", "-"+sig, "-f", "^"+x.bin+" --db").CombinedOutput(); err != nil {
		x.t.Fatalf("pkill -%s: %v\n%s", sig, err, out)
	}
}

// waitGone waits until no mentorlog process of this test runs: a signal
// ends the app within a second and releases the journal.
func (x *tmux) waitGone() {
	x.t.Helper()
	x.until("the app to end", func() bool {
		return exec.Command("pgrep", "-f", "^"+x.bin+" --db").Run() != nil
	})
}

// TestE2EDraftsSurviveSignals types into a form and ends the app each way
// a person's session can end without saving: SIGTERM, the terminal
// closing (SIGHUP) and a crash (SIGKILL, after typing paused). Each time
// the app ends within seconds, the journal opens again, and the text is
// put back.
func TestE2EDraftsSurviveSignals(t *testing.T) {
	x := newTmux(t)
	x.start()
	x.wait("Press n to add your first relationship")
	x.addRelationship()

	for i, end := range []string{"TERM", "HUP", "KILL"} {
		word := fmt.Sprintf("draftword%d", i)
		x.keys("3")
		x.wait("Meaning and impact")
		x.text(word)
		x.wait(word)
		switch end {
		case "HUP":
			// The terminal goes away: tmux hangs up on the app.
			x.run("kill-session", "-t", "e2e")
		case "KILL":
			// Typing paused: wait until the draft is in the journal (seen in a
			// backup, which works while the app has it open), then crash.
			copyPath := filepath.Join(x.t.TempDir(), "copy.db")
			x.until("the draft to be written", func() bool {
				x.cli("backup", copyPath)
				b, _ := os.ReadFile(copyPath)
				return strings.Contains(string(b), word)
			})
			x.signal(end)
		default:
			x.signal(end)
		}
		if end != "HUP" {
			x.wait("MENTORLOG-EXITED")
			x.run("kill-session", "-t", "e2e")
		}
		x.waitGone()
		// The lock is free again and the text is put back.
		x.start()
		x.wait("Ada Lovelace")
		x.keys("Enter")
		x.wait("Layers")
		x.keys("3")
		x.wait(word, "Put back what you typed here on") // asked nothing: put back
		x.keys("C-s")
		x.wait("Meaning and impact saved")
	}
	x.keys("q")
	x.waitExit()
	out := x.cli("export", "--format", "markdown")
	for i := range 3 {
		if w := fmt.Sprintf("draftword%d", i); !strings.Contains(out, w) {
			t.Errorf("%s was lost:\n%s", w, out)
		}
	}
}

// TestE2EEditorLeavesNoText writes a layer's text in $VISUAL from the
// real app: the text goes to a private file in $XDG_RUNTIME_DIR, comes
// back, and the file is gone when the editor exits; killed (-9) with the
// editor open, the app leaves it, and its next start removes it.
func TestE2EEditorLeavesNoText(t *testing.T) {
	x := newTmux(t)
	dir := t.TempDir()
	runtimeDir, record, hold := filepath.Join(dir, "run"), filepath.Join(dir, "record"), filepath.Join(dir, "hold")
	script := filepath.Join(dir, "editor.sh")
	mustWrite := func(path, text string, mode os.FileMode) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(runtimeDir, 0o700); err != nil {
		t.Fatal(err)
	}
	// The editor writes down the file it got, and adds to it; while hold
	// exists it stays open first, as a person still typing.
	mustWrite(script, fmt.Sprintf("#!/bin/sh\necho \"$1\" > %s.tmp && mv %s.tmp %s\nwhile [ -e %s ]; do sleep 0.1; done\nprintf ' from the editor\\n' >> \"$1\"\n",
		record, record, record, hold), 0o700)
	defer exec.Command("pkill", "-f", script).Run()
	x.env = []string{"XDG_RUNTIME_DIR=" + runtimeDir, "VISUAL=" + script}
	edited := func() string {
		t.Helper()
		var path string
		x.until("the editor to start", func() bool {
			b, _ := os.ReadFile(record)
			path = strings.TrimSpace(string(b))
			return path != ""
		})
		os.Remove(record)
		return path
	}
	x.start()
	x.wait("Press n to add your first relationship")
	x.addRelationship()
	x.keys("3")
	x.wait("Meaning and impact")
	x.text("typed here")
	x.keys("C-e")
	path := edited()
	x.wait("typed here from the editor")
	folder := filepath.Dir(path)
	if filepath.Dir(folder) != runtimeDir {
		t.Errorf("the editor's file is %s, want it in $XDG_RUNTIME_DIR %s", path, runtimeDir)
	}
	if _, err := os.Stat(folder); !os.IsNotExist(err) {
		t.Errorf("the editor's folder is still there after the editor exited: %v", err)
	}

	mustWrite(hold, "", 0o600)
	x.keys("C-e")
	path = edited()
	fi, err := os.Stat(filepath.Dir(path))
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("the editor's folder: %v, %v; want mode 0700", fi, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the editor's file: %v, %v; want mode 0600", fi, err)
	}
	x.signal("KILL")
	x.wait("MENTORLOG-EXITED")
	x.run("kill-session", "-t", "e2e")
	x.waitGone()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("a killed app cannot remove its editor's file, yet it is gone: %v", err)
	}
	os.Remove(hold) // the editor ends too
	x.start()
	x.wait("Ada Lovelace")
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("the next start left the killed app's editor folder: %v", err)
	}
	x.keys("q")
	x.waitExit()
}

// TestE2EBurst types ahead in the real terminal: "jjj" in one write moves
// the cursor three rows, a paste off a field runs no keys, and a
// multi-line paste into a note is saved as pasted.
func TestE2EBurst(t *testing.T) {
	x := newTmux(t)
	x.load(people(5, "Burst Person", 200)...)
	x.start()
	x.wait("Burst Person 4")
	x.text("jjj")
	x.wait("▸ Burst Person 3")
	// Pasted off a text field, "jjq" is not three keys (it would quit):
	// it runs nothing and says where pasting works.
	x.run("set-buffer", "jjq")
	x.run("paste-buffer", "-p", "-t", "e2e")
	x.wait("Paste into a text field")
	x.wait("▸ Burst Person 3")
	x.keys("Enter")
	x.wait("Layers")
	x.keys("3")
	x.wait("Meaning and impact")
	// A bracketed paste (-p: the app asked for it), as a terminal sends
	// one: the text arrives whole, as one paste.
	x.run("set-buffer", "first pasted line\nsecond pasted line")
	x.run("paste-buffer", "-p", "-t", "e2e")
	x.wait("second pasted line")
	x.keys("C-s")
	x.wait("Meaning and impact saved")
	x.keys("q")
	x.waitExit()
	if out := x.cli("export", "--format", "json"); !strings.Contains(out, `first pasted line\nsecond pasted line`) {
		t.Fatalf("the paste was not saved as pasted:\n%s", out)
	}
}

// row is the screen line that starts (after spaces) with prefix.
func row(screen, prefix string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), prefix) {
			return l
		}
	}
	return ""
}

// TestE2EHeatMap holds a session in the real binary, marks the layers it
// worked on in its last step, and sees the journey's heat map change.
func TestE2EHeatMap(t *testing.T) {
	x := newTmux(t)
	x.load(journeySample())
	x.start()
	x.wait("Grace Hopper")
	x.keys("Enter")
	x.wait("v Journey")
	x.keys("v")
	x.wait("Layers worked on, by month", "3 Meaning", "Layer 3 (Meaning and impact) has not been worked on")
	// The terminal is redrawn cell by cell: poll until the row is whole
	// (a blank cell for each of the 13 months or more since March 2025).
	x.until("layer 3's row, blank all along", func() bool {
		r := row(x.screen(), "3 Meaning")
		return strings.Count(r, "·") >= 13 && !strings.ContainsAny(r, "░▒▓█")
	})
	x.keys("Escape")
	x.wait("v Journey")
	x.keys("s")
	x.wait("Sessions")
	x.keys("n")
	x.keys("NPage")
	x.wait("Nothing planned: ←/→ on Topic offers topics for your stage")
	x.keys("Tab", "Tab", "Right")
	x.wait("suggested: ")
	x.keys("Left")
	x.keys("NPage")
	x.wait("Private notes")
	x.text("Why the talk matters to the team")
	x.keys("NPage", "NPage", "NPage")
	x.wait("Layers worked on", "■ 4 Commit") // nothing else said: the current layer
	x.keys("3")
	x.wait("■ 3 Meaning")
	x.keys("C-f") // to Finish, then end
	x.wait("▸ Finish")
	x.keys("C-f")
	x.wait("Session saved")
	x.keys("Escape")
	x.wait("v Journey")
	x.keys("v")
	x.wait("Layers worked on, by month")
	x.until("the session's layer 3 on the heat map, and no longer left alone", func() bool {
		s := x.screen()
		return strings.Contains(row(s, "3 Meaning"), "░░") && !strings.Contains(s, "Layer 3 (Meaning and impact) has not been worked on")
	})
	x.keys("q")
	x.waitExit()
}

// TestE2EWideScripts opens a journal whose names and texts are in Hindi,
// Tamil and Thai, with emoji with skin tones, in a real 80-column
// terminal: the header keeps its right end (the journal's file name) on
// screen, on every screen visited, and list rows keep their right column.
// Before the app measured text as the terminal draws it, a Hindi name
// pushed both off the screen.
func TestE2EWideScripts(t *testing.T) {
	x := newTmux(t)
	x.load(withWideScripts(loopSample()))
	x.startSized(80, 24)
	x.wait("1 relationship")
	header := func(where string) {
		t.Helper()
		x.until(where+": the header's right end on screen", func() bool {
			first, _, _ := strings.Cut(x.screen(), "\n")
			return strings.HasSuffix(strings.TrimRight(first, " "), "journal.db")
		})
	}
	header("dashboard")
	// The name is on screen and the row after it ends where it should: a
	// width the terminal and the app disagree on (an emoji joined by a
	// zero-width joiner, in tmux) garbled both.
	x.wait("தமிழ் செல்வி", "2 overdue\n")
	// Redraws after the first frame are where a width the renderer got
	// wrong shows: its cursor is no longer where the terminal's is, and
	// what it draws over the last frame lands off by those cells.
	for range 3 {
		x.keys("Enter")
		x.wait("you are the")
		header("relationship")
		x.keys("Escape")
		x.wait("1 relationship")
		header("dashboard again")
		x.wait("தமிழ் செல்வி", "2 overdue\n")
	}
	x.keys("Enter")
	x.wait("you are the")
	header("relationship")
	x.keys("s")
	x.wait("Sessions with")
	header("sessions")
	x.until("every session row to keep its right column", func() bool {
		n := 0
		for _, l := range strings.Split(x.screen(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "2026-") || strings.HasPrefix(strings.TrimSpace(l), "▸ 2026-") {
				if !strings.HasSuffix(strings.TrimRight(l, " "), "ended") && !strings.Contains(l, "in progre") {
					return false
				}
				n++
			}
		}
		return n > 0
	})
	x.keys("Escape", "g")
	x.wait("Goals")
	header("goals")
}

// editPlan changes the plan of relationship id in the journal at path
// with the store itself, as the other laptop's app would.
func editPlan(t *testing.T, path string, id model.ID, fn func(p *model.Plan)) {
	t.Helper()
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.UpdatePlan(context.Background(), id, func(_ model.Relationship, p *model.Plan) error { fn(p); return nil }); err != nil {
		t.Fatal(err)
	}
}

// TestE2EResolveConflict: the mentor's journal and the mentee's exchange
// bundles with the built binary; both changed the problem statement in
// the meantime, so the mentee's app shows a conflict with both texts. The
// mentee keeps one in the app; the choice travels back, and both journals
// end with it and no conflict.
func TestE2EResolveConflict(t *testing.T) {
	x := newTmux(t)
	f := loopSample()
	mentor := filepath.Join(t.TempDir(), "mentor.db")
	arch := filepath.Join(t.TempDir(), "mentor.json")
	b, err := json.Marshal(model.NewArchive([]model.Full{f}, time.Now(), false))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(arch, b, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	x.cli("--db", mentor, "import", arch)
	rcpt := strings.TrimSpace(x.cli("id"))
	x.cli("--db", mentor, "share", "grace", "--to", rcpt, "-o", filepath.Join(dir, "first.bundle"))
	if out := x.cli("receive", filepath.Join(dir, "first.bundle")); !strings.Contains(out, "Added your relationship with Ada Lovelace (mentor)") {
		t.Fatalf("first receive said:\n%s", out)
	}
	editPlan(t, mentor, f.Rel.ID, func(p *model.Plan) { p.Problem.Statement = "Speak up in design reviews" })
	editPlan(t, x.db, f.Rel.ID, func(p *model.Plan) { p.Problem.Statement = "Lead the parser design review" })
	x.cli("--db", mentor, "share", "grace", "-o", filepath.Join(dir, "second.bundle"))
	if out := x.cli("receive", filepath.Join(dir, "second.bundle")); !strings.Contains(out, "1 conflict to resolve") {
		t.Fatalf("second receive said:\n%s", out)
	}

	x.start()
	x.wait("Ada Lovelace")
	x.keys("Enter")
	x.wait("E Exchange · 1 conflict")
	x.keys("E")
	x.wait("Exchanges with Ada Lovelace's journal", "1 conflict", "Layer 2 (the problem) · statement")
	x.keys("Enter")
	x.wait("Speak up in design reviews", "Lead the parser design review", "you, ")
	scr := x.screen()
	first := "Speak up in design reviews"
	if strings.Index(scr, "Lead the parser design review") < strings.Index(scr, first) {
		first = "Lead the parser design review"
	}
	x.keys("1")
	x.wait("Kept version 1", "No conflicts")
	x.keys("Escape")
	x.wait("E Exchange · last")
	x.keys("q")
	x.waitExit()

	x.cli("share", "ada", "-o", filepath.Join(dir, "back.bundle"))
	if out := x.cli("--db", mentor, "receive", filepath.Join(dir, "back.bundle")); !strings.Contains(out, "1 updated") {
		t.Fatalf("the mentor's receive said:\n%s", out)
	}
	for _, p := range []string{mentor, x.db} {
		st, err := store.Open(p, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.LoadFull(context.Background(), f.Rel.ID)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := st.Exchange(context.Background(), f.Rel.ID)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got.Plan.Problem.Statement != first || len(ex.Conflicts) != 0 {
			t.Errorf("%s: statement %q with %d conflicts; want %q and none", filepath.Base(p), got.Plan.Problem.Statement, len(ex.Conflicts), first)
		}
	}
}

// TestE2EEncryptedJournal encrypts a new journal from its welcome screen,
// writes a session in it, quits, and opens it again: a wrong passphrase
// is asked again, the right one opens it, and the file holds none of the
// text.
func TestE2EEncryptedJournal(t *testing.T) {
	x := newTmux(t)
	x.start()
	x.wait("Press n to add your first relationship", "Press P to encrypt it")
	x.keys("P")
	x.wait("Encrypt the journal", "Passphrase")
	x.text("tuesday lantern")
	x.keys("Tab")
	x.text("tuesday lantern")
	x.wait("***************")
	if strings.Contains(x.screen(), "tuesday") {
		t.Fatalf("the passphrase is on screen:\n%s", x.screen())
	}
	x.keys("C-s")
	x.wait("Recovery key", "AGE-SECRET-KEY-1")
	x.keys("Enter")
	x.wait("It is encrypted")
	x.addRelationship()
	x.keys("s")
	x.wait("Sessions")
	x.keys("n")
	x.wait("No follow-ups were open")
	x.keys("NPage")
	x.wait("Free topic")
	x.keys("NPage")
	x.wait("Private notes")
	x.text("Quokkasecret rehearsal plan")
	x.keys("NPage")
	x.wait("What was useful in today")
	x.text("Practising aloud")
	x.keys("NPage", "NPage")
	x.wait("ends the session")
	x.keys("C-f") // to Finish, then end
	x.wait("▸ Finish")
	x.keys("C-f")
	x.wait("Session saved")
	x.keys("q")
	x.waitExit()

	raw, err := os.ReadFile(x.db)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Quokkasecret", "quokkasecret", "Practising aloud", "Ada Lovelace", "Grace Hopper"} {
		if strings.Contains(string(raw), w) {
			t.Errorf("the encrypted journal file holds %q", w)
		}
	}

	x.start()
	x.wait("Passphrase of")
	x.text("monday lantern")
	x.keys("Enter")
	x.wait("wrong passphrase", "try again")
	x.text("tuesday lantern")
	x.keys("Enter")
	x.wait("Ada Lovelace")
	x.keys("Enter")
	x.wait("Layers")
	x.keys("s")
	x.wait("1 session")
	x.keys("q")
	x.waitExit()

	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte("tuesday lantern\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := x.cli("--passphrase-file", pass, "export", "--format", "markdown"); !strings.Contains(out, "Quokkasecret rehearsal plan") {
		t.Errorf("the export lacks the session's private notes:\n%s", out)
	}

	// A file fed on stdin: the passphrase is asked on the terminal all the
	// same (it said there was no terminal to ask on).
	exp := filepath.Join(t.TempDir(), "export.json")
	x.cli("--passphrase-file", pass, "export", "-o", exp)
	x.shell(100, 30, "cat "+exp+" |", "import -")
	x.wait("Passphrase of")
	x.text("tuesday lantern")
	x.keys("Enter")
	x.wait("nothing new")
	x.waitExit()
}
