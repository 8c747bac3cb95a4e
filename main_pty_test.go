package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"mentorlog/store"
)

// Commands run in a terminal that never answers a query: an editor's
// shell, a pty driven by a script, some relayed and web terminals. A
// program that asks the terminal something there waits for an answer that
// never comes.

// ptyRun is a run of mentorlog in a terminal of its own (a pty) that
// answers nothing; keys, when set, are typed once out holds ready.
type ptyRun struct {
	out  []byte
	took time.Duration
	code int
}

// hung bounds a run: past it the program is taken as hung and killed. It
// bounds liveness on a loaded machine, not speed.
const hung = 60 * time.Second

func (e *env) pty(ready, keys string, args ...string) ptyRun {
	e.t.Helper()
	if e.db != "" {
		args = append([]string{"--db", e.db}, args...)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(e.environ(), "TERM=xterm-256color")
	cmd.Dir = e.root
	start := time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		e.t.Fatalf("starting mentorlog %v in a pty: %v", args, err)
	}
	defer tty.Close()
	var out syncBuffer
	copied := make(chan struct{})
	go func() {
		io.Copy(&out, tty) // ends with EIO when the program has gone
		close(copied)
	}()
	if keys != "" {
		for !strings.Contains(out.String(), ready) {
			if time.Since(start) > hung {
				cmd.Process.Kill()
				e.t.Fatalf("mentorlog %v showed no %q in %s:\n%q", args, ready, hung, out.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		if _, err := tty.WriteString(keys); err != nil {
			e.t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(hung):
		cmd.Process.Kill()
		e.t.Fatalf("mentorlog %v still running after %s:\n%q", args, hung, out.String())
	}
	took := time.Since(start)
	<-copied
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatal(err)
	}
	return ptyRun{out: out.Bytes(), took: took, code: code}
}

// A command that does not open the app writes its own output and nothing
// else, and asks the terminal nothing, so it cannot wait on it (Bubble Tea
// v1 asked for the background colour in its init, before main: every
// command then waited 5 s and printed ESC]11;? first).
func TestCommandsAskASilentTerminalNothing(t *testing.T) {
	e := withFixture(t)
	name := fixture().Relationships[0].Rel.Other()
	for _, args := range [][]string{
		{"--version"}, {"--help"}, {"due"}, {"brief", name},
		{"export", "--format", "json"}, {"export", "--format", "markdown"},
	} {
		r := e.pty("", "", args...)
		if r.code != 0 {
			t.Errorf("mentorlog %v: exit %d\n%s", args, r.code, r.out)
		}
		if i := bytes.IndexByte(r.out, 0x1b); i >= 0 {
			t.Errorf("mentorlog %v sent an escape sequence to the terminal at byte %d: %q", args, i, r.out[i:min(len(r.out), i+16)])
		}
		if len(bytes.TrimSpace(r.out)) == 0 {
			t.Errorf("mentorlog %v printed nothing", args)
		}
		t.Logf("mentorlog %s: %v under a silent pty", strings.Join(args, " "), r.took.Round(time.Millisecond))
	}
}

// The app in a terminal that never answers: it asks for the background
// colour without waiting for the answer, so the dashboard comes up at once
// in the dark palette, and q quits.
func TestAppStartsInASilentTerminal(t *testing.T) {
	e := withFixture(t)
	r := e.pty("relationships", "q")
	if r.code != 0 {
		t.Fatalf("exit %d:\n%q", r.code, r.out)
	}
	if !bytes.Contains(r.out, []byte("\x1b]11;?")) {
		t.Error("the app did not ask for the background colour (the light palette could never be chosen)")
	}
	t.Logf("start, dashboard, q: %v under a silent pty", r.took.Round(time.Millisecond))
}

// The app on a journal in an older layout says it upgrades it before the
// dashboard comes, where it showed nothing for as long as the upgrade
// took (12 s for the 1x benchmark journal).
func TestAppSaysItUpgrades(t *testing.T) {
	e := withFixture(t)
	e.olderLayout()
	r := e.pty("relationships", "q")
	if r.code != 0 {
		t.Fatalf("exit %d:\n%q", r.code, r.out)
	}
	note := fmt.Sprintf("upgrading %s to layout version %d", e.db, store.SchemaVersion)
	if i, j := bytes.Index(r.out, []byte(note)), bytes.Index(r.out, []byte("relationships")); i < 0 || i > j {
		t.Errorf("the app did not say %q before its dashboard:\n%q", note, r.out)
	}
}

// syncBuffer is a buffer the copying goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

// encrypt on a terminal asks a passphrase too short, or typed again
// otherwise, again (it exited at the first), and encrypts with the one
// given right; three wrong ones change nothing.
func TestEncryptAsksAgainOnATerminal(t *testing.T) {
	e := withFixture(t)
	r := e.pty("New passphrase", "short\ncorrect horse\ncorrect hose\ncorrect horse\ncorrect horse\n", "encrypt")
	out := string(r.out)
	if r.code != 0 || strings.Count(out, "try again") != 2 || !strings.Contains(out, "too short") ||
		!strings.Contains(out, "not the same") || !strings.Contains(out, "AGE-SECRET-KEY-1") {
		t.Fatalf("encrypt with a short one, then one typed again otherwise, then a good one: exit %d\n%s", r.code, out)
	}
	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte("correct horse\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.run("", "--passphrase-file", pass, "due").must(t, 0)

	e = withFixture(t)
	r = e.pty("New passphrase", "a\nb\nc\n", "encrypt")
	if out := string(r.out); r.code == 0 || !strings.Contains(out, "nothing was changed") || strings.Count(out, "try again") != 2 {
		t.Fatalf("three short passphrases: exit %d\n%s", r.code, out)
	}
	e.run("", "due").must(t, 0) // still plain
}
