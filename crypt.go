package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/charmbracelet/x/term"

	"mentorlog/model"
	"mentorlog/store"
)

// ----- the passphrase of an encrypted journal -----

// errNoTerminal: a passphrase is needed, and there is no terminal to ask
// on and no file to read it from.
var errNoTerminal = errors.New("no terminal to ask the passphrase on")

// askSecret asks on the terminal, without echo (a.secret, in tests).
func (a *app) askSecret(prompt string) (string, error) {
	if a.secret == nil {
		return "", errNoTerminal
	}
	return a.secret(a.ctx, prompt)
}

// secretTerminal is the terminal a passphrase is typed on: stdin when it
// is one, else the process's own terminal (/dev/tty), as ssh and gpg ask,
// so that a file can be fed to an encrypted journal on stdin (`export |
// import -`). Nil when there is none (cron, a script, a test).
var secretTerminal = sync.OnceValue(func() *os.File {
	if term.IsTerminal(os.Stdin.Fd()) {
		return os.Stdin
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil
	}
	if !term.IsTerminal(tty.Fd()) {
		tty.Close()
		return nil
	}
	return tty
})

// askTerminal asks on the process's terminal, without echo: the prompt
// goes to stderr, or to the terminal itself when stderr is elsewhere.
func askTerminal(ctx context.Context, prompt string) (string, error) {
	in := secretTerminal()
	if in == nil {
		return "", errNoTerminal
	}
	out := io.Writer(os.Stderr)
	if !term.IsTerminal(os.Stderr.Fd()) {
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			defer tty.Close()
			out = tty
		}
	}
	fmt.Fprint(out, prompt)
	s, err := readSecretLine(ctx, in)
	fmt.Fprintln(out)
	if err != nil && ctx.Err() == nil {
		return "", fmt.Errorf("cannot read the passphrase: %w", err)
	}
	return s, err
}

// passFile is --passphrase-file, else $MENTORLOG_PASSPHRASE_FILE.
func (a *app) passFile() string {
	if a.passphraseFile != "" {
		return a.passphraseFile
	}
	return a.getenv("MENTORLOG_PASSPHRASE_FILE")
}

// readPassFile reads a passphrase from the first line of file.
func (a *app) readPassFile(file, what string) (string, error) {
	if fi, err := os.Stat(file); err == nil && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(a.stderr, "note: others can read %s (mode %04o): chmod 600 %s\n", file, fi.Mode().Perm(), file)
	}
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("there is no file %s to read the %s from: check the path", file, what)
	}
	if err != nil {
		return "", fmt.Errorf("cannot read the %s from %s: %w", what, file, err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", fmt.Errorf("%s is empty: its first line is the %s", file, what)
	}
	return line, nil
}

// passphrase is the passphrase of the encrypted journal at path: from the
// passphrase file, else asked on the terminal.
func (a *app) passphrase(path string) (string, error) {
	if f := a.passFile(); f != "" {
		return a.readPassFile(f, "passphrase")
	}
	p, err := a.askSecret(fmt.Sprintf("Passphrase of %s (or its recovery key): ", path))
	if errors.Is(err, errNoTerminal) {
		return "", &store.Error{Kind: store.ErrNeedPassphrase,
			Msg: fmt.Sprintf("journal %s is encrypted and there is no terminal to ask its passphrase on: give it with --passphrase-file FILE or MENTORLOG_PASSPHRASE_FILE=FILE (the file's first line)", path)}
	}
	return p, err
}

// unlocked runs open with the journal's passphrase: none at first, then
// the one given, asked again on a terminal after a wrong one (three tries).
func (a *app) unlocked(path string, open func(pass string) (*store.Store, error)) (*store.Store, error) {
	st, err := open(a.pass)
	quiet := false
	for tries := 1; ; tries++ {
		need, wrong := errors.Is(err, store.ErrNeedPassphrase), errors.Is(err, store.ErrWrongPassphrase)
		if !need && !wrong {
			return st, err
		}
		if wrong && (a.passFile() != "" || tries > 3) {
			return nil, fmt.Errorf("%w; if the passphrase is lost, the recovery key printed by the last encrypt or passwd (AGE-SECRET-KEY-1…) opens it: give it in place of the passphrase", err)
		}
		if wrong {
			fmt.Fprintf(a.stderr, "%s; try again\n", strings.TrimSuffix(err.Error(), " (nothing was changed)"))
			if a.secret != nil {
				dropTypedAheadInput() // keys typed while it was checked are not the next try
			}
		}
		if !quiet && a.passFile() == "" && a.secret != nil {
			// Keys typed ahead while a passphrase is checked stay unseen.
			quiet = true
			defer echoOff()()
		}
		if a.pass, err = a.passphrase(path); err != nil {
			return nil, err
		}
		st, err = open(a.pass)
	}
}

// openJournal opens the journal at path with opt, unlocking it first if
// it is encrypted.
func (a *app) openJournal(path string, opt store.Options) (*store.Store, error) {
	return a.unlocked(path, func(pass string) (*store.Store, error) {
		opt.Passphrase = pass
		opt.Upgrading = a.upgrading(path)
		return store.Open(path, opt)
	})
}

// upgrading says on stderr that the journal at path is being upgraded
// (store.Options.Upgrading): before the app's screen, or a command's
// output.
func (a *app) upgrading(path string) func() {
	return func() {
		a.upgraded = path
		fmt.Fprintf(a.stderr, "mentorlog: upgrading %s to layout version %d; the old file is kept as %s.pre-v%d.bak\n", path, store.SchemaVersion, path, store.SchemaVersion)
	}
}

// newPassphrase is a passphrase to set: from file (a flag's, if given),
// else asked twice on the terminal.
func (a *app) newPassphrase(file string) (string, error) {
	if file != "" {
		p, err := a.readPassFile(file, "new passphrase")
		if why := model.CheckPassphrase(p); err == nil && why != "" {
			return "", fmt.Errorf("the passphrase in %s %s; nothing was changed", file, why)
		}
		return p, err
	}
	// On the terminal, a passphrase too short, or typed again otherwise,
	// is asked again (three tries), as a wrong one is.
	for tries := 1; ; tries++ {
		p, err := a.askSecret("New passphrase: ")
		if errors.Is(err, errNoTerminal) {
			return "", errors.New("there is no terminal to ask the new passphrase on: give it with --new-passphrase-file FILE (its first line); nothing was changed")
		}
		if err != nil {
			return "", err
		}
		why := model.CheckPassphrase(p)
		if why == "" {
			again, err := a.askSecret("The same again: ")
			if err != nil {
				return "", err
			}
			if again == p {
				return p, nil
			}
			why = "typed again was not the same"
		}
		if tries == 3 {
			return "", fmt.Errorf("the passphrase %s; nothing was changed", why)
		}
		fmt.Fprintf(a.stderr, "the passphrase %s; try again\n", why)
	}
}

// notePlain says, on stderr, that what a command writes from an encrypted
// journal (what) is not encrypted.
func (a *app) notePlain(st *store.Store, what string) {
	if st.Encrypted() {
		fmt.Fprintf(a.stderr, "note: the journal is encrypted, its %s is not: anyone who can read the %s can read what is in it\n", what, what)
	}
}

// showRecovery prints the recovery key, once.
func (a *app) showRecovery(recovery string) {
	fmt.Fprintf(a.stdout, `
Recovery key (it opens the journal if the passphrase is lost; this is the
only time it is shown: write it down, or keep it in a password manager,
away from this laptop):

  %s

`, recovery)
}

// ----- encrypt, passwd, decrypt, erase -----

const encryptHelp = `Usage: mentorlog encrypt [--new-passphrase-file FILE]

Encrypts the journal: from now on it opens only with its passphrase (or
the recovery key printed once, now). The passphrase is asked twice, without
echo; --new-passphrase-file (else --passphrase-file or
MENTORLOG_PASSPHRASE_FILE) reads it from a file's first line instead.

The journal is written again, sealed, into a new file beside it, which is
synced and checked before it replaces the old one: a crash at any moment
leaves either the old journal or the new one. Backups and exports you made
before stay as they were: plain.

Flags:
  --new-passphrase-file FILE   the passphrase, from the first line of FILE
  --db PATH                    the journal file (see mentorlog --help)
`

const passwdHelp = `Usage: mentorlog passwd [--new-passphrase-file FILE]

Changes the passphrase of an encrypted journal. Every key is made anew, so
neither the old passphrase nor the old recovery key opens it afterwards;
the new recovery key is printed once. The current passphrase is asked
first (or read from --passphrase-file / MENTORLOG_PASSPHRASE_FILE).

Flags:
  --new-passphrase-file FILE   the new passphrase, from the first line of FILE
  --passphrase-file FILE       the current passphrase
  --db PATH                    the journal file (see mentorlog --help)
`

const decryptHelp = `Usage: mentorlog decrypt

Turns encryption off: the journal is written again, plain, into a new file
that replaces it. Anyone who can read the file can then read your notes.

Flags:
  --passphrase-file FILE   the passphrase
  --db PATH                the journal file (see mentorlog --help)
`

const eraseHelp = `Usage: mentorlog erase NAME [--yes]

Erases the relationship with NAME for good: every record of it, its search
texts, revisions and drafts and, in an encrypted journal, its key. The
journal is written again without them, so no page of the file keeps any of
it. It asks you to type the name first, unless --yes.

What erase cannot reach: backups and exports you made, bundles you already
sent, your partner's journal, and blocks the drive itself remapped or that
the file system has not reused yet.

Flags:
  --yes                    do not ask
  --passphrase-file FILE   the passphrase of an encrypted journal
  --db PATH                the journal file (see mentorlog --help)
`

// openToRekey parses the flags of encrypt, passwd or decrypt (fs), which
// take no arguments, and opens the journal for writing if it is encrypted
// as the command needs (encrypted). A nil store and error: help was shown.
func (a *app) openToRekey(fs *flag.FlagSet, args []string, encrypted bool) (*store.Store, error) {
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, usagef("%s takes no arguments (got %q)", fs.Name(), pos[0])
	}
	st, err := a.openWrite()
	if !encrypted && errors.Is(err, store.ErrNeedPassphrase) {
		return nil, store.ErrAlreadyEncrypted // it asked for a passphrase: it has one
	}
	if err != nil {
		return nil, err
	}
	switch {
	case encrypted && !st.Encrypted():
		st.Close()
		return nil, store.ErrNotEncrypted
	case !encrypted && st.Encrypted():
		st.Close()
		return nil, store.ErrAlreadyEncrypted
	}
	return st, nil
}

func runEncrypt(a *app, args []string) error {
	fs := flag.NewFlagSet("encrypt", flag.ContinueOnError)
	newFile := fs.String("new-passphrase-file", "", "")
	st, err := a.openToRekey(fs, args, false)
	if st == nil || err != nil {
		return err
	}
	defer st.Close()
	file := *newFile
	if file == "" {
		file = a.passFile()
	}
	pass, err := a.newPassphrase(file)
	if err != nil {
		return err
	}
	links := otherNames(st.Path()) // they will still name the plain file
	recovery, err := st.Encrypt(a.ctx, pass)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Encrypted %s: it opens only with its passphrase now.\n", st.Path())
	a.showRecovery(recovery)
	// Copies made before an upgrade are the journal as it was: plain.
	old, _ := filepath.Glob(st.Path() + ".pre-v*.bak")
	for _, f := range old {
		fmt.Fprintf(a.stderr, "note: %s is a copy of the journal from before an upgrade, and is not encrypted: delete it once you no longer need it\n", f)
	}
	if links > 0 {
		fmt.Fprintf(a.stderr, "note: the journal had %s (hard links): they still name the plain journal it was; delete them\n", model.Plural(links, "other name"))
	}
	return nil
}

func runPasswd(a *app, args []string) error {
	fs := flag.NewFlagSet("passwd", flag.ContinueOnError)
	newFile := fs.String("new-passphrase-file", "", "")
	st, err := a.openToRekey(fs, args, true)
	if st == nil || err != nil {
		return err
	}
	defer st.Close()
	pass, err := a.newPassphrase(*newFile)
	if err != nil {
		return err
	}
	recovery, err := st.ChangePassphrase(a.ctx, pass)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Changed the passphrase of %s. The old passphrase and the old recovery key no longer open it.\n", st.Path())
	a.showRecovery(recovery)
	return nil
}

func runDecrypt(a *app, args []string) error {
	fs := flag.NewFlagSet("decrypt", flag.ContinueOnError)
	st, err := a.openToRekey(fs, args, true)
	if st == nil || err != nil {
		return err
	}
	defer st.Close()
	if err := st.Decrypt(a.ctx); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Decrypted %s: it is plain now, and anyone who can read the file can read it.\n", st.Path())
	return nil
}

func runErase(a *app, args []string) error {
	fs := flag.NewFlagSet("erase", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "")
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give the name of the person whose relationship to erase")
	}
	st, s, err := a.openRelWrite(strings.Join(pos, " "))
	if err != nil {
		return err
	}
	defer st.Close()
	if !*yes && !a.isTerminal() {
		return usagef("erase cannot be undone and there is no terminal to confirm it on: add --yes")
	}
	name := model.SanitizeLine(s.Rel.Other())
	if !*yes {
		fmt.Fprintf(a.stdout, "This erases your relationship with %s for good: every session, goal, follow-up and note of it.\nType %q to erase it (anything else stops): ", name, name)
		line, _ := a.readLine()
		if strings.TrimSpace(line) != strings.TrimSpace(name) {
			return errors.New("stopped: nothing was erased")
		}
	}
	if err := st.Erase(a.ctx, s.Rel.ID); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Erased your relationship with %s; the journal holds nothing of it now. Backups, exports and bundles made before still do.\n", name)
	return nil
}
