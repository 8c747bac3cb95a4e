// Command mentorlog is a terminal journal for mentoring relationships.
//
// Without a command it opens the journal in the terminal app; the commands
// (export, import, backup, due, brief, demo) work on the same journal file
// from scripts and the shell. Run `mentorlog --help` for the list.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"mentorlog/archive"
	"mentorlog/brief"
	"mentorlog/calendar"
	"mentorlog/demo"
	"mentorlog/markdown"
	"mentorlog/model"
	"mentorlog/outfile"
	"mentorlog/store"
	"mentorlog/tui"
)

// version is the release; `go build -ldflags "-X main.version=1.2.3"` sets it.
var version = "0.1.0-dev"

// Exit codes. search follows grep: 1 is "nothing found", and any failure
// is 2, like a usage mistake (troubleError).
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// troubleError is a failure of a command whose status 1 means "nothing
// found" (search): it exits 2, as grep does.
type troubleError struct{ error }

func (e troubleError) Unwrap() error { return e.error }

// How long a command waits for another process's lock on the journal
// before it says the journal is in use.
const lockWait = 500 * time.Millisecond

func main() {
	os.Exit(run(os.Args[1:], &app{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv, now: time.Now,
		isTerminal:     func() bool { return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd()) },
		stdoutTerminal: func() bool { return term.IsTerminal(os.Stdout.Fd()) },
		secret:         askTerminal,
	}))
}

// app is what a command runs with: its streams, environment and clock.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	isTerminal     func() bool
	stdoutTerminal func() bool // stdout alone: matches are marked there

	db  string // --db, if given
	ctx context.Context

	passphraseFile string                                                   // --passphrase-file, if given
	pass           string                                                   // the passphrase given so far
	secret         func(ctx context.Context, prompt string) (string, error) // asks without echo; nil: no terminal

	cleanups []func()      // run when the command ends (temporary snapshots)
	upgraded string        // the journal this run upgraded to the current layout (upgrading)
	in       *bufio.Reader // stdin, for answers read a line at a time (readLine)
}

// workDir is the folder mentorlog was started in, where the app writes
// the files a user asks for ("" if it cannot be found: then the paths stay
// relative to it).
func (a *app) workDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return wd
}

// readLine reads the next line of an answer from stdin.
func (a *app) readLine() (string, error) {
	if a.in == nil {
		a.in = bufio.NewReader(a.stdin)
	}
	return a.in.ReadString('\n')
}

// usageError is a mistake in how a command was called: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand.
type command struct {
	name    string
	summary string
	help    string // full help: usage, what it does, flags, examples
	run     func(a *app, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"export", "write the journal as JSON or Markdown", exportHelp, runExport},
		{"import", "add the relationships of a JSON export to the journal", importHelp, runImport},
		{"backup", "copy the journal to a file, safely", backupHelp, runBackup},
		{"due", "list overdue and upcoming follow-ups and meetings", dueHelp, runDue},
		{"brief", "print the prep brief for your next meeting with someone", briefHelp, runBrief},
		{"search", "find a word or phrase in every text of the journal", searchHelp, runSearch},
		{"id", "print this journal's recipient, for your partner's first share", idHelp, runID},
		{"share", "write a sealed bundle of what you share with someone, for their laptop", shareHelp, runShare},
		{"receive", "merge a bundle your partner shared", receiveHelp, runReceive},
		{"sync", "exchange with your partner through a shared folder", syncHelp, runSync},
		{"encrypt", "encrypt the journal with a passphrase", encryptHelp, runEncrypt},
		{"passwd", "change the passphrase of an encrypted journal", passwdHelp, runPasswd},
		{"decrypt", "turn the journal's encryption off", decryptHelp, runDecrypt},
		{"erase", "erase a relationship for good, leaving nothing of it in the file", eraseHelp, runErase},
		{"calendar", "write next meetings and follow-up due dates as an iCalendar file", calendarHelp, runCalendar},
		{"demo", "explore a sample journal (or write one to a file)", demoHelp, runDemo},
		{"help", "show help for a command", "Usage: mentorlog help [COMMAND]\n\nShows mentorlog's help, or a command's.\n", runHelp},
	}
}

// fullHelp is the command's help, with how a command that opens the
// journal gets the passphrase of an encrypted one.
func (c command) fullHelp() string {
	if c.name == "help" || c.name == "demo" {
		return c.help
	}
	fails := "exits 1"
	if c.name == "search" {
		fails = "exits 2\n(as any search that cannot be made)"
	}
	return c.help + `
An encrypted journal's passphrase is asked on the terminal; scripts and cron
give it with --passphrase-file FILE or MENTORLOG_PASSPHRASE_FILE=FILE (its
first line). Without either and without a terminal the command ` + fails + `.
`
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run is main without the exit: it returns the exit code.
func run(args []string, a *app) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	a.ctx = ctx
	defer func() {
		for _, f := range a.cleanups {
			f()
		}
		a.cleanups = nil
	}()

	global := flag.NewFlagSet("mentorlog", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	global.Usage = func() {}
	global.StringVar(&a.db, "db", "", "")
	global.StringVar(&a.passphraseFile, "passphrase-file", "", "")
	showVersion := global.Bool("version", false, "")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.printMainHelp()
			return exitOK
		}
		fmt.Fprintf(a.stderr, "mentorlog: %s; run `mentorlog --help` for the usage\n", flagError(err))
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintln(a.stdout, versionLine())
		return exitOK
	}
	rest := global.Args()
	if len(rest) == 0 {
		return a.finish("", runApp(a))
	}
	name := rest[0]
	c, ok := findCommand(name)
	if !ok {
		fmt.Fprintf(a.stderr, "mentorlog: %q is not a command; run `mentorlog --help` for the list\n", model.SanitizeLine(name))
		return exitUsage
	}
	return a.finish(name, c.run(a, rest[1:]))
}

// finish prints err as one line and picks the exit code.
func (a *app) finish(cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	prefix := "mentorlog"
	if cmd != "" {
		prefix += " " + cmd
	}
	var ue usageError
	if errors.As(err, &ue) {
		hint := "mentorlog --help"
		if cmd != "" && cmd != "help" { // help's own mistakes are about the commands it lists
			hint = "mentorlog help " + cmd
		}
		fmt.Fprintf(a.stderr, "%s: %s; see `%s`\n", prefix, model.SanitizeLine(ue.msg), hint)
		return exitUsage
	}
	if errors.Is(err, errReported) {
		return exitFail
	}
	var te troubleError
	if errors.As(err, &te) {
		fmt.Fprintf(a.stderr, "%s: %s\n", prefix, model.SanitizeLine(err.Error()))
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		if a.upgraded != "" {
			fmt.Fprintf(a.stderr, "%s: interrupted; the journal was upgraded first (%s), nothing else was changed\n", prefix, a.upgraded)
			return exitFail
		}
		fmt.Fprintf(a.stderr, "%s: interrupted; nothing was changed\n", prefix)
		return exitFail
	}
	fmt.Fprintf(a.stderr, "%s: %s\n", prefix, model.SanitizeLine(err.Error()))
	return exitFail
}

// errReported means the command already printed what went wrong.
var errReported = errors.New("reported")

// parseFlags parses a command's flags, accepting them before and after
// positional arguments ("--" ends the flags). -h or --help prints the
// command's help. It also accepts --db, like the global flag.
func (a *app) parseFlags(fs *flag.FlagSet, args []string) ([]string, bool, error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&a.db, "db", a.db, "")
	fs.StringVar(&a.passphraseFile, "passphrase-file", a.passphraseFile, "")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c, _ := findCommand(fs.Name())
				fmt.Fprint(a.stdout, c.fullHelp())
				return nil, true, nil
			}
			return nil, false, usageError{flagError(err)}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, false, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), false, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagError is the flag package's error with flags named with two
// dashes, as mentorlog's help and README write them (it writes one).
func flagError(err error) string {
	return flagDashes.Replace(err.Error())
}

var flagDashes = strings.NewReplacer("argument: -", "argument: --", "not defined: -", "not defined: --", " for flag -", " for flag --")

// ----- where the journal lives -----

// journalPath is --db, else $MENTORLOG_DB, else the user's data folder.
func (a *app) journalPath() (string, error) {
	p := a.db
	if p == "" {
		p = a.getenv("MENTORLOG_DB")
	}
	if p != "" {
		return outfile.ExpandHome(p, a.getenv("HOME")), nil
	}
	return defaultPath(a.getenv)
}

// defaultPath is $XDG_DATA_HOME/mentorlog/journal.db, or
// ~/.local/share/mentorlog/journal.db when XDG_DATA_HOME is unset or not
// absolute (the XDG spec says to ignore relative paths).
func defaultPath(getenv func(string) string) (string, error) {
	if x := getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "mentorlog", "journal.db"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("cannot tell where your journal lives: HOME is not set; pass --db PATH or set MENTORLOG_DB")
	}
	return filepath.Join(home, ".local", "share", "mentorlog", "journal.db"), nil
}

// openRead opens the journal for a command that only reads it. Readers
// share the file with each other but not with the app, which holds it
// alone while it runs.
func (a *app) openRead() (*store.Store, error) {
	path, err := a.journalPath()
	if err != nil {
		return nil, err
	}
	st, err := a.openReadAt(path)
	if !errors.Is(err, store.ErrLocked) {
		return st, err
	}
	// The app has the journal open: read a consistent snapshot of it
	// instead, taken without the lock, in a folder only this user can read.
	dir, derr := os.MkdirTemp("", "mentorlog-snapshot-")
	if derr != nil {
		return nil, fmt.Errorf("%v; and no snapshot could be taken (%v)", err, derr)
	}
	a.cleanups = append(a.cleanups, func() { os.RemoveAll(dir) })
	snap := filepath.Join(dir, "journal.db")
	return a.unlocked(path, func(pass string) (*store.Store, error) {
		err := store.Snapshot(path, snap, pass)
		var st *store.Store
		if err == nil {
			st, err = store.Open(snap, store.Options{Timeout: lockWait, ReadOnly: true, Now: a.now, Passphrase: pass})
		}
		if errors.Is(err, store.ErrOlderLayout) {
			// Not the snapshot's temporary name, nor advice to open for
			// writing what another mentorlog holds.
			return nil, fmt.Errorf("the journal %s is open in another mentorlog, in an older layout: that mentorlog is upgrading it (try again in a moment), or it is an older mentorlog (quit it, then run this again, which upgrades it)", path)
		}
		return st, err
	})
}

// openReadAt opens the journal at path read-only, beside other readers.
func (a *app) openReadAt(path string) (*store.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		start := "mentorlog"
		if a.db != "" || a.getenv("MENTORLOG_DB") != "" {
			start = "mentorlog --db " + path // a bare mentorlog opens the default journal
		}
		return nil, fmt.Errorf("no journal at %s yet: run `%s` to start one there, `%s import FILE` to load an export, or pass another --db", path, start, start)
	}
	return a.unlocked(path, func(pass string) (*store.Store, error) {
		opt := store.Options{Timeout: lockWait, ReadOnly: true, Now: a.now, Passphrase: pass}
		st, err := store.Open(path, opt)
		if !errors.Is(err, store.ErrOlderLayout) {
			return st, err
		}
		// A journal a previous mentorlog wrote: upgraded once, here, so
		// that scripts and cron go on after an update.
		w, err := store.Open(path, store.Options{Timeout: lockWait, Now: a.now, Passphrase: pass, Upgrading: a.upgrading(path)})
		if err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		return store.Open(path, opt)
	})
}

// openWrite opens (or creates) the journal for a command that changes it.
func (a *app) openWrite() (*store.Store, error) {
	path, err := a.journalPath()
	if err != nil {
		return nil, err
	}
	return a.openJournal(path, store.Options{Timeout: lockWait, Now: a.now})
}

// ----- the app -----

func runApp(a *app) error {
	if !a.isTerminal() {
		return errors.New("the journal app needs a terminal (stdin and stdout); from scripts use `mentorlog due`, `mentorlog brief NAME` or `mentorlog export`")
	}
	path, err := a.journalPath()
	if err != nil {
		return err
	}
	st, err := a.openJournal(path, store.Options{Timeout: time.Second, Now: a.now})
	if err != nil {
		return err
	}
	runErr := a.signalled(tui.Run(st, tui.Options{Path: path, Now: a.now, Files: a.workDir(), Context: a.ctx}))
	if err := st.Close(); err != nil && runErr == nil {
		runErr = fmt.Errorf("closing the journal failed: %w", err)
	}
	return runErr
}

// signalled turns the end of the app at a signal (the terminal closed,
// SIGTERM) into a plain message and a failure status: the journal is
// closed cleanly after it.
func (a *app) signalled(err error) error {
	if a.ctx.Err() != nil {
		return errors.New("stopped by a signal; everything saved before it is in the journal, and what was typed and not saved is kept and put back next time")
	}
	return err
}

// ----- export -----

const exportHelp = `Usage: mentorlog export [--format json|markdown] [--relationship NAME] [--shared] [-o FILE]

Writes the journal, or some of its relationships, to standard output or a file.

  JSON is complete and versioned: it is what ` + "`mentorlog import`" + ` reads, so it
  doubles as a portable backup. Markdown reads well in a pager or on a forge:
  one section per relationship with the agreement, the six layers, goals,
  roadmap, sessions with their reflections, follow-ups and health checks.

Flags:
  --format json|markdown   what to write (default: from the -o file's extension
                           .md or .markdown, else json)
  --relationship NAME      only the relationship with this person; repeat for
                           more. A unique part of a name is enough.
  --shared                 leave out private notes, to hand the export to the
                           other person
  -o FILE                  write to FILE instead of standard output: a file is
                           replaced in one step (mode 0600), through a symbolic
                           link if FILE is one; a pipe or a device is written
                           into as it is
  --db PATH                the journal file (see mentorlog --help)

Examples:
  mentorlog export -o journal.json
  mentorlog export --format markdown | less
  mentorlog export --relationship ada --shared -o ada.md
`

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runExport(a *app, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "", "")
	var rels listFlag
	fs.Var(&rels, "relationship", "")
	shared := fs.Bool("shared", false, "")
	out := fs.String("o", "", "")
	fs.StringVar(out, "output", "", "")
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q: export takes only flags (did you mean -o %s?)", pos[0], pos[0])
	}
	f := strings.ToLower(*format)
	if f == "" {
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".md", ".markdown":
			f = "markdown"
		default:
			f = "json"
		}
	}
	if f == "md" {
		f = "markdown"
	}
	if f != "json" && f != "markdown" {
		return usagef("--format must be json or markdown, not %q", *format)
	}

	if err := a.notTheJournal(*out, "export"); err != nil {
		return err
	}
	st, err := a.openRead()
	if err != nil {
		return err
	}
	defer st.Close()
	a.notePlain(st, "export")
	var ids []model.ID
	var count = -1
	if len(rels) > 0 || f == "markdown" {
		sums, err := st.ListSummaries(a.ctx)
		if err != nil {
			return err
		}
		count = len(sums)
		for _, name := range rels {
			s, err := model.FindRelationship(sums, name)
			if err != nil {
				return err
			}
			if !containsID(ids, s.Rel.ID) {
				ids = append(ids, s.Rel.ID)
			}
		}
		if len(rels) > 0 {
			count = len(ids)
		}
	}
	if f == "markdown" && len(ids) == 0 {
		// A whole export meets every record, or says the journal is
		// damaged (ExportJSON does the same itself).
		if err := st.Verify(a.ctx); err != nil {
			return err
		}
	}
	if f == "markdown" {
		// Decoding every record makes garbage fast while the live heap stays
		// small (a few relationships at a time): collect less often.
		debug.SetGCPercent(400)
	}
	now := a.now()
	write := func(w io.Writer) error {
		if f == "json" {
			return st.ExportJSON(a.ctx, w, store.ExportOptions{RelIDs: ids, Shared: *shared, Now: now})
		}
		m := markdown.NewWriter(w, markdown.Options{Shared: *shared, Now: now})
		if err := m.WriteHeader(count); err != nil {
			return err
		}
		if err := eachFull(a.ctx, st, ids, m.WriteRelationship); err != nil {
			return err
		}
		return m.Close()
	}
	if *out == "" || *out == "-" {
		return write(a.stdout)
	}
	if err := outfile.WriteFile(*out, write); err != nil {
		return err
	}
	what := "the whole journal"
	if len(ids) > 0 {
		what = model.Plural(len(ids), "relationship")
	}
	if *shared {
		what += ", private notes left out,"
	}
	fmt.Fprintf(a.stderr, "exported %s as %s to %s\n", what, f, *out)
	return nil
}

// notTheJournal refuses an output file (-o) that is the journal itself,
// before anything is written: the journal's own path, not the store's,
// since while the app has the journal open a command reads a snapshot.
func (a *app) notTheJournal(out, what string) error {
	if out == "" || out == "-" {
		return nil
	}
	journal, err := a.journalPath()
	if err != nil {
		return err
	}
	if outfile.SameFile(out, journal) {
		return fmt.Errorf("-o %s is the journal itself: choose another file for the %s", out, what)
	}
	return nil
}

// eachFull calls fn with each chosen relationship (nil: all), in id order
// like store.EachFull, but loads (decodes) the next few on other cores
// while fn writes the current one. At most 2×GOMAXPROCS relationships are
// in memory at once.
func eachFull(ctx context.Context, st *store.Store, ids []model.ID, fn func(model.Full) error) error {
	all := ids == nil
	if all {
		sums, err := st.ListSummaries(ctx)
		if err != nil {
			return err
		}
		for _, s := range sums {
			ids = append(ids, s.Rel.ID)
		}
		slices.Sort(ids)
	}
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || len(ids) < 2 {
		return st.EachFull(ctx, ids, fn)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type slot struct {
		f    model.Full
		err  error
		done chan struct{}
	}
	slots := make(chan *slot, workers)
	sem := make(chan struct{}, workers)
	go func() {
		defer close(slots)
		for _, id := range ids {
			s := &slot{done: make(chan struct{})}
			select {
			case slots <- s:
			case <-ctx.Done():
				return
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				s.err = ctx.Err()
				close(s.done)
				return
			}
			go func(id model.ID) {
				s.f, s.err = st.LoadFull(ctx, id)
				<-sem
				close(s.done)
			}(id)
		}
	}()
	var firstErr error
	for s := range slots {
		<-s.done
		if firstErr != nil {
			continue // drain, so that no loader is left behind
		}
		switch {
		case s.err != nil && all && errors.Is(s.err, store.ErrNotFound):
			// deleted meanwhile
		case s.err != nil:
			firstErr = s.err
			cancel()
		default:
			if err := fn(s.f); err != nil {
				firstErr = err
				cancel()
			}
		}
	}
	return firstErr
}

func containsID(ids []model.ID, id model.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// ----- import -----

const importHelp = `Usage: mentorlog import FILE

Adds the relationships of a JSON file written by ` + "`mentorlog export`" + ` to the
journal (creating the journal if there is none yet). The whole file is checked
first: every problem is listed with its place, such as
relationships[2].goals[0].title, and then nothing at all is imported. A good
file is applied in one step, all of it or nothing. A file larger than 8 MB is
written into a copy of the journal that then takes its place: that needs free
space the size of the journal beside it.

Records are matched by their ids: new ones are added, identical ones left
alone, and a record both hold is merged field by field, as receive merges a
bundle: the later edit of each field wins, an older copy never overwrites a
newer one, and two edits of one field made without knowing of each other are
both kept as a conflict to resolve in the app (open the relationship, press E).
Importing the same file twice changes nothing. A file from before revisions
(version 1) replaces a record only if the journal's copy is not newer.
An import never clears a private note: one the file leaves out or has empty
(a shared export, or one that went through another journal) keeps what the
journal has. Only an edit in the app clears it.
FILE may be - for standard input.

Flags:
  --db PATH   the journal file (see mentorlog --help)

Examples:
  mentorlog import journal.json
  mentorlog --db ~/other.db import from-laptop.json
`

func runImport(a *app, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give exactly one file to import (got %d)", len(pos))
	}
	file := pos[0]
	var arc *archive.File
	if file == "-" {
		file = "standard input"
		arc, err = archive.Spool(a.ctx, a.stdin, os.TempDir(), file)
	} else {
		arc, err = archive.Read(a.ctx, file, file, os.TempDir())
	}
	if err != nil {
		return err
	}
	defer arc.Close()
	path, err := a.journalPath()
	if err != nil {
		return err
	}
	_, serr := os.Stat(path)
	made := errors.Is(serr, os.ErrNotExist) // this import makes the journal
	st, err := a.openWrite()
	if err != nil {
		return err
	}
	defer st.Close()
	links := otherNames(st.Path())
	res, err := st.ImportFrom(a.ctx, store.Source{Head: arc.Head, Size: arc.Size, Each: arc.Each})
	if err != nil && made && !errors.Is(err, store.ErrReopen) {
		// Nothing was imported into a journal this import made: it goes,
		// as if the import had never run (a mistyped --db leaves nothing).
		if st.Close() == nil {
			_ = os.Remove(st.Path())
		}
	}
	if res.Rewritten && links > 0 {
		defer fmt.Fprintf(a.stderr, "note: the journal had %s (hard links): the import wrote it anew, so they still name the journal as it was before; delete them\n", model.Plural(links, "other name"))
	}
	var bad *store.ArchiveError
	if errors.As(err, &bad) {
		probs := model.Prefixed("", bad.Err)
		for _, p := range probs {
			fmt.Fprintln(a.stderr, model.SanitizeLine(p.Error()))
		}
		fmt.Fprintf(a.stderr, "mentorlog import: %s has %s; nothing was imported: fix the file and run import again\n",
			model.SanitizeLine(file), model.Plural(len(probs), "problem"))
		return errReported
	}
	if err != nil {
		return err
	}
	if res.Relationships+res.Records+res.Unchanged+res.Kept == 0 {
		fmt.Fprintf(a.stdout, "nothing to import in %s: it holds no relationships\n", file)
		return nil
	}
	defer a.printConflicts(res.Conflicts) // last: it says what to do next
	if res.Kept > 0 {
		defer fmt.Fprintf(a.stdout, "kept the journal's own copy of %s, as new as %s's or newer\n", model.Plural(res.Kept, "record"), file)
	}
	if res.NothingNew() {
		verb, pron := "are", "they are"
		if res.Unchanged == 1 {
			verb, pron = "is", "it is"
		}
		if res.Unchanged == 0 {
			fmt.Fprintf(a.stdout, "nothing new in %s\n", file)
			return nil
		}
		fmt.Fprintf(a.stdout, "nothing new in %s: its %s %s already in the journal as %s\n",
			file, model.Plural(res.Unchanged, "record"), verb, pron)
		return nil
	}
	// Only the counts that are not zero: "0 unchanged" beside what was
	// kept read as a contradiction.
	var written []string
	if res.Relationships > 0 {
		written = append(written, model.Plural(res.Relationships, "relationship"))
	}
	switch {
	case res.Records > 0 && res.Relationships > 0:
		written = append(written, model.Plural(res.Records, "other record"))
	case res.Records > 0:
		written = append(written, model.Plural(res.Records, "record"))
	}
	line := fmt.Sprintf("imported %s: %s written", file, strings.Join(written, " and "))
	if res.Unchanged > 0 {
		line += fmt.Sprintf(", %s unchanged", model.Plural(res.Unchanged, "record"))
	}
	fmt.Fprintln(a.stdout, line)
	return nil
}

// ----- backup -----

const backupHelp = `Usage: mentorlog backup FILE

Writes a consistent copy of the journal to FILE (mode 0600): into a temporary
file first, synced to disk, then renamed, so FILE is never half-written. If
FILE is a symbolic link, the file it points to is replaced and the link kept;
a pipe or a device is written into as it is.
Other read-only commands (due, brief, export) may run at the same time.

It also works while the terminal app has the journal open: the file is
copied without its lock, and the copy is kept only if no save landed while
it was being read (otherwise it is taken again) and it passes the storage
engine's consistency check.

Restore by pointing mentorlog at the copy (mentorlog --db FILE) or copying it
back over the journal while mentorlog is closed.

Flags:
  --db PATH   the journal file (see mentorlog --help)

Examples:
  mentorlog backup ~/backups/mentorlog-$(date +%F).db
  0 3 * * *  mentorlog backup "$HOME/backups/mentorlog.db"   (crontab; an
             encrypted journal adds --passphrase-file FILE)
`

func runBackup(a *app, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give exactly one file to write the backup to (got %d)", len(pos))
	}
	path, err := a.journalPath()
	if err != nil {
		return err
	}
	st, err := a.openReadAt(path)
	if errors.Is(err, store.ErrLocked) {
		// The app has the journal open: copy it without the lock.
		if _, err := a.unlocked(path, func(pass string) (*store.Store, error) { return nil, store.Snapshot(path, pos[0], pass) }); err != nil {
			return fmt.Errorf("backup to %s failed: %w", pos[0], err)
		}
		fmt.Fprintf(a.stderr, "backed up %s to %s (taken while the app had it open)\n", path, pos[0])
		return nil
	}
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(a.ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "backed up %s to %s\n", st.Path(), pos[0])
	return nil
}

// ----- due -----

const dueHelp = `Usage: mentorlog due [--days N] [--kinds LIST]

Lists what is overdue and what falls due in the next N days (default 7)
across every active relationship: follow-ups with a due date, the next
meeting (the date agreed at the last session, or the last session plus the
agreed cadence), and the nudges that hold today. One line each, oldest
first, for a shell prompt or cron:

  DATE        WHEN        KIND       WITH          DETAIL

The kinds:
  follow-up      an open follow-up with a due date
  meeting        the next meeting, LATE once its day has passed
  first-meeting  a pair that has not met yet
  health         a health check is due (every 4 sessions)
  quiet          no session for more than twice the agreed cadence
  stuck          still getting to know each other after 3 sessions, with
                 no problem, skill or goal written down
  agreement      the agreement changed after it was signed

A follow-up due today is not overdue; one due yesterday is. It exits 0
whether or not anything is due; "nothing due" is printed when the list is
empty.

Flags:
  --days N        how many days ahead to look (0 to 3650; default 7)
  --kinds LIST    only these kinds, separated by commas (default: all)
  --db PATH       the journal file (see mentorlog --help)

Examples:
  mentorlog due
  mentorlog due --days 30
  mentorlog due --kinds follow-up,meeting
  mentorlog due --kinds health,quiet,stuck,agreement
`

func runDue(a *app, args []string) error {
	fs := flag.NewFlagSet("due", flag.ContinueOnError)
	days := fs.Int("days", model.DefaultDueHorizon, "")
	kindList := fs.String("kinds", "", "")
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q: due takes only --days N and --kinds LIST", pos[0])
	}
	if *days < 0 || *days > 3650 {
		return usagef("--days must be between 0 and 3650, not %d", *days)
	}
	kinds, err := model.ParseDueKinds(*kindList)
	if err != nil {
		return usagef("--kinds: %s", err)
	}
	st, err := a.openRead()
	if err != nil {
		return err
	}
	defer st.Close()
	items, err := st.Due(a.ctx, a.now(), *days)
	if err != nil {
		return err
	}
	kept := items[:0]
	for _, it := range items {
		if kinds[it.Kind] {
			kept = append(kept, it)
		}
	}
	if len(kept) == 0 && len(kinds) < len(model.DueKinds) {
		var names []string
		for _, k := range model.DueKinds {
			if kinds[k] {
				names = append(names, string(k))
			}
		}
		_, err = fmt.Fprintf(a.stdout, "nothing of those kinds (%s) due or overdue\n", strings.Join(names, ", "))
		return err
	}
	_, err = io.WriteString(a.stdout, formatDue(kept, *days))
	return err
}

// formatDue writes due items one per line with aligned columns.
func formatDue(items []model.DueItem, days int) string {
	if len(items) == 0 {
		if days == 0 {
			return "nothing due today or overdue\n"
		}
		return "nothing due in the next " + model.Plural(days, "day") + " and nothing overdue\n"
	}
	when := make([]string, len(items))
	with := make([]string, len(items))
	ww, nw, kw := 0, 0, 0
	for i, it := range items {
		switch {
		case it.Kind.Nudge() && it.Days < 0:
			when[i] = "since " + strconv.Itoa(-it.Days) + "d"
		case it.Kind.Nudge():
			when[i] = "now"
		case it.Overdue && it.Kind.Meeting():
			when[i] = "LATE " + strconv.Itoa(-it.Days) + "d"
		case it.Overdue:
			when[i] = "OVERDUE " + strconv.Itoa(-it.Days) + "d"
		case it.Days == 0:
			when[i] = "today"
		case it.Days == 1:
			when[i] = "tomorrow"
		default:
			when[i] = "in " + strconv.Itoa(it.Days) + "d"
		}
		with[i] = strings.TrimSpace(model.SanitizeLine(it.With))
		ww = max(ww, ansi.StringWidthWc(when[i]))
		nw = max(nw, ansi.StringWidthWc(with[i]))
		kw = max(kw, len(it.Kind))
	}
	var b strings.Builder
	for i, it := range items {
		b.WriteString(model.FormatDate(it.Date))
		b.WriteString("  ")
		pad(&b, when[i], ww)
		b.WriteString("  ")
		pad(&b, string(it.Kind), kw)
		b.WriteString("  ")
		pad(&b, with[i], nw)
		b.WriteString("  ")
		switch it.Kind {
		case model.DueFollowUp:
			b.WriteString("the " + string(it.Owner) + "'s: ") // "(mentee)" after a name read as the name's role
			b.WriteString(strings.TrimSpace(model.SanitizeLine(it.Text)))
		case model.DueFirst:
			b.WriteString("first meeting, not held yet")
		case model.DueMeeting:
			b.WriteString("next meeting")
		default:
			b.WriteString(strings.TrimSpace(model.SanitizeLine(it.Text)))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// pad writes s and spaces up to width terminal cells: a CJK character
// or an emoji takes two cells, a combining accent none, and each code
// point counts as a terminal draws it (wcwidth: Hindi "हिंदी" is 4 cells;
// the app measures the same way, tui.cells).
func pad(b *strings.Builder, s string, width int) {
	b.WriteString(s)
	for n := ansi.StringWidthWc(s); n < width; n++ {
		b.WriteByte(' ')
	}
}

// ----- brief -----

const briefHelp = `Usage: mentorlog brief [--shared] NAME

Prints the prep brief for your next meeting with NAME: when you meet and
whether that is late, the last session's reflection (unanswered questions
shown as such), open follow-ups by owner with overdue ones marked, the
planned topic, open goals with their missing SMART parts and last progress,
stalled goals with what they mean to the people involved, and topics to try
if the pair is still getting to know each other.

NAME is matched against both people's names, ignoring case: the whole name,
the start of one, or any unique part. Several words are joined.

Flags:
  --shared    leave out your private notes, to show or send the brief
  --db PATH   the journal file (see mentorlog --help)

Examples:
  mentorlog brief ada
  mentorlog brief Ada Lovelace | less
`

func runBrief(a *app, args []string) error {
	fs := flag.NewFlagSet("brief", flag.ContinueOnError)
	shared := fs.Bool("shared", false, "")
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give the name of the person you are meeting")
	}
	st, err := a.openRead()
	if err != nil {
		return err
	}
	defer st.Close()
	sums, err := st.ListSummaries(a.ctx)
	if err != nil {
		return err
	}
	s, err := model.FindRelationship(sums, strings.Join(pos, " "))
	if err != nil {
		return err
	}
	f, err := st.LoadFull(a.ctx, s.Rel.ID)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.stdout, brief.Text(brief.Build(f, a.now(), *shared)))
	return err
}

// ----- calendar -----

const calendarHelp = `Usage: mentorlog calendar [-o FILE] [--relationship NAME]

Writes an iCalendar file (.ics) with the next meeting of every active
relationship and the due date of every open follow-up, as all-day events,
for any calendar app to import or subscribe to. Each event keeps the same
UID from one file to the next, so importing a newer file updates the events
instead of adding them twice. Only names, planned topics and follow-up texts
go in, never private notes: the file is as safe to share as a shared export.

Flags:
  -o FILE               write to FILE (replaced whole) instead of standard output
  --relationship NAME   only the relationship with NAME (part of a name will do)
  --db PATH             the journal file (see mentorlog --help)

Examples:
  mentorlog calendar -o ~/mentoring.ics
  mentorlog calendar --relationship priya > priya.ics
`

func runCalendar(a *app, args []string) error {
	fs := flag.NewFlagSet("calendar", flag.ContinueOnError)
	relName := fs.String("relationship", "", "")
	out := fs.String("o", "", "")
	fs.StringVar(out, "output", "", "")
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q: calendar takes only flags (did you mean -o %s?)", pos[0], pos[0])
	}
	if err := a.notTheJournal(*out, "calendar"); err != nil {
		return err
	}
	st, err := a.openRead()
	if err != nil {
		return err
	}
	defer st.Close()
	a.notePlain(st, "calendar file")
	sums, err := st.ListSummaries(a.ctx)
	if err != nil {
		return err
	}
	name := calendar.Name("")
	if *relName != "" {
		s, err := model.FindRelationship(sums, *relName)
		if err != nil {
			return err
		}
		sums = []model.Summary{s}
		name = calendar.Name(s.Rel.Other())
	}
	open, err := st.OpenFollowUps(a.ctx)
	if err != nil {
		return err
	}
	now := a.now()
	events := calendar.Events(sums, open, now)
	write := func(w io.Writer) error { return calendar.Write(w, name, events, now) }
	if *out == "" || *out == "-" {
		return write(a.stdout)
	}
	if err := outfile.WriteFile(*out, write); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "wrote %s to %s\n", model.Plural(len(events), "event"), *out)
	return nil
}

// ----- search -----

const searchHelp = `Usage: mentorlog search QUERY [--relationship NAME] [--shared] [--json]

Finds QUERY (case-insensitive, as typed: a word or a phrase) in every text
of the journal: the agreement and the six layers, goals and their progress,
the roadmap, sessions with their reflections, follow-ups, health checks and
the closure. One line a hit: the date, the other person, the part and field
as the app names them, and the matching line, the match marked when the
output is a terminal (and NO_COLOR is not set).

Every matching line is printed. The exit status is 0 with hits, 1 without
and 2 when the search could not be made (a usage mistake, a journal that
cannot be opened), as with grep, so scripts can tell them apart.

Flags:
  --relationship NAME   only the relationship with NAME (part of a name will do)
  --shared              leave private notes out, as pair view does
  --json                one JSON object a hit, for other tools ("start" and
                        "end" mark the match in "line", in bytes; "row" and
                        "col" place it in its field, from 0)

Examples:
  mentorlog search "conference talk"
  mentorlog search feedback --relationship priya
  mentorlog search budget --json | jq .line
`

func runSearch(a *app, args []string) error {
	err := search(a, args)
	var ue usageError
	switch {
	case err == nil || errors.Is(err, errReported) || errors.As(err, &ue):
		return err
	case errors.Is(err, context.Canceled):
		return troubleError{errors.New("interrupted")}
	}
	return troubleError{err}
}

func search(a *app, args []string) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	relName := fs.String("relationship", "", "")
	shared := fs.Bool("shared", false, "")
	asJSON := fs.Bool("json", false, "")
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		return usagef("give the word or phrase to find")
	}
	if model.OnlyAccents(query) {
		return usagef("the query is only accents, which a search sets aside: give a word or phrase to find")
	}
	st, err := a.openRead()
	if err != nil {
		return err
	}
	defer st.Close()
	opt := model.SearchOptions{NoPrivate: *shared, Limit: -1}
	if *relName != "" {
		sums, err := st.ListSummaries(a.ctx)
		if err != nil {
			return err
		}
		s, err := model.FindRelationship(sums, *relName)
		if err != nil {
			return err
		}
		opt.RelID = s.Rel.ID
	}
	// Every hit is written to memory as it is found, and the whole to
	// stdout once the journal's transaction is over: a reader of the pipe
	// that takes its time never holds up a save.
	var out blocks
	mark := a.stdoutTerminal != nil && a.stdoutTerminal() && a.getenv("NO_COLOR") == ""
	n := 0
	err = st.SearchEach(a.ctx, query, opt, func(h model.Hit) error {
		n++
		if *asJSON {
			part, field := h.Where()
			b, err := json.Marshal(struct {
				model.Hit
				Part      string `json:"part"`
				FieldName string `json:"field_name"`
			}{h, part, field})
			if err != nil {
				return err
			}
			out.add(string(b))
			return nil
		}
		out.add(searchLine(h, mark))
		return nil
	})
	if err != nil {
		return err
	}
	if err := out.writeTo(a.stdout); err != nil {
		return err
	}
	if n == 0 {
		return errReported // exit 1, nothing to say: like grep
	}
	return nil
}

// blocks holds lines of output in blocks that are never copied as more
// come (a growing buffer copied megabytes, and cleared fresh memory).
type blocks [][]byte

// add appends a line and its newline.
func (bs *blocks) add(line string) {
	n := len(*bs)
	if n == 0 || cap((*bs)[n-1])-len((*bs)[n-1]) < len(line)+1 {
		*bs = append(*bs, make([]byte, 0, max(256<<10, len(line)+1)))
		n++
	}
	b := &(*bs)[n-1]
	*b = append(append(*b, line...), '\n')
}

func (bs blocks) writeTo(w io.Writer) error {
	for _, b := range bs {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// searchLine is one hit for people: date, person, part and field, line.
func searchLine(h model.Hit, mark bool) string {
	part, field := h.Where()
	date := h.Date
	if date == "" {
		date = "          "
	}
	line := h.Line
	start, end := h.Start, h.End
	if start < 0 || end > len(line) || start > end {
		start, end = 0, 0
	}
	pre, match, post := model.SanitizeLine(line[:start]), model.SanitizeLine(line[start:end]), model.SanitizeLine(line[end:])
	if mark && match != "" {
		match = "\x1b[1;7m" + match + "\x1b[0m"
	}
	return date + "  " + model.SanitizeLine(h.With) + "  " + part + " · " + field + "  " + pre + match + post
}

// ----- demo -----

const demoHelp = `Usage: mentorlog demo [--write FILE]

Opens a sample journal in the terminal app so you can look around: three
relationships at different stages (just started; well under way with goals,
a roadmap, sessions and follow-ups; and one stuck getting to know each other).
The sample lives in a temporary file that is removed when you quit; your own
journal is not touched.

Flags:
  --write FILE   write the sample journal to FILE instead (it must not exist
                 yet), then open it any time with mentorlog --db FILE

Examples:
  mentorlog demo
  mentorlog demo --write /tmp/sample.db && mentorlog --db /tmp/sample.db due
`

func runDemo(a *app, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	write := fs.String("write", "", "")
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q: use demo --write FILE to write the sample to a file", pos[0])
	}
	if *write != "" {
		if _, err := os.Stat(*write); err == nil {
			return fmt.Errorf("%s already exists: demo --write never overwrites a file; choose a new name", *write)
		}
		if err := writeDemo(a, *write); err != nil {
			os.Remove(*write)
			return err
		}
		fmt.Fprintf(a.stdout, "wrote a sample journal to %s; open it with: mentorlog --db %s\n", *write, *write)
		return nil
	}
	if !a.isTerminal() {
		return errors.New("the demo opens the terminal app, which needs a terminal; use `mentorlog demo --write FILE` to get the sample as a file")
	}
	dir, err := os.MkdirTemp("", "mentorlog-demo-")
	if err != nil {
		return fmt.Errorf("cannot create a temporary folder for the demo: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "journal.db")
	if err := writeDemo(a, path); err != nil {
		return err
	}
	st, err := store.Open(path, store.Options{Timeout: time.Second, Now: a.now}) // a demo is never encrypted
	if err != nil {
		return err
	}
	runErr := a.signalled(tui.Run(st, tui.Options{Path: path, Now: a.now, Files: a.workDir(), Title: "demo journal · not kept", Context: a.ctx}))
	st.Close()
	return runErr
}

func writeDemo(a *app, path string) error {
	st, err := store.Open(path, store.Options{Timeout: lockWait, Now: a.now})
	if err != nil {
		return err
	}
	if _, err := st.Import(a.ctx, demo.Archive(a.now())); err != nil {
		st.Close()
		return err
	}
	return st.Close()
}

// ----- help and version -----

func runHelp(a *app, args []string) error {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		args = []string{"help"}
	}
	if len(args) == 0 {
		a.printMainHelp()
		return nil
	}
	if len(args) > 1 {
		return usagef("give one command name")
	}
	c, ok := findCommand(args[0])
	if !ok {
		return usagef("%q is not a command", args[0])
	}
	fmt.Fprint(a.stdout, c.fullHelp())
	return nil
}

func (a *app) printMainHelp() {
	var b strings.Builder
	b.WriteString(`mentorlog: a terminal journal for mentoring relationships

Usage:
  mentorlog [--db PATH]                  open the journal in the terminal app
  mentorlog [--db PATH] COMMAND [flags]  run a command

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Flags:
  --db PATH    the journal file; default $MENTORLOG_DB, else
               $XDG_DATA_HOME/mentorlog/journal.db, else
               ~/.local/share/mentorlog/journal.db
  --passphrase-file FILE
               an encrypted journal's passphrase, from FILE's first line
               (or MENTORLOG_PASSPHRASE_FILE); else it is asked
  --version    print the version
  -h, --help   show this help
`)
	if p, err := a.journalPath(); err == nil {
		b.WriteString("\nYour journal: " + p + "\n")
	}
	b.WriteString("\nRun `mentorlog help COMMAND` (or COMMAND --help) for its flags and examples.\n")
	io.WriteString(a.stdout, b.String())
}

func versionLine() string {
	s := "mentorlog " + version
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
			case "vcs.modified":
				if kv.Value == "true" {
					dirty = "+changes"
				}
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			s += " (" + rev + dirty + ")"
		}
		s += " " + bi.GoVersion
	}
	return s
}
