package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"mentorlog/bundle"
	"mentorlog/model"
	"mentorlog/store"
)

// The commands of two laptops: id, share, receive and sync (issue 10).

const idHelp = `Usage: mentorlog id

Prints this journal's recipient: the public key (age1…) your partner gives
to ` + "`mentorlog share --to`" + ` the first time, so that what they send
can be opened by this journal and no one else. It is made the first time
you ask. It is safe to send by mail or chat; the secret half never leaves
the journal.

Flags:
  --db PATH   the journal file (see mentorlog --help)
`

func runID(a *app, args []string) error {
	fs := flag.NewFlagSet("id", flag.ContinueOnError)
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("id takes no arguments")
	}
	st, err := a.openWrite()
	if err != nil {
		return err
	}
	defer st.Close()
	_, rcpt, err := st.Identity(a.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, rcpt)
	return nil
}

const shareHelp = `Usage: mentorlog share NAME [-o FILE] [--to RECIPIENT [--replace]]

Writes what you share with NAME (the agreement, the layers, goals, roadmap,
sessions, follow-ups, health checks; never your private notes) as one
bundle, sealed so that only your partner's journal can open it. Send it any
way you like: mail, chat, a USB stick, a shared folder. They run
` + "`mentorlog receive FILE`" + `, and send theirs back the same way.

The first time, give your partner's recipient with --to (they get it from
` + "`mentorlog id`" + ` on their laptop); after the first exchange it is
remembered.

Flags:
  -o FILE          where to write it (default, here: mentorlog-YOU-to-THEM-DATE.bundle)
  --to RECIPIENT   your partner's recipient, age1…
  --replace        with --to: your partner has a new journal (a new laptop)
  --db PATH        the journal file (see mentorlog --help)

Examples:
  mentorlog share priya --to age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq
  mentorlog share priya -o ~/Dropbox/to-priya.bundle
`

func runShare(a *app, args []string) error {
	fs := flag.NewFlagSet("share", flag.ContinueOnError)
	out := fs.String("o", "", "")
	fs.StringVar(out, "output", "", "")
	to, replace := recipientFlags(fs)
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give the name of the person to share with")
	}
	if err := checkTo(*to); err != nil {
		return err
	}
	st, s, err := a.openRelWrite(strings.Join(pos, " "))
	if err != nil {
		return err
	}
	defer st.Close()
	path := *out
	if path == "" {
		path = model.BundleName(s.Rel.Own(), s.Rel.Other(), a.now())
	}
	if err := st.ShareFile(a.ctx, s.Rel.ID, *to, *replace, path); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote %s for %s. Send it to them; they run: mentorlog receive %s\n", path, model.SanitizeLine(s.Rel.Other()), filepath.Base(path))
	return nil
}

// recipientFlags are share's and sync's --to and --replace.
func recipientFlags(fs *flag.FlagSet) (to *string, replace *bool) {
	return fs.String("to", "", ""), fs.Bool("replace", false, "")
}

// checkTo refuses a --to that is not a recipient, as a usage mistake.
func checkTo(to string) error {
	if to == "" {
		return nil
	}
	if err := bundle.CheckRecipient(to); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// openRelWrite opens the journal for a command that changes the
// relationship with name, and finds it.
func (a *app) openRelWrite(name string) (*store.Store, model.Summary, error) {
	st, err := a.openWrite()
	if err != nil {
		return nil, model.Summary{}, err
	}
	s, err := a.findRel(st, name)
	if err != nil {
		st.Close()
		return nil, model.Summary{}, err
	}
	return st, s, nil
}

func (a *app) findRel(st *store.Store, name string) (model.Summary, error) {
	sums, err := st.ListSummaries(a.ctx)
	if err != nil {
		return model.Summary{}, err
	}
	return model.FindRelationship(sums, name)
}

const receiveHelp = `Usage: mentorlog receive FILE [--into NAME | --new]

Merges a bundle your partner wrote with ` + "`mentorlog share`" + ` into this
journal, all of it or nothing, and says what came in: new, updated and
deleted records, and conflicts. Nothing is lost: an edit never overwrites
one made meanwhile on this side. Where both of you changed the same text,
both versions are kept as a conflict, to resolve in the app (E on the
relationship opens its Exchange screen). Receiving the same bundle twice changes nothing.

A relationship new to this journal is added, with you on the other side
from the sender. If this journal already has a relationship with the same
names that no exchange has linked yet, you are asked whether it is the same
one (or say so with --into or --new).

Flags:
  --into NAME   merge into this relationship of the journal
  --new         add it as a new relationship, even if the names match one
  --db PATH     the journal file (see mentorlog --help)
`

func runReceive(a *app, args []string) error {
	fs := flag.NewFlagSet("receive", flag.ContinueOnError)
	into := fs.String("into", "", "")
	asNew := fs.Bool("new", false, "")
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one bundle file to receive (got %d)", len(pos))
	}
	if *into != "" && *asNew {
		return usagef("--into and --new cannot go together")
	}
	st, err := a.openWrite()
	if err != nil {
		return err
	}
	defer st.Close()
	opt := store.ReceiveOptions{New: *asNew}
	if *into != "" {
		s, err := a.findRel(st, *into)
		if err != nil {
			return err
		}
		opt.Into, opt.Chosen = s.Rel.ID, true
	}
	res, err := a.receiveFile(st, pos[0], opt)
	if err != nil {
		return err
	}
	a.printReceived(res)
	return nil
}

// receiveFile merges the bundle at path, asking on a terminal which
// relationship it is when the journal cannot tell.
func (a *app) receiveFile(st *store.Store, path string, opt store.ReceiveOptions) (store.ReceiveResult, error) {
	// Rebuilding a relationship makes garbage fast while the live heap
	// stays about the bundle's size: collect less often, as export does.
	debug.SetGCPercent(400)
	open := func() (store.ReceiveResult, error) { return st.ReceiveFile(a.ctx, path, opt) }
	res, err := open()
	if !errors.Is(err, store.ErrWhichRelationship) {
		return res, err
	}
	if !a.isTerminal() {
		return res, fmt.Errorf("%w; pass --into NAME or --new", err)
	}
	for _, c := range res.Candidates {
		fmt.Fprintf(a.stdout, "This journal has %s (mentor) and %s (mentee),\nstarted %s. Is the bundle about this relationship?\n", model.SanitizeLine(c.MentorName), model.SanitizeLine(c.MenteeName), model.FormatDate(c.Started))
		for {
			fmt.Fprint(a.stdout, "y: it is this one, n: it is another one, q: stop (nothing is changed): ")
			line, err := a.readLine()
			answer := strings.ToLower(strings.TrimSpace(line))
			switch {
			case answer == "y" || answer == "yes":
				opt.Into, opt.Chosen = c.ID, true
				return open()
			case answer == "q" || answer == "quit" || err != nil:
				return res, fmt.Errorf("stopped: nothing was changed")
			}
			if answer == "n" || answer == "no" {
				break
			}
		}
	}
	opt.New = true
	return open()
}

func (a *app) printReceived(res store.ReceiveResult) {
	who := fmt.Sprintf("%s (%s)", model.SanitizeLine(res.Name), res.Party)
	written := res.Written.In(a.now().Location()).Format("2006-01-02 15:04")
	switch {
	case res.NothingNew:
		fmt.Fprintf(a.stdout, "Nothing new from %s: this journal already had everything in the bundle written %s.\n", who, written)
	case res.Created:
		fmt.Fprintf(a.stdout, "Added your relationship with %s, from their bundle written %s: %s.\n", who, written, model.Plural(res.New, "record"))
	default:
		fmt.Fprintf(a.stdout, "Received from %s, written %s: %s.\n", who, written, res.Counts())
	}
	if res.Resolved > 0 {
		fmt.Fprintf(a.stdout, "%s resolved on their side.\n", model.Plural(res.Resolved, "conflict"))
	}
	if res.SameRole {
		fmt.Fprintf(a.stdout, "Note: this journal and theirs both say they are the %s. If theirs is your own other laptop, that is right; if you are the %s, set \"You are the\" to %s (e on the relationship, in the app).\n",
			res.Party, res.Party.Opposite(), res.Party.Opposite())
	}
	a.printConflicts(res.Conflicts)
}

// printConflicts says what to do about the open conflicts a receive or
// an import leaves.
func (a *app) printConflicts(n int) {
	if n > 0 {
		fmt.Fprintf(a.stdout, "%s to resolve: both versions are kept; open the relationship in mentorlog and press E.\n", model.Plural(n, "conflict"))
	}
}

const syncHelp = `Usage: mentorlog sync NAME --dir DIR [--to RECIPIENT [--replace]]

Exchanges with NAME through a folder that something else keeps the same on
both laptops: Syncthing, Dropbox, a network share, or a git work tree you
commit and pull. Each journal writes only its own file there, one per
relationship (JOURNALID-RELATIONSHIP.bundle, replaced whole), and reads its
partner's, so the folder's own sync never sees two laptops write one file,
and one folder can serve all your relationships. mentorlog runs no server.

It first merges your partner's file, if there is one, then writes yours.
The first time, the side that starts gives the partner's recipient with
--to; the other side's first sync finds the relationship in the folder,
by NAME, and adds it.

Flags:
  --dir DIR        the shared folder (made if missing)
  --to RECIPIENT   your partner's recipient, age1…, the first time
  --replace        with --to: your partner has a new journal (a new laptop)
  --db PATH        the journal file (see mentorlog --help)

Example:
  mentorlog sync priya --dir ~/Sync/mentoring
`

func runSync(a *app, args []string) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	dir := fs.String("dir", "", "")
	to, replace := recipientFlags(fs)
	pos, help, err := a.parseFlags(fs, args)
	if help || err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give the name of the person to sync with")
	}
	if *dir == "" {
		return usagef("give the shared folder with --dir")
	}
	if err := checkTo(*to); err != nil {
		return err
	}
	if fi, err := os.Stat(*dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is a file, not a folder: give the shared folder with --dir", *dir)
	} else if err != nil {
		if *to == "" {
			return fmt.Errorf("there is no folder %s: check the path (the first sync, the one with --to, makes it)", *dir)
		}
		if err := os.MkdirAll(*dir, 0o700); err != nil {
			return fmt.Errorf("cannot make the folder %s: %w", *dir, err)
		}
	}
	st, err := a.openWrite()
	if err != nil {
		return err
	}
	defer st.Close()
	name := strings.Join(pos, " ")
	me, _, err := st.Identity(a.ctx)
	if err != nil {
		return err
	}
	done := map[string]bool{} // files received already in this run
	s, err := a.findRel(st, name)
	if err != nil {
		// The partner may have started: their file for this journal,
		// about a relationship of NAME, adds it here.
		if s, err = a.syncFirst(st, *dir, me, name, err, done); err != nil {
			return err
		}
	}
	p, _, err := st.Partner(a.ctx, s.Rel.ID)
	if err != nil {
		return err
	}
	rel := s.Rel.ID
	if p.SharedID != "" {
		rel = p.SharedID
	}
	// The partner's file: by its journal id once known; before, any
	// other journal's file of this relationship.
	var theirs []string
	if p.Journal != "" {
		theirs = []string{syncFile(*dir, p.Journal, rel)}
	} else {
		found, _ := filepath.Glob(filepath.Join(*dir, "*-"+string(rel)+".bundle"))
		for _, f := range found {
			if f != syncFile(*dir, me, rel) {
				theirs = append(theirs, f)
			}
		}
	}
	received := false
	for _, f := range theirs {
		if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if done[f] {
			received = true
			continue
		}
		res, err := a.receiveFile(st, f, store.ReceiveOptions{Into: s.Rel.ID})
		switch {
		case errors.Is(err, bundle.ErrNotForUs) && p.Journal == "":
			continue // a third journal's file of the same relationship
		case errors.Is(err, bundle.ErrDamaged) || errors.Is(err, bundle.ErrNotBundle):
			// Half copied by the folder's sync, most likely: write ours
			// all the same, and read theirs next time.
			fmt.Fprintf(a.stderr, "mentorlog sync: skipped %s: %s; it may still be copying: sync again later\n", f, model.SanitizeLine(err.Error()))
			received = true
			continue
		case err != nil:
			return fmt.Errorf("%s: %w", f, err)
		}
		a.printReceived(res)
		received = true
	}
	if !received {
		fmt.Fprintf(a.stdout, "Nothing from %s in %s yet.\n", model.SanitizeLine(s.Rel.Other()), *dir)
	}
	mine := syncFile(*dir, me, rel)
	if err := st.ShareFile(a.ctx, s.Rel.ID, *to, *replace, mine); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Wrote %s for %s.\n", mine, model.SanitizeLine(s.Rel.Other()))
	return nil
}

// syncFile is where journal writes its bundle of relationship rel.
func syncFile(dir, journal string, rel model.ID) string {
	return filepath.Join(dir, journal+"-"+string(rel)+".bundle")
}

// syncFirst receives the bundles in dir that this journal can open and
// whose relationship is not here yet, then looks NAME up again; notFound
// is the error of the first look.
func (a *app) syncFirst(st *store.Store, dir, me, name string, notFound error, done map[string]bool) (model.Summary, error) {
	found, _ := filepath.Glob(filepath.Join(dir, "*.bundle"))
	for _, f := range found {
		if strings.HasPrefix(filepath.Base(f), me+"-") {
			continue
		}
		res, err := a.receiveFile(st, f, store.ReceiveOptions{})
		if errors.Is(err, bundle.ErrNotForUs) {
			continue
		}
		if err != nil {
			return model.Summary{}, fmt.Errorf("%s: %w", f, err)
		}
		done[f] = true
		if res.Created {
			a.printReceived(res)
		}
	}
	s, err := a.findRel(st, name)
	if err != nil {
		return s, fmt.Errorf("%w; and %s holds no bundle from %s for this journal yet: they sync first, with --to and the recipient `mentorlog id` prints here", notFound, dir, model.SanitizeLine(name))
	}
	return s, nil
}
