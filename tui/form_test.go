package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func testDeps(j Journal) deps { return deps{j: j, styles: newStyles(), now: coreClock} }

func TestFormBasics(t *testing.T) {
	f := newForm(testDeps(nil),
		infoField("info", "Info", func() []string { return []string{"read only"} }),
		lineField("title", "Title", "old"),
		listField("items", "Items", []string{"a", " ", "b"}),
		choiceField("status", "Status", []string{"open", "done"}, "done"),
		dateField("due", "Due", day(2026, 12, 1)),
	)
	f.SetSize(60, 20)
	f.Focus()
	if f.focused().key != "title" {
		t.Fatalf("focus on %q, want the first editable field", f.focused().key)
	}
	if f.Dirty() {
		t.Fatal("dirty before any edit")
	}
	act, _ := f.Update(keyMsg("x"))
	if act != formNone || f.Value("title") != "oldx" || !f.Dirty() {
		t.Fatalf("typing: act %v value %q", act, f.Value("title"))
	}
	f.Update(keyMsg("backspace"))
	if f.Dirty() {
		t.Fatal("dirty after undoing the edit")
	}
	f.Update(keyMsg("tab"))
	if got := f.List("items"); strings.Join(got, ",") != "a,b" {
		t.Fatalf("list %v", got)
	}
	f.Update(keyMsg("tab"))
	f.Update(keyMsg("right"))
	if f.Choice("status") != "open" {
		t.Fatalf("choice %q", f.Choice("status"))
	}
	f.Update(keyMsg("shift+tab"))
	f.Update(keyMsg("shift+tab"))
	f.Update(keyMsg("shift+tab")) // wraps past the info field
	if f.focused().key != "due" {
		t.Fatalf("shift+tab wrap landed on %q", f.focused().key)
	}
	if a, _ := f.Update(keyMsg("ctrl+s")); a != formSave {
		t.Fatal("ctrl+s is not save")
	}
	if a, _ := f.Update(keyMsg("esc")); a != formCancel {
		t.Fatal("esc is not cancel")
	}
	d, err := f.Date("due")
	if err != nil || !d.Equal(day(2026, 12, 1)) {
		t.Fatalf("date %v %v", d, err)
	}
	f.MarkSaved()
	if f.Dirty() {
		t.Fatal("dirty after MarkSaved")
	}
}

func TestFormErrorsNextToFields(t *testing.T) {
	f := newForm(testDeps(nil),
		lineField("title", "Title", ""),
		listField("trust.stories", "Stories", nil),
		dateField("due", "Due", day(2026, 1, 1)),
	)
	f.SetSize(70, 20)
	f.Focus()
	err := model.Problems{
		{Field: "title", Reason: "required"},
		{Field: "trust.stories[2].story", Reason: "required"},
		{Field: "elsewhere", Reason: "broken"},
	}
	if !f.SetErrors(err) {
		t.Fatal("SetErrors reported nothing")
	}
	v := f.View()
	for _, want := range []string{"! required", "! [2].story: required", "elsewhere: broken"} {
		if !strings.Contains(v, want) {
			t.Fatalf("view lacks %q:\n%s", want, v)
		}
	}
	// Typing in a field clears its error.
	f.Update(keyMsg("a"))
	if f.Field("title").err != "" {
		t.Fatal("error kept after typing")
	}
	if f.SetErrors(nil) {
		t.Fatal("SetErrors(nil) reported errors")
	}
	f.SetValue("due", "next year")
	if _, err := f.Date("due"); err == nil || !strings.Contains(err.Error(), "is not a date") {
		t.Fatalf("bad date: %v", err)
	}
}

func TestFormLongTextNoLineLimit(t *testing.T) {
	f := newForm(testDeps(nil), textField("notes", "Notes", ""))
	f.SetSize(60, 20)
	f.Focus()
	for i := 0; i < 150; i++ { // past the textarea's default 99 lines
		f.Update(keyMsg(fmt.Sprint(i % 10)))
		f.Update(keyMsg("enter"))
	}
	if n := strings.Count(f.Value("notes"), "\n"); n != 150 {
		t.Fatalf("%d newlines, want 150", n)
	}
	f.View()
}

func TestBigTextWindow(t *testing.T) {
	lines := make([]string, 500)
	for i := range lines {
		lines[i] = fmt.Sprintf("line %03d", i)
	}
	orig := strings.Join(lines, "\n")
	b := newBigText(newStyles())
	b.SetSize(60, 10)
	b.SetValue(orig)
	b.Focus()
	if b.Value() != orig {
		t.Fatal("value changed by SetValue")
	}
	if b.ta.LineCount() >= 500 {
		t.Fatalf("the textarea holds %d lines: no window", b.ta.LineCount())
	}
	// Go to the top, walk down through every line, type a mark on each
	// 50th: the whole text must come back intact with the marks.
	b.Update(keyMsg("ctrl+home"))
	if r, c := b.Cursor(); r != 0 || c != 0 {
		t.Fatalf("ctrl+home at %d,%d", r, c)
	}
	for i := 0; i < 499; i++ {
		if i%50 == 0 {
			b.Update(keyMsg("end"))
			b.Update(keyMsg("*"))
		}
		b.Update(keyMsg("down"))
		if r, _ := b.Cursor(); r != i+1 {
			t.Fatalf("after %d downs the cursor is on line %d", i+1, r)
		}
		if !strings.Contains(shown(b.View()), fmt.Sprintf("line %03d", i+1)) {
			t.Fatalf("line %d not on screen", i+1)
		}
	}
	// Join lines across the window edges with backspace at line start.
	b.Update(keyMsg("ctrl+home"))
	for i := 0; i < 60; i++ {
		b.Update(keyMsg("down"))
	}
	b.Update(keyMsg("home"))
	b.Update(keyMsg("backspace"))
	want := make([]string, 0, 500)
	for i, l := range lines {
		if i%50 == 0 {
			l += "*"
		}
		want = append(want, l)
	}
	want[59] += want[60]
	want = append(want[:60], want[61:]...)
	if got := b.Value(); got != strings.Join(want, "\n") {
		t.Fatalf("text damaged:\n%s", diffFirst(got, strings.Join(want, "\n")))
	}
	// Up all the way back keeps the cursor on screen.
	for i := 0; i < 59; i++ {
		b.Update(keyMsg("up"))
	}
	if r, _ := b.Cursor(); r != 0 || !strings.Contains(shown(b.View()), "line 000*") {
		t.Fatalf("cursor on %d after going up", r)
	}
	b.Update(keyMsg("ctrl+end"))
	if r, _ := b.Cursor(); r != 498 {
		t.Fatalf("ctrl+end on line %d", r)
	}
}

func diffFirst(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(al), len(bl)); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: got %q want %q", i, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(al), len(bl))
}

func TestEditorFileIsPrivateAndRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes")
	}
	runtimeDir := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", runtimeDir)
	dir, path, err := prepareEdit(editBase(), "hello", "Mentor wants")
	if err != nil {
		t.Fatal(err)
	}
	di, _ := os.Stat(dir)
	fi, _ := os.Stat(path)
	if di.Mode().Perm() != 0o700 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("modes dir %v file %v", di.Mode().Perm(), fi.Mode().Perm())
	}
	if own := fmt.Sprintf("%s%d-", editPrefix, os.Getpid()); filepath.Dir(dir) != runtimeDir || !strings.HasPrefix(filepath.Base(dir), own) {
		t.Fatalf("the editor's folder is %s, want one named %s… in $XDG_RUNTIME_DIR %s", dir, own, runtimeDir)
	}
	if !strings.Contains(filepath.Base(path), "mentor-wants") {
		t.Fatalf("name %q", path)
	}
	// A fake editor appends a line; the result comes back without the
	// trailing newline editors add, and the folder is gone.
	script := filepath.Join(t.TempDir(), "ed.sh")
	os.WriteFile(script, []byte("#!/bin/sh\nprintf ' world\\n' >> \"$1\"\n"), 0o700)
	t.Setenv("VISUAL", script)
	c, err := editorCommand(path)
	if err != nil {
		t.Fatal(err)
	}
	runErr := c.Run()
	got, err := finishEdit(dir, path, "hello", runErr)
	if err != nil || got != "hello world" {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatal("temporary folder left behind")
	}
}

// Without $XDG_RUNTIME_DIR (or with a relative one) the editor's folder
// goes in /dev/shm, in memory, where the system has it.
func TestEditorFolderStaysInMemory(t *testing.T) {
	for _, v := range []string{"", "relative/dir"} {
		t.Setenv("XDG_RUNTIME_DIR", v)
		want := os.TempDir()
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
			want = "/dev/shm"
		}
		if got := editBase(); got != want {
			t.Errorf("XDG_RUNTIME_DIR=%q: the editor's folder goes in %s, want %s", v, got, want)
		}
	}
}

// An app that crashed or was killed with its editor open left its folder:
// the next start removes it, and never the folder of an app still running
// (this one, or another) nor anything else in the folder.
func TestEditorFoldersOfEndedAppsAreSwept(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("process ids and owners")
	}
	base := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", base)
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	running := exec.Command("sleep", "60")
	if err := running.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { running.Process.Kill(); running.Wait() }()
	folder := func(name string) string {
		d := filepath.Join(base, name)
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "text.txt"), []byte("a private note"), 0o600); err != nil {
			t.Fatal(err)
		}
		return d
	}
	gone := folder(fmt.Sprintf("%s%d-123", editPrefix, ended.ProcessState.Pid()))
	kept := []string{
		folder(fmt.Sprintf("%s%d-456", editPrefix, os.Getpid())),
		folder(fmt.Sprintf("%s%d-789", editPrefix, running.Process.Pid)),
		folder(editPrefix + "123456"), // no process id: not ours to judge
		folder("someone-else"),
	}
	sweepLeftEdits()
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("the folder of an ended app is still there: %v", err)
	}
	for _, d := range kept {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(d), err)
		}
	}
	// As the app ends, its own folders go, and only those.
	sweepOwnEdits()
	if _, err := os.Stat(kept[0]); !os.IsNotExist(err) {
		t.Errorf("this app's folder is still there as it ends: %v", err)
	}
	for _, d := range kept[1:] {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed as this app ended: %v", filepath.Base(d), err)
		}
	}
}

// With an encrypted journal the editor's file never goes on disk unless
// the user allows it; a plain journal's may.
func TestEncryptedJournalKeepsTheEditorOffDisk(t *testing.T) {
	disk := t.TempDir()
	if inMemory(disk) {
		t.Skip("the temporary folder is in memory here")
	}
	t.Setenv("XDG_RUNTIME_DIR", disk)
	t.Setenv(onDiskEnv, "")
	base, err := editFolder(true)
	switch {
	case inMemory("/dev/shm"):
		if err != nil || base != "/dev/shm" {
			t.Errorf("an encrypted journal's editor file, $XDG_RUNTIME_DIR on disk: %q, %v; want /dev/shm", base, err)
		}
	case err == nil || !strings.Contains(err.Error(), "XDG_RUNTIME_DIR") || !strings.Contains(err.Error(), onDiskEnv):
		t.Errorf("an encrypted journal's editor file on disk: %v, want a refusal that says what to do", err)
	}
	if base, err := editFolder(false); err != nil || base != disk {
		t.Errorf("a plain journal's editor folder: %q, %v", base, err)
	}
	t.Setenv(onDiskEnv, "1")
	if base, err := editFolder(true); err != nil || base != disk {
		t.Errorf("allowed on disk: %q, %v", base, err)
	}
	if inMemory("/dev/shm") {
		t.Setenv(onDiskEnv, "")
		t.Setenv("XDG_RUNTIME_DIR", "")
		if base, err := editFolder(true); err != nil || base != "/dev/shm" {
			t.Errorf("with /dev/shm at hand: %q, %v", base, err)
		}
	}
}

// A passphrase is never on screen, focused or not, and never in a draft.
func TestSecretFieldNeverShown(t *testing.T) {
	f := newForm(testDeps(nil), secretField("pass", "Passphrase"), lineField("note", "Note", ""))
	f.SetSize(60, 10)
	f.Focus()
	for _, r := range "hunter2" {
		f.Update(keyMsg(string(r)))
	}
	if f.Value("pass") != "hunter2" {
		t.Fatalf("typed %q", f.Value("pass"))
	}
	for _, move := range []string{"", "tab"} {
		if move != "" {
			f.Update(keyMsg(move))
		}
		if v := f.View(); strings.Contains(v, "hunter2") || !strings.Contains(v, "*******") {
			t.Errorf("after %q the view shows the passphrase or no mask:\n%s", move, v)
		}
	}
	if d := f.draftFields(); len(d) != 0 {
		t.Errorf("the passphrase went into a draft: %v", d)
	}
}

func TestEditorFailureKeepsText(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "no-such-editor-mentorlog")
	if _, err := editorCommand("/tmp/x"); err == nil || !strings.Contains(err.Error(), "set VISUAL or EDITOR") {
		t.Fatalf("err %v", err)
	}
	// The form keeps its text when the editor fails.
	f := newForm(testDeps(nil), textField("notes", "Notes", "kept"))
	f.SetSize(60, 10)
	f.Focus()
	f.Update(editorDoneMsg{owner: f, field: 0, err: fmt.Errorf("the editor did not finish cleanly")})
	if f.Value("notes") != "kept" || !strings.Contains(f.View(), "did not finish") {
		t.Fatalf("value %q view %s", f.Value("notes"), f.View())
	}
	f.Update(editorDoneMsg{owner: f, field: 0, text: "new text"})
	if f.Value("notes") != "new text" {
		t.Fatal("editor result not taken")
	}
	// A result meant for another form is ignored.
	f.Update(editorDoneMsg{owner: &form{}, field: 0, text: "other"})
	if f.Value("notes") != "new text" {
		t.Fatal("foreign editor result taken")
	}
	// ctrl+e on a long field returns the editor command (not run here).
	if _, cmd := f.Update(keyMsg("ctrl+e")); cmd == nil {
		t.Fatal("ctrl+e gave no command")
	}
}

// A paste is text, whatever it spells: into a one-line field its lines
// join with spaces; into a long field they stay lines.
func TestFormPasteIsText(t *testing.T) {
	f := newForm(testDeps(nil), lineField("a", "A", ""), textField("b", "B", ""))
	f.SetSize(60, 10)
	f.Focus()
	f.Update(tea.PasteMsg{Content: "meetings end\nenter up"})
	if got := f.Value("a"); got != "meetings end enter up" || f.focused().key != "a" {
		t.Fatalf("value %q, focus %q", got, f.focused().key)
	}
	f.Update(keyMsg("tab"))
	f.Update(tea.PasteMsg{Content: "home\nend\n\tq"})
	if got := f.Value("b"); got != "home\nend\n    q" {
		t.Fatalf("textarea value %q", got)
	}
	if !f.Dirty() {
		t.Fatal("a paste left the form clean")
	}
}

func TestFormCleansJournalText(t *testing.T) {
	f := newForm(testDeps(nil),
		lineField("a", "A", "x\x1b]0;title\x07y\nz"),
		textField("b", "B", "tab\there\r\n\x1b[2Jgone"),
		listField("c", "C", []string{"one\x1b[31m", "two"}),
	)
	f.SetSize(60, 20)
	f.Focus()
	v := shown(f.View())
	if strings.ContainsAny(v, "\x1b\x07\r\t") {
		t.Fatalf("control characters reached the view: %q", v)
	}
	if f.Dirty() {
		t.Fatal("a cleaned form counts as edited")
	}
	if got := f.Value("a"); got != "xy z" {
		t.Fatalf("line %q", got)
	}
	if got := f.Value("b"); got != "tab    here\ngone" {
		t.Fatalf("text %q", got)
	}
}
