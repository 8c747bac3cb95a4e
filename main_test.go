package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	bolt "go.etcd.io/bbolt"

	"mentorlog/demo"
	"mentorlog/markdown"
	"mentorlog/model"
	"mentorlog/store"
)

// bin is the mentorlog binary built once for all tests.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mentorlog-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "mentorlog")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building mentorlog failed: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// private is put in every private field of the fixture.
const private = "ZEBRA-PRIVATE-42"

type result struct {
	out, err string
	code     int
}

// env is a sandbox: HOME and XDG_DATA_HOME in temp folders, no MENTORLOG_DB.
type env struct {
	t    *testing.T
	root string // a temp folder for files the test writes
	home string
	vars map[string]string
	db   string // passed as --db when set
}

func newEnv(t *testing.T) *env {
	t.Helper()
	root := t.TempDir()
	e := &env{t: t, root: root, home: filepath.Join(root, "home"), vars: map[string]string{}}
	if err := os.MkdirAll(e.home, 0o700); err != nil {
		t.Fatal(err)
	}
	e.vars["XDG_DATA_HOME"] = filepath.Join(root, "xdg")
	e.db = filepath.Join(root, "journal.db")
	return e
}

func (e *env) path(name string) string { return filepath.Join(e.root, name) }

// run runs mentorlog with --db e.db (if set) before args.
func (e *env) run(stdin string, args ...string) result {
	e.t.Helper()
	if e.db != "" {
		args = append([]string{"--db", e.db}, args...)
	}
	return e.exec(stdin, args...)
}

// environ is the sandbox's environment for a run of mentorlog.
func (e *env) environ() []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + e.home, "LANG=C.UTF-8"}
	for k, v := range e.vars {
		env = append(env, k+"="+v)
	}
	return env
}

func (e *env) exec(stdin string, args ...string) result {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = e.environ()
	cmd.Dir = e.root // relative paths never land in the repository
	cmd.Stdin = strings.NewReader(stdin)
	detach(cmd)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			e.t.Fatalf("running mentorlog %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return result{out.String(), errb.String(), code}
}

func (r result) must(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.err)
	}
	return r
}

// oneLine checks that stderr is exactly one line that starts with prefix
// and holds every part of want.
func (r result) oneLine(t *testing.T, prefix string, want ...string) {
	t.Helper()
	if strings.Count(r.err, "\n") != 1 || !strings.HasSuffix(r.err, "\n") {
		t.Errorf("stderr should be one line, got %q", r.err)
	}
	if !strings.HasPrefix(r.err, prefix) {
		t.Errorf("stderr %q does not start with %q", r.err, prefix)
	}
	for _, w := range want {
		if !strings.Contains(r.err, w) {
			t.Errorf("stderr %q lacks %q", r.err, w)
		}
	}
}

func contains(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func lacks(t *testing.T, what, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("%s contains %q", what, w)
		}
	}
}

// fixture is the demo journal dated from now, with the private phrase in
// every private field.
func fixture() model.Archive {
	a := demo.Archive(time.Now())
	for i := range a.Relationships {
		f := &a.Relationships[i]
		f.Rel.PrivateNotes = private + " about " + f.Rel.Other()
		for k := range f.Sessions {
			f.Sessions[k].PrivateNotes = "note on the session\n" + private
		}
	}
	return a
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// withFixture returns an env whose journal holds the fixture.
func withFixture(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	f := e.path("fixture.json")
	writeJSON(t, f, fixture())
	r := e.run("", "import", f).must(t, 0)
	contains(t, "import output", r.out, "imported", "3 relationships")
	return e
}

var exportedStamp = regexp.MustCompile(`"exported":"[^"]*"`)

func normalise(s string) string { return exportedStamp.ReplaceAllString(s, `"exported":"-"`) }

func TestHelpAndVersion(t *testing.T) {
	e := newEnv(t)
	e.db = ""
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := e.exec("", args...).must(t, 0)
		contains(t, "main help", r.out, "Usage:", "--db PATH", "MENTORLOG_DB", "XDG_DATA_HOME", "--version",
			"export", "import", "backup", "due", "brief", "calendar", "demo", "mentorlog help COMMAND")
		if r.err != "" {
			t.Errorf("help wrote to stderr: %q", r.err)
		}
	}
	for _, c := range []string{"export", "import", "backup", "due", "brief", "calendar", "demo", "help"} {
		for _, args := range [][]string{{"help", c}, {c, "--help"}, {c, "-h"}} {
			r := e.exec("", args...).must(t, 0)
			contains(t, strings.Join(args, " "), r.out, "Usage: mentorlog "+c)
		}
	}
	r := e.exec("", "help", "export").must(t, 0)
	contains(t, "export help", r.out, "--format json|markdown", "--relationship NAME", "--shared", "-o FILE", "Examples:")
	r = e.exec("", "--version").must(t, 0)
	if !strings.HasPrefix(r.out, "mentorlog ") || strings.Count(r.out, "\n") != 1 {
		t.Errorf("version line: %q", r.out)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		args   []string
		prefix string
		want   []string
	}{
		{[]string{"frobnicate"}, "mentorlog: ", []string{`"frobnicate" is not a command`, "mentorlog --help"}},
		{[]string{"--nosuch"}, "mentorlog: ", []string{"-nosuch", "mentorlog --help"}},
		{[]string{"export", "--bogus"}, "mentorlog export: ", []string{"-bogus", "mentorlog help export"}},
		{[]string{"export", "--format", "xml"}, "mentorlog export: ", []string{"json or markdown"}},
		{[]string{"export", "stray"}, "mentorlog export: ", []string{`"stray"`}},
		{[]string{"import"}, "mentorlog import: ", []string{"exactly one file"}},
		{[]string{"import", "a", "b"}, "mentorlog import: ", []string{"exactly one file"}},
		{[]string{"backup"}, "mentorlog backup: ", []string{"exactly one file"}},
		{[]string{"brief"}, "mentorlog brief: ", []string{"name of the person"}},
		{[]string{"due", "--days", "-1"}, "mentorlog due: ", []string{"between 0 and 3650"}},
		{[]string{"due", "--days", "soon"}, "mentorlog due: ", []string{"-days"}},
		{[]string{"due", "extra"}, "mentorlog due: ", []string{`"extra"`}},
		{[]string{"demo", "extra"}, "mentorlog demo: ", []string{"--write FILE"}},
		{[]string{"help", "nosuch"}, "mentorlog help: ", []string{`"nosuch" is not a command`, "see `mentorlog --help`"}},
	}
	for _, c := range cases {
		r := e.run("", c.args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", c.args, r.code, r.err)
			continue
		}
		r.oneLine(t, c.prefix, c.want...)
		if r.out != "" {
			t.Errorf("%v: wrote to stdout: %q", c.args, r.out)
		}
	}
	if _, err := os.Stat(e.db); err == nil {
		t.Errorf("a usage error created the journal")
	}
}

func TestReadCommandsNeedAJournal(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"due"}, {"export"}, {"brief", "ada"}, {"backup", e.path("b.db")}} {
		r := e.run("", args...).must(t, 1)
		// --db names the journal: the command to start it names it too,
		// as a bare mentorlog would open the default journal instead.
		r.oneLine(t, "mentorlog "+args[0]+": ", "no journal at "+e.db, "`mentorlog --db "+e.db+"` to start one there", "--db "+e.db+" import FILE")
	}
	e.db = ""
	r := e.run("", "due").must(t, 1)
	r.oneLine(t, "mentorlog due: ", "no journal at ", "run `mentorlog` to start one there", "`mentorlog import FILE`")
	if _, err := os.Stat(e.db); err == nil {
		t.Fatal("a read-only command created the journal")
	}
}

func TestAppNeedsATerminal(t *testing.T) {
	e := newEnv(t)
	r := e.run("").must(t, 1)
	r.oneLine(t, "mentorlog: ", "needs a terminal", "mentorlog due")
	r = e.run("", "demo").must(t, 1)
	r.oneLine(t, "mentorlog demo: ", "needs a terminal", "demo --write FILE")
	if _, err := os.Stat(e.db); err == nil {
		t.Fatal("starting without a terminal created the journal")
	}
}

func TestDefaultPath(t *testing.T) {
	arc := e0(t)
	t.Run("XDG_DATA_HOME", func(t *testing.T) {
		e := newEnv(t)
		e.db = ""
		f := e.path("a.json")
		writeJSON(t, f, arc)
		e.run("", "import", f).must(t, 0)
		want := filepath.Join(e.vars["XDG_DATA_HOME"], "mentorlog", "journal.db")
		checkJournalFile(t, want, true)
		r := e.run("", "--help").must(t, 0)
		contains(t, "help", r.out, "Your journal: "+want)
	})
	t.Run("HOME when XDG_DATA_HOME is unset or relative", func(t *testing.T) {
		for _, xdg := range []string{"", "relative/dir"} {
			e := newEnv(t)
			e.db = ""
			if xdg == "" {
				delete(e.vars, "XDG_DATA_HOME")
			} else {
				e.vars["XDG_DATA_HOME"] = xdg
			}
			f := e.path("a.json")
			writeJSON(t, f, arc)
			e.run("", "import", f).must(t, 0)
			checkJournalFile(t, filepath.Join(e.home, ".local", "share", "mentorlog", "journal.db"), true)
		}
	})
	t.Run("MENTORLOG_DB, and --db over it", func(t *testing.T) {
		e := newEnv(t)
		e.db = ""
		e.vars["MENTORLOG_DB"] = e.path("env.db")
		f := e.path("a.json")
		writeJSON(t, f, arc)
		e.run("", "import", f).must(t, 0)
		checkJournalFile(t, e.path("env.db"), false)
		e.exec("", "--db", e.path("flag.db"), "import", f).must(t, 0)
		checkJournalFile(t, e.path("flag.db"), false)
		// --db is accepted after the command too
		e.exec("", "due", "--db", e.path("flag.db")).must(t, 0)
	})
}

// e0 is an archive with one small relationship.
func e0(t *testing.T) model.Archive {
	t.Helper()
	a := demo.Archive(time.Now())
	a.Relationships = a.Relationships[1:2]
	return a
}

// checkJournalFile checks the journal's mode, and its folder's when
// mentorlog created the folder.
func checkJournalFile(t *testing.T, path string, createdDir bool) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("journal not where expected: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", fi.Mode().Perm())
	}
	if di, err := os.Stat(filepath.Dir(path)); createdDir && (err != nil || di.Mode().Perm() != 0o700) {
		t.Errorf("journal folder mode %v (%v), want 0700", di.Mode().Perm(), err)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	e := withFixture(t)
	first := e.run("", "export").must(t, 0).out
	var arc model.Archive
	if err := json.Unmarshal([]byte(first), &arc); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if arc.Format != model.ArchiveFormat || arc.Version != model.ArchiveVersion || len(arc.Relationships) != 3 {
		t.Fatalf("export header: %q v%d, %d relationships", arc.Format, arc.Version, len(arc.Relationships))
	}
	contains(t, "owner's export", first, private)

	// into an empty journal, then out again: the same JSON
	dump := e.path("dump.json")
	r := e.run("", "export", "-o", dump).must(t, 0)
	contains(t, "export -o message", r.err, "exported the whole journal as json to "+dump)
	checkMode(t, dump)
	e2 := newEnv(t)
	e2.run("", "import", dump).must(t, 0)
	second := e2.run("", "export").must(t, 0).out
	if normalise(first) != normalise(second) {
		t.Fatalf("export → import → export differs:\n--- first\n%s\n--- second\n%s", first, second)
	}

	// importing twice changes nothing
	r = e2.run("", "import", dump).must(t, 0)
	contains(t, "second import", r.out, "nothing new")
	if third := e2.run("", "export").must(t, 0).out; normalise(third) != normalise(first) {
		t.Fatal("importing twice changed the journal")
	}

	// from standard input
	e3 := newEnv(t)
	e3.run(first, "import", "-").must(t, 0)
	if normalise(e3.run("", "export").must(t, 0).out) != normalise(first) {
		t.Fatal("import - differs")
	}
}

func checkMode(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", path, fi.Mode().Perm())
	}
	left, _ := filepath.Glob(path + ".tmp*")
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestExportMarkdown(t *testing.T) {
	e := withFixture(t)
	md := e.run("", "export", "--format", "markdown").must(t, 0).out
	contains(t, "markdown", md,
		"# Mentoring journal\n", "3 relationships",
		"\n## Sam Okafor & Priya Raman\n", "\n## Sam Okafor & Lena Fischer\n", "\n## Marta Alves & Sam Okafor\n",
		"### Foundation agreement", "### Layer 1 — Trust, rapport and credibility", "### Layer 2 — Define the problem or skill",
		"### Layer 3 — Meaning and impact", "### Layer 4 — Commitment and action", "### Layer 5 — Support and resources",
		"### Layer 6 — Review and feedback", "### Goals", "### Roadmap", "### Sessions", "### Follow-ups",
		"**Reflection**", "- **Useful today:**", "_(not answered)_", "**OVERDUE**", private)

	// the same as the model's writer over the JSON export: nothing lost or
	// reordered by the parallel loading
	var arc model.Archive
	if err := json.Unmarshal([]byte(e.run("", "export").must(t, 0).out), &arc); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := markdown.Write(&want, arc.Relationships, markdown.Options{Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if md != want.String() {
		t.Errorf("markdown export differs from markdown.Write of the JSON export")
	}

	// one relationship, by a part of the name; the format from the file name
	out := e.path("priya.md")
	e.run("", "export", "--relationship", "priya", "-o", out).must(t, 0)
	checkMode(t, out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n## "); n != 1 || !strings.Contains(string(b), "## Sam Okafor & Priya Raman") {
		t.Fatalf("--relationship priya wrote %d sections:\n%s", n, b)
	}
	// flags after the format, repeated --relationship, json of two
	two := e.run("", "export", "--relationship", "lena", "--relationship", "marta").must(t, 0).out
	arc = model.Archive{}
	if err := json.Unmarshal([]byte(two), &arc); err != nil || len(arc.Relationships) != 2 {
		t.Fatalf("two relationships: %v, %d", err, len(arc.Relationships))
	}
	// an unknown or ambiguous name
	r := e.run("", "export", "--relationship", "nobody").must(t, 1)
	r.oneLine(t, "mentorlog export: ", `"nobody"`, "Priya Raman")
	r = e.run("", "export", "--relationship", "sam").must(t, 1)
	r.oneLine(t, "mentorlog export: ", "more than one", "Lena Fischer", "Priya Raman")
	// never over the journal
	r = e.run("", "export", "-o", e.db).must(t, 1)
	r.oneLine(t, "mentorlog export: ", "is the journal itself")
	e.run("", "due").must(t, 0)
	// a folder that does not exist
	r = e.run("", "export", "-o", e.path("no/such/dir/x.json")).must(t, 1)
	r.oneLine(t, "mentorlog export: ", "cannot write to")
}

func TestSharedExportHasNoPrivateNotes(t *testing.T) {
	e := withFixture(t)
	for _, format := range []string{"json", "markdown"} {
		r := e.run("", "export", "--shared", "--format", format).must(t, 0)
		lacks(t, "shared "+format+" export", r.out, private)
		if !strings.Contains(r.out, "Priya Raman") {
			t.Errorf("shared %s export lost the content", format)
		}
		f := e.path("shared." + format)
		e.run("", "export", "--format", format, "-o", f, "--shared").must(t, 0)
		b, _ := os.ReadFile(f)
		lacks(t, "shared "+format+" file", string(b), private)
	}
	r := e.run("", "export", "--shared").must(t, 0)
	contains(t, "shared json", r.out, `"shared":true`)

	// a shared export imported into the owner's journal keeps the notes there
	f := e.path("shared.json")
	e.run("", "import", f).must(t, 0)
	contains(t, "journal after importing a shared copy", e.run("", "export").must(t, 0).out, private)

	// and brief --shared
	r = e.run("", "brief", "priya", "--shared").must(t, 0)
	lacks(t, "shared brief", r.out, private)
	contains(t, "owner's brief", e.run("", "brief", "priya").must(t, 0).out, private)
}

// TestSharedExportThatComesBackKeepsPrivateNotes: a shared export imported
// into another journal, exported there and imported back, or a shared
// export with its "shared":true taken out, used to erase every private
// note. Both must leave the owner's journal as it was.
func TestSharedExportThatComesBackKeepsPrivateNotes(t *testing.T) {
	e := withFixture(t)
	before := normalise(e.run("", "export").must(t, 0).out)
	shared := e.path("shared.json")
	e.run("", "export", "--shared", "-o", shared).must(t, 0)

	other := newEnv(t)
	other.run("", "import", shared).must(t, 0)
	back := other.path("back.json")
	other.run("", "export", "-o", back).must(t, 0)
	b, err := os.ReadFile(back)
	if err != nil {
		t.Fatal(err)
	}
	lacks(t, "the other journal's export", string(b), private, `"shared":true`)
	e.run("", "import", back).must(t, 0)
	if after := normalise(e.run("", "export").must(t, 0).out); after != before {
		t.Fatalf("importing a shared export that came back through another journal changed the journal (private notes still there: %v)", strings.Contains(after, private))
	}

	b, err = os.ReadFile(shared)
	if err != nil {
		t.Fatal(err)
	}
	unmarked := e.path("unmarked.json")
	if err := os.WriteFile(unmarked, bytes.Replace(b, []byte(`,"shared":true`), nil, 1), 0o600); err != nil {
		t.Fatal(err)
	}
	e.run("", "import", unmarked).must(t, 0)
	if after := normalise(e.run("", "export").must(t, 0).out); after != before {
		t.Fatal(`importing a shared export without "shared":true changed the journal`)
	}
}

func TestImportRefusesBadFilesAndChangesNothing(t *testing.T) {
	e := withFixture(t)
	before := normalise(e.run("", "export").must(t, 0).out)

	bad := fixture()
	extra := demo.Archive(time.Now()).Relationships[0] // a new relationship that must not land
	bad.Relationships = append(bad.Relationships, extra)
	bad.Relationships[0].Goals[0].Title = ""
	bad.Relationships[2].FollowUps[0].Owner = "boss"
	bad.Relationships[1].Sessions[0].Date = time.Time{}
	f := e.path("bad.json")
	writeJSON(t, f, bad)
	r := e.run("", "import", f).must(t, 1)
	lines := strings.Split(strings.TrimSpace(r.err), "\n")
	want := []string{
		"relationships[0].goals[0].title: required",
		`relationships[2].follow_ups[0].owner: must be mentor or mentee (it is "boss")`,
		"relationships[1].sessions[0].date: required",
	}
	for _, w := range want {
		found := false
		for _, l := range lines {
			if l == w {
				found = true
			}
		}
		if !found {
			t.Errorf("stderr lacks the line %q:\n%s", w, r.err)
		}
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, "nothing was imported") || !strings.Contains(last, "3 problems") {
		t.Errorf("last line should sum up: %q", last)
	}
	if after := normalise(e.run("", "export").must(t, 0).out); after != before {
		t.Fatal("a refused import changed the journal")
	}

	// files that are not exports at all
	cases := []struct{ name, body, want string }{
		{"syntax.json", "{\n  \"format\": \"mentorlog-journal\",\n  \"version\": 1,\n  oops\n}", "not valid JSON at line 4, column 3"},
		{"other.json", `{"name": "something else"}`, "is not a mentorlog export"},
		{"newer.json", `{"format":"mentorlog-journal","version":99,"relationships":[]}`, "newer mentorlog"},
		{"unknown.json", `{"format":"mentorlog-journal","version":1,"relationships":[],"colour":"red"}`, `unknown field "colour"`},
		{"type.json", `{"format":"mentorlog-journal","version":1,"relationships":[{"relationship":{"cadence_days":"weekly"}}]}`, "cadence_days should be a whole number"},
		{"empty.json", ``, "not valid JSON"},
		{"trailing.json", `{"format":"mentorlog-journal","version":1,"relationships":[]} {}`, "not valid JSON at line 1"},
	}
	for _, c := range cases {
		p := e.path(c.name)
		if err := os.WriteFile(p, []byte(c.body), 0o600); err != nil {
			t.Fatal(err)
		}
		r := e.run("", "import", p).must(t, 1)
		r.oneLine(t, "mentorlog import: ", c.want)
	}
	r = e.run("", "import", e.path("missing.json")).must(t, 1)
	r.oneLine(t, "mentorlog import: ", "cannot read", "missing.json")
	if after := normalise(e.run("", "export").must(t, 0).out); after != before {
		t.Fatal("a refused import changed the journal")
	}
}

// TestRefusedImportMakesNoJournal: an import refused into a journal that
// did not exist leaves no journal behind (a mistyped --db leaves
// nothing), and a good one makes it.
func TestRefusedImportMakesNoJournal(t *testing.T) {
	e := newEnv(t)
	bad := fixture()
	bad.Relationships[0].Goals[0].Title = ""
	f := e.path("bad.json")
	writeJSON(t, f, bad)
	e.db = e.path("typo.db")
	e.run("", "import", f).must(t, 1)
	if _, err := os.Stat(e.db); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused import left a journal at %s: %v", e.db, err)
	}
	good := e.path("good.json")
	writeJSON(t, good, fixture())
	e.run("", "import", good).must(t, 0)
	if _, err := os.Stat(e.db); err != nil {
		t.Fatalf("a good import made no journal: %v", err)
	}
}

// TestImportRefusesFingerprintNameAndReview: a fingerprint that is not
// hex, a name over two lines and a review of another relationship's
// follow-up are each named on a line of their own, and nothing is imported.
func TestImportRefusesFingerprintNameAndReview(t *testing.T) {
	e := withFixture(t)
	before := normalise(e.run("", "export").must(t, 0).out)
	bad := fixture()
	if len(bad.Relationships[1].FollowUps) == 0 || len(bad.Relationships[0].Sessions) == 0 {
		t.Fatal("the fixture lacks the records this test needs")
	}
	fd := &bad.Relationships[1].Plan.Foundation
	fd.Signatures = append(fd.Signatures, model.Signature{Party: model.RoleMentee, Name: "Lena", At: time.Now(), Fingerprint: "<script>alert(1)"})
	n := len(fd.Signatures) - 1
	bad.Relationships[2].Rel.MentorName = "Marta\nAlves"
	other := bad.Relationships[1].FollowUps[0].ID
	bad.Relationships[0].Sessions[0].Reviewed = append(bad.Relationships[0].Sessions[0].Reviewed,
		model.FollowUpReview{FollowUpID: other, Text: "not ours", Outcome: model.OutcomeDone})
	k := len(bad.Relationships[0].Sessions[0].Reviewed) - 1
	f := e.path("bad.json")
	writeJSON(t, f, bad)
	r := e.run("", "import", f).must(t, 1)
	lines := strings.Split(strings.TrimSpace(r.err), "\n")
	for _, w := range []string{
		fmt.Sprintf("relationships[1].plan.foundation.signatures[%d].fingerprint: must be 16 hex digits", n),
		`relationships[2].relationship.mentor name: must be on one line (it has a line break after "Marta")`,
		fmt.Sprintf("relationships[0].sessions[0].reviewed[%d].follow_up_id: follow-up %s belongs to another relationship (relationships[1].follow_ups[0])", k, other),
	} {
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, w)
		}
		if !found {
			t.Errorf("stderr lacks a line starting %q:\n%s", w, r.err)
		}
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "3 problems") || !strings.Contains(last, "nothing was imported") {
		t.Errorf("last line: %q", last)
	}
	if after := normalise(e.run("", "export").must(t, 0).out); after != before {
		t.Fatal("a refused import changed the journal")
	}
}

var dueLine = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}  (OVERDUE \d+d|LATE \d+d|today|tomorrow|in \d+d|now|since \d+d) +(follow-up|meeting  |first-meeting|health   |quiet    |stuck    |agreement)  \S.*\S  +(\((mentor|mentee)\) .+|next meeting|first meeting, not held yet|[a-z].+)$`)

func TestDue(t *testing.T) {
	e := withFixture(t)
	today := model.Day(time.Now())
	day := func(n int) string { return model.FormatDate(today.AddDate(0, 0, n)) }
	r := e.run("", "due").must(t, 0)
	if r.err != "" {
		t.Errorf("due wrote to stderr: %q", r.err)
	}
	lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	for _, l := range lines {
		if !dueLine.MatchString(l) {
			t.Errorf("due line has an unexpected shape: %q", l)
		}
	}
	contains(t, "due", r.out,
		day(-15)+"  OVERDUE 15d  follow-up  Marta Alves   the mentee's: Write down what I want",
		day(-8)+"  LATE 8d      meeting    Marta Alves   next meeting",
		day(-8)+"  OVERDUE 8d   follow-up  Priya Raman   the mentee's: Re-plan the open tasks",
		day(-1)+"  OVERDUE 1d   follow-up  Priya Raman   the mentee's: Send Sam the notes",
		day(2)+"  in 2d        follow-up  Lena Fischer  the mentor's: Send the discovery interview article",
		day(3)+"  in 3d        follow-up  Priya Raman   the mentor's: Book a slot",
	)
	lacks(t, "due in 7 days", r.out, day(9), day(10), day(11))
	if !strings.HasPrefix(r.out, day(-15)) {
		t.Errorf("oldest first: %q", lines[0])
	}
	// The nudges: Marta's pair has met four times with nothing written down.
	contains(t, "due nudges", r.out,
		day(0)+"  now          health     Marta Alves   health check due: none yet, after 4 sessions",
		day(0)+"  now          stuck      Marta Alves   still getting to know each other after 4 sessions",
	)
	r = e.run("", "due", "--days", "30").must(t, 0)
	contains(t, "due --days 30", r.out, day(9)+"  in 9d        meeting    Priya Raman   next meeting", day(11))

	// --kinds keeps only the kinds named.
	r = e.run("", "due", "--kinds", "stuck,health").must(t, 0)
	if got := strings.Count(r.out, "\n"); got != 2 || !strings.Contains(r.out, "  stuck   ") || strings.Contains(r.out, "follow-up") {
		t.Errorf("due --kinds stuck,health:\n%s", r.out)
	}
	r = e.run("", "due", "--kinds", "follow-up").must(t, 0)
	for _, l := range strings.Split(strings.TrimSpace(r.out), "\n") {
		if !strings.Contains(l, "  follow-up  ") {
			t.Errorf("due --kinds follow-up printed %q", l)
		}
	}
	r = e.run("", "due", "--kinds", "holidays").must(t, 2)
	r.oneLine(t, "mentorlog due: ", `"holidays" is not a kind`, "first-meeting")

	// an empty journal: one line saying so
	empty := newEnv(t)
	writeJSON(t, empty.path("none.json"), model.NewArchive(nil, time.Now(), false))
	empty.run("", "import", empty.path("none.json")).must(t, 0)
	r = empty.run("", "due").must(t, 0)
	if r.out != "nothing due in the next 7 days and nothing overdue\n" {
		t.Errorf("empty due: %q", r.out)
	}
}

func TestCalendar(t *testing.T) {
	e := withFixture(t)
	out := e.path("m.ics")
	r := e.run("", "calendar", "-o", out).must(t, 0)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	ics := string(data)
	// One event per meeting and per dated open follow-up of the active
	// pairs: the same dates `due` knows, however far ahead.
	due := e.run("", "due", "--days", "3650", "--kinds", "follow-up,meeting,first-meeting").must(t, 0)
	want := strings.Count(due.out, "\n")
	if n := strings.Count(ics, "BEGIN:VEVENT"); n != want || n < 4 {
		t.Fatalf("%d events, want %d (one per line of due):\n%s", n, want, due.out)
	}
	contains(t, "calendar message", r.err, "wrote "+model.Plural(want, "event")+" to "+out)
	contains(t, "calendar", ics, "BEGIN:VCALENDAR\r\n", "UID:meeting-", "UID:followup-", "SUMMARY:Follow-up due (Priya Raman): Send Sam the notes")
	lacks(t, "calendar", ics, private)
	// Written again: the same UIDs.
	again := e.run("", "calendar").must(t, 0).out
	uids := func(s string) []string { return regexp.MustCompile(`UID:\S+`).FindAllString(s, -1) }
	if a, b := uids(ics), uids(again); !reflect.DeepEqual(a, b) {
		t.Fatalf("UIDs differ between two files:\n%v\n%v", a, b)
	}
	// One relationship.
	one := e.run("", "calendar", "--relationship", "priya").must(t, 0).out
	contains(t, "calendar --relationship", one, "X-WR-CALNAME:Mentoring: Priya Raman", "Send Sam the notes")
	lacks(t, "calendar --relationship", one, "Lena Fischer")
	e.run("", "calendar", "--relationship", "zed").must(t, 1)
	e.run("", "calendar", "-o", e.db).must(t, 1).oneLine(t, "mentorlog calendar: ", "the journal itself")
	e.run("", "calendar", "extra").must(t, 2)
}

func TestBrief(t *testing.T) {
	e := withFixture(t)
	r := e.run("", "brief", "priya").must(t, 0)
	contains(t, "brief", r.out, "Prep brief: Sam Okafor (mentor) & Priya Raman (mentee)", "Next meeting", "Last session:",
		"  Change next time: (not answered)", "OVERDUE 8d", "Planned topic\n  Saying no to scope creep",
		"Stalled goals", "To the department:", private)
	if r2 := e.run("", "brief", "Priya", "Raman").must(t, 0); r2.out != r.out {
		t.Error("brief by the full name in two words differs")
	}
	r = e.run("", "brief", "marta").must(t, 0)
	contains(t, "stuck brief", r.out, "Still getting to know each other", model.GettingUnstuckTopics[0], "LATE by 8 days")
	r = e.run("", "brief", "sam").must(t, 1)
	r.oneLine(t, "mentorlog brief: ", "more than one relationship", "Lena Fischer", "Marta Alves", "Priya Raman")
	r = e.run("", "brief", "zed").must(t, 1)
	r.oneLine(t, "mentorlog brief: ", `"zed"`, "mentorlog due")
}

func TestBackup(t *testing.T) {
	e := withFixture(t)
	before := normalise(e.run("", "export").must(t, 0).out)
	dst := e.path("backups/journal-copy.db")
	r := e.run("", "backup", dst).must(t, 0)
	contains(t, "backup message", r.err, "backed up", dst)
	checkMode(t, dst)
	copyEnv := *e
	copyEnv.db = dst
	if got := normalise(copyEnv.run("", "export").must(t, 0).out); got != before {
		t.Fatal("the backup does not hold the same journal")
	}
	// over an older backup
	e.run("", "backup", dst).must(t, 0)

	r = e.run("", "backup", e.db).must(t, 1)
	r.oneLine(t, "mentorlog backup: ", "would overwrite the journal itself")

	// while the app holds the journal: backup, due, brief and export read a
	// consistent snapshot; import, which writes, says the journal is open.
	dueBefore := e.run("", "due", "--days", "30").must(t, 0).out
	tmp := e.path("tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	e.vars["TMPDIR"] = tmp
	st, err := store.Open(e.db, store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// export -o the journal is refused even now, when export reads a
	// snapshot of it
	r = e.run("", "export", "-o", e.db).must(t, 1)
	r.oneLine(t, "mentorlog export: ", "is the journal itself")
	locked := e.path("while-open.db")
	r = e.run("", "backup", locked).must(t, 0)
	contains(t, "backup while open", r.err, "backed up", "while the app had it open")
	checkMode(t, locked)
	lockedEnv := *e
	lockedEnv.db = locked
	if got := normalise(lockedEnv.run("", "export").must(t, 0).out); got != before {
		t.Fatal("the backup taken while the journal was open does not hold the same journal")
	}
	if got := e.run("", "due", "--days", "30").must(t, 0).out; got != dueBefore {
		t.Fatalf("due while the app is open differs:\n%s\nwant\n%s", got, dueBefore)
	}
	if got := normalise(e.run("", "export").must(t, 0).out); got != before {
		t.Fatal("export while the app is open differs")
	}
	exported := e.path("export.json")
	e.run("", "export", "-o", exported).must(t, 0)
	r = e.run("", "import", exported).must(t, 1)
	r.oneLine(t, "mentorlog import: ", "already open")
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("snapshots were left behind in TMPDIR: %v", left)
	}
}

func TestConcurrentReaders(t *testing.T) {
	e := withFixture(t)
	// a read-only open (another command) does not stop due or export
	st, err := store.Open(e.db, store.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e.run("", "due").must(t, 0)
	e.run("", "backup", e.path("b.db")).must(t, 0)
}

func TestDemoWrite(t *testing.T) {
	e := newEnv(t)
	f := e.path("sample.db")
	r := e.exec("", "demo", "--write", f).must(t, 0)
	contains(t, "demo --write", r.out, "wrote a sample journal to "+f, "mentorlog --db "+f)
	checkMode(t, f)
	d := *e
	d.db = f
	var arc model.Archive
	if err := json.Unmarshal([]byte(d.run("", "export").must(t, 0).out), &arc); err != nil || len(arc.Relationships) != 3 {
		t.Fatalf("the sample journal: %v, %d relationships", err, len(arc.Relationships))
	}
	contains(t, "due on the sample", d.run("", "due").must(t, 0).out, "OVERDUE", "LATE")
	r = e.exec("", "demo", "--write", f).must(t, 1)
	r.oneLine(t, "mentorlog demo: ", "already exists")
	// the user's own journal was not created
	if _, err := os.Stat(filepath.Join(e.vars["XDG_DATA_HOME"], "mentorlog", "journal.db")); err == nil {
		t.Error("demo --write created the default journal")
	}
}

func TestFormatDue(t *testing.T) {
	d := model.Day(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	items := []model.DueItem{
		{Kind: model.DueFollowUp, With: "Ada Lovelace", Text: "send draft", Owner: model.RoleMentee, Date: d.AddDate(0, 0, -3), Days: -3, Overdue: true},
		{Kind: model.DueMeeting, With: "Bo\x1b[31m", Text: "meeting", Date: d, Days: 0},
		{Kind: model.DueFollowUp, With: "Ada Lovelace", Text: "line\nbreak", Owner: model.RoleMentor, Date: d.AddDate(0, 0, 1), Days: 1},
	}
	got := formatDue(items, 7)
	want := "2026-11-20  OVERDUE 3d  follow-up  Ada Lovelace  the mentee's: send draft\n" +
		"2026-11-23  today       meeting    Bo            next meeting\n" +
		"2026-11-24  tomorrow    follow-up  Ada Lovelace  the mentor's: line break\n"
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := formatDue(nil, 0); got != "nothing due today or overdue\n" {
		t.Fatalf("empty: %q", got)
	}
	if got := formatDue(nil, 1); got != "nothing due in the next 1 day and nothing overdue\n" {
		t.Fatalf("empty, one day: %q", got)
	}
}

// TestFormatDueAlignsWideNames: the columns after a name line up by
// terminal cells, whatever script or emoji the names are in.
func TestFormatDueAlignsWideNames(t *testing.T) {
	d := model.Day(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	items := []model.DueItem{
		{Kind: model.DueFollowUp, With: "山田太郎", Text: "send draft", Owner: model.RoleMentee, Date: d.AddDate(0, 0, -12), Days: -12, Overdue: true},
		{Kind: model.DueMeeting, With: "Bo", Text: "meeting", Date: d, Days: 0},
		{Kind: model.DueFollowUp, With: "🦊 Fox", Text: "read", Owner: model.RoleMentor, Date: d.AddDate(0, 0, 1), Days: 1},
		{Kind: model.DueFollowUp, With: "José Ñúñez", Text: "call", Owner: model.RoleMentor, Date: d.AddDate(0, 0, 2), Days: 2},
		{Kind: model.DueFollowUp, With: "Zoe\u0301", Text: "plan", Owner: model.RoleMentee, Date: d.AddDate(0, 0, 3), Days: 3},   // combining accent
		{Kind: model.DueFollowUp, With: "हिंदी शर्मा", Text: "plan", Owner: model.RoleMentee, Date: d.AddDate(0, 0, 4), Days: 4}, // 9 cells by code point, 5 by cluster
	}
	lines := strings.Split(strings.TrimSuffix(formatDue(items, 7), "\n"), "\n")
	if len(lines) != len(items) {
		t.Fatalf("%d lines for %d items", len(lines), len(items))
	}
	col := -1
	for _, l := range lines {
		i := strings.Index(l, "  the ")
		if j := strings.Index(l, "  next meeting"); j >= 0 {
			i = j
		}
		if i < 0 {
			t.Fatalf("no detail column in %q", l)
		}
		w := ansi.StringWidthWc(l[:i])
		if col < 0 {
			col = w
		}
		if w != col {
			t.Errorf("detail column at cell %d, want %d:\n%s", w, col, strings.Join(lines, "\n"))
		}
	}
	// the widest name is 10 cells ("José Ñúñez", and 山田太郎 is 8): the
	// name column is exactly that wide
	if want := len("2026-11-11  OVERDUE 12d  follow-up  ") + 10; col != want {
		t.Errorf("detail column at cell %d, want %d:\n%s", col, want, strings.Join(lines, "\n"))
	}
	if !strings.Contains(lines[0], "山田太郎    the mentee's: send draft") {
		t.Errorf("the CJK name is not padded by cells: %q", lines[0])
	}
}

func isLink(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link: %v", path, fi.Mode())
	}
}

// readFifo makes a named pipe and reads everything written into it, for
// the test to collect once the writer is done.
func readFifo(t *testing.T, path string) <-chan []byte {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		b, err := os.ReadFile(path)
		if err != nil {
			b = []byte("error: " + err.Error())
		}
		got <- b
	}()
	return got
}

func fromFifo(t *testing.T, path string, got <-chan []byte) []byte {
	t.Helper()
	select {
	case b := <-got:
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("the fifo %s was replaced: %v %v", path, fi.Mode(), err)
		}
		return b
	case <-time.After(30 * time.Second):
		t.Fatal("nothing came through the fifo")
	}
	return nil
}

// exportedRels is how many relationships a JSON export holds.
func exportedRels(t *testing.T, b []byte) int {
	t.Helper()
	var arc model.Archive
	if err := json.Unmarshal(b, &arc); err != nil {
		t.Fatalf("not a JSON export: %v\n%.200s", err, b)
	}
	return len(arc.Relationships)
}

// TestOutputFilesKeepWhatIsThere: export -o and backup replace a file (in
// one step), follow a symbolic link to the file it names, write into a
// pipe or a device as it is, and refuse a folder or the journal itself.
func TestOutputFilesKeepWhatIsThere(t *testing.T) {
	e := withFixture(t)
	if err := os.MkdirAll(e.path("data"), 0o700); err != nil {
		t.Fatal(err)
	}

	// A link to a regular file: the link stays, the file gets the content.
	real := e.path("data/real.json")
	if err := os.WriteFile(real, []byte("an older export"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := e.path("latest.json")
	if err := os.Symlink(filepath.Join("data", "real.json"), link); err != nil {
		t.Fatal(err)
	}
	e.run("", "export", "-o", link).must(t, 0)
	isLink(t, link)
	checkMode(t, real)
	b, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	if n := exportedRels(t, b); n != 3 {
		t.Fatalf("the link's target holds %d relationships", n)
	}
	bakReal, bakLink := e.path("data/journal-copy.db"), e.path("backup.db")
	if err := os.Symlink(bakReal, bakLink); err != nil { // absolute, dangling: the copy is created
		t.Fatal(err)
	}
	e.run("", "backup", bakLink).must(t, 0)
	isLink(t, bakLink)
	checkMode(t, bakReal)
	copyEnv := *e
	copyEnv.db = bakReal
	if n := exportedRels(t, []byte(copyEnv.run("", "export").must(t, 0).out)); n != 3 {
		t.Fatalf("the backup through a link holds %d relationships", n)
	}

	// A named pipe gets the bytes; it stays a pipe.
	md := e.run("", "export", "--format", "markdown").must(t, 0).out
	fifo := e.path("md.fifo")
	got := readFifo(t, fifo)
	e.run("", "export", "--format", "markdown", "-o", fifo).must(t, 0)
	if b := fromFifo(t, fifo, got); string(b) != md {
		t.Fatalf("the fifo got %d bytes, want the %d of the Markdown export", len(b), len(md))
	}
	bfifo := e.path("backup.fifo")
	got = readFifo(t, bfifo)
	e.run("", "backup", bfifo).must(t, 0)
	through := e.path("through-fifo.db")
	if err := os.WriteFile(through, fromFifo(t, bfifo, got), 0o600); err != nil {
		t.Fatal(err)
	}
	copyEnv.db = through
	if n := exportedRels(t, []byte(copyEnv.run("", "export").must(t, 0).out)); n != 3 {
		t.Fatalf("the backup through a fifo holds %d relationships", n)
	}

	// A character device stays one.
	const null = "/dev/null"
	if before, err := os.Lstat(null); err == nil && before.Mode()&os.ModeCharDevice != 0 {
		for _, args := range [][]string{{"export", "-o", null}, {"export", "--format", "markdown", "-o", null}, {"backup", null}} {
			r := e.run("", args...)
			after, err := os.Lstat(null)
			if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
				restoreDevNull(t)
				t.Fatalf("mentorlog %v changed %s: mode %v, was %v (%v)", args, null, after.Mode(), before.Mode(), err)
			}
			r.must(t, 0)
		}
	}

	// A folder: exit 1 and a plain message.
	for _, cmd := range []string{"export", "backup"} {
		args := []string{cmd, e.path("data")}
		if cmd == "export" {
			args = []string{cmd, "-o", e.path("data")}
		}
		r := e.run("", args...).must(t, 1)
		r.oneLine(t, "mentorlog "+cmd+": ", e.path("data")+" is a folder: give a file name")
	}

	// The journal itself, also through a link, is refused.
	self := e.path("self.db")
	if err := os.Symlink(e.db, self); err != nil {
		t.Fatal(err)
	}
	r := e.run("", "export", "-o", self).must(t, 1)
	r.oneLine(t, "mentorlog export: ", "is the journal itself")
	r = e.run("", "backup", self).must(t, 1)
	r.oneLine(t, "mentorlog backup: ", "would overwrite the journal itself")
	isLink(t, self)
	e.run("", "due").must(t, 0)
}

// restoreDevNull puts /dev/null back as the character device 1,3 if a
// broken build replaced it (only root could have).
func restoreDevNull(t *testing.T) {
	t.Helper()
	if fi, err := os.Lstat("/dev/null"); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		return
	}
	os.Remove("/dev/null")
	if err := syscall.Mknod("/dev/null", syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Errorf("could not restore /dev/null: %v", err)
	}
	os.Chmod("/dev/null", 0o666)
}

// TestSearch: one line a hit with the part and field in words, grep-like
// exit codes, --relationship, --shared without private notes, --json, and
// no escape byte when stdout is not a terminal.
func TestSearch(t *testing.T) {
	e := withFixture(t)
	r := e.run("", "search", "Talk").must(t, 0)
	lines := strings.Split(strings.TrimSpace(r.out), "\n")
	if len(lines) < 2 {
		t.Fatalf("search found %d lines:\n%s", len(lines), r.out)
	}
	for _, l := range lines {
		if !strings.Contains(strings.ToLower(l), "talk") || !strings.Contains(l, " · ") {
			t.Errorf("hit line %q lacks the match or its part and field", l)
		}
	}
	lacks(t, "search output to a pipe", r.out, "\x1b")
	if r := e.run("", "search", "zzqqxx-nothing"); r.code != 1 || r.out != "" || r.err != "" {
		t.Fatalf("no hit: exit %d, out %q, err %q; want 1 and silence", r.code, r.out, r.err)
	}
	e.run("", "search").must(t, 2)
	// A lone combining accent is nothing to look for: a usage error, not
	// "nothing found" (it exited 1 without a word).
	if r := e.run("", "search", "\u0301"); r.code != 2 || !strings.Contains(r.err, "only accents") {
		t.Fatalf("search of a lone accent: exit %d, err %q; want 2 and a message", r.code, r.err)
	}
	e.run("", "search", "zzq\u00e9").must(t, 1) // é is a letter: looked for, found nowhere here
	e.run("", "search", "x", "--nope").must(t, 2)
	// A search that cannot be made is 2, as with grep: 1 stays "nothing found".
	if r := e.run("", "--db", filepath.Join(t.TempDir(), "none.db"), "search", "talk"); r.code != 2 || r.err == "" {
		t.Fatalf("search of a missing journal: exit %d, err %q; want 2 and a message", r.code, r.err)
	}
	if r := e.run("", "search", "talk", "--relationship", "nobody-of-that-name"); r.code != 2 || r.err == "" {
		t.Fatalf("search of an unknown relationship: exit %d, err %q; want 2 and a message", r.code, r.err)
	}

	// Private notes are found, and left out with --shared.
	contains(t, "search of a private phrase", e.run("", "search", private).must(t, 0).out, private)
	if r := e.run("", "search", private, "--shared"); r.code != 1 {
		t.Fatalf("--shared found a private note: exit %d\n%s", r.code, r.out)
	}
	// One relationship.
	r = e.run("", "search", "talk", "--relationship", "priya").must(t, 0)
	for _, l := range strings.Split(strings.TrimSpace(r.out), "\n") {
		if !strings.Contains(l, "Priya") {
			t.Errorf("--relationship priya gave %q", l)
		}
	}
	// JSON, one object a line.
	r = e.run("", "search", "talk", "--json").must(t, 0)
	for _, l := range strings.Split(strings.TrimSpace(r.out), "\n") {
		var h struct {
			Line, Part, FieldName string
			RelID                 string `json:"rel_id"`
		}
		if err := json.Unmarshal([]byte(l), &h); err != nil || h.Part == "" || h.RelID == "" || !strings.Contains(strings.ToLower(h.Line), "talk") {
			t.Fatalf("json hit %q: %+v %v", l, h, err)
		}
	}
}

// olderLayout makes the journal one of the layout before this build's, as
// a previous mentorlog left it (the upgrade rebuilds what it lacks).
func (e *env) olderLayout() {
	e.t.Helper()
	db, err := bolt.Open(e.db, 0o600, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte(strconv.Itoa(store.SchemaVersion-1)))
	}); err != nil {
		e.t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		e.t.Fatal(err)
	}
}

// A read command on a journal in an older layout that another mentorlog
// holds (upgrading it, or an older one) says so, not the name of its
// snapshot nor to open for writing what it cannot.
func TestReadCommandsBesideAnOlderLayoutHeld(t *testing.T) {
	e := withFixture(t)
	e.olderLayout()
	db, err := bolt.Open(e.db, 0o600, nil) // held, as the app holds it
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := e.run("", "due").must(t, 1)
	r.oneLine(t, "mentorlog due: ", "the journal "+e.db+" is open in another mentorlog, in an older layout")
	if strings.Contains(r.err, "snapshot") {
		t.Errorf("the message names the snapshot: %q", r.err)
	}
}

// A journal a previous mentorlog wrote (an older layout) is upgraded by the
// first command that reads it, with a note and the old file kept, so that
// scripts and cron go on after an update.
func TestReadCommandsUpgradeAnOlderLayout(t *testing.T) {
	e := withFixture(t)
	before := e.run("", "search", "talk").must(t, 0).out
	e.olderLayout()
	r := e.run("", "search", "talk").must(t, 0)
	if r.out != before {
		t.Fatalf("hits after the upgrade:\n%s\nbefore:\n%s", r.out, before)
	}
	bak := fmt.Sprintf("%s.pre-v%d.bak", e.db, store.SchemaVersion)
	contains(t, "the upgrade's note", r.err, "upgrading", bak)
	if _, err := os.Stat(bak); err != nil {
		t.Fatalf("no copy of the old journal: %v", err)
	}
	if r := e.run("", "search", "talk").must(t, 0); r.err != "" {
		t.Fatalf("a second search upgraded again: %q", r.err)
	}
}

// TestFlagErrorsNameFlagsWithTwoDashes: a wrong flag is named as the help
// writes it, with two dashes, before and after the command.
func TestFlagErrorsNameFlagsWithTwoDashes(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"due", "--bogus"}, "not defined: --bogus"},
		{[]string{"due", "--days", "x"}, "for flag --days"},
		{[]string{"due", "--days"}, "argument: --days"},
	} {
		r := e.run("", c.args...).must(t, 2)
		r.oneLine(t, "mentorlog due: ", c.want)
	}
	r := e.exec("", "--bogus", "due").must(t, 2)
	r.oneLine(t, "mentorlog: ", "not defined: --bogus")
}

// An interrupted command that upgraded the journal first says so: the
// upgrade is done, whatever came after it.
func TestInterruptedAfterAnUpgradeSaysSo(t *testing.T) {
	for _, upgraded := range []string{"", "/j/journal.db"} {
		var errb bytes.Buffer
		a := &app{stderr: &errb, upgraded: upgraded}
		if code := a.finish("due", context.Canceled); code != exitFail {
			t.Errorf("exit %d", code)
		}
		want := "mentorlog due: interrupted; nothing was changed\n"
		if upgraded != "" {
			want = "mentorlog due: interrupted; the journal was upgraded first (/j/journal.db), nothing else was changed\n"
		}
		if errb.String() != want {
			t.Errorf("upgraded %q: %q, want %q", upgraded, errb.String(), want)
		}
	}
}
