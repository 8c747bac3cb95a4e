package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
	"mentorlog/store"
)

// Two laptops, end to end with the built binary: each side's journal is
// its own file, edits are made with the store as each side's app would
// make them, and everything between the two goes through id, share,
// receive and sync.

// laptop is one side: its own sandbox and journal.
type laptop struct{ *env }

func newLaptop(t *testing.T) laptop { return laptop{newEnv(t)} }

// id is the journal's recipient.
func (l laptop) id() string {
	l.t.Helper()
	return strings.TrimSpace(l.run("", "id").must(l.t, 0).out)
}

// edit changes the journal with the store, as the app on that laptop
// would, while no mentorlog runs on it.
func (l laptop) edit(fn func(s *store.Store)) {
	l.t.Helper()
	s, err := store.Open(l.db, store.Options{})
	if err != nil {
		l.t.Fatal(err)
	}
	defer s.Close()
	fn(s)
}

// full reads a relationship from the journal's JSON export.
func (l laptop) full(name string) model.Full {
	l.t.Helper()
	out := l.run("", "export", "--relationship", name).must(l.t, 0).out
	var a model.Archive
	if err := json.Unmarshal([]byte(out), &a); err != nil || len(a.Relationships) != 1 {
		l.t.Fatalf("export of %s: %v\n%s", name, err, out)
	}
	return a.Relationships[0]
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The scenario that lost work with export and import: the mentor edits
// layer 1 and marks a follow-up done; the mentee edits layer 3 and the
// same follow-up's text, and signs again. Both share, and the two bundles
// are received in one order, then in the other. Both edits stay, the
// follow-up is done with the new text, each side keeps its role, and
// every signature from both sides is in the history.
func TestTwoLaptopsKeepBothSidesWork(t *testing.T) {
	for _, mentorFirst := range []bool{true, false} {
		mentor, mentee := laptopWithFixture(t), newLaptop(t)
		b1 := mentor.path("first.bundle")
		mentor.run("", "share", "priya", "--to", mentee.id(), "-o", b1).must(t, 0)
		r := mentee.run("", "receive", b1).must(t, 0)
		contains(t, "first receive", r.out, "Added your relationship with Sam Okafor (mentor)")
		start := mentee.full("sam")
		if start.Rel.OwnerRole != model.RoleMentee || start.Rel.PrivateNotes != "" {
			t.Fatalf("the mentee's journal: role %s, private notes %q", start.Rel.OwnerRole, start.Rel.PrivateNotes)
		}
		for _, s := range start.Sessions {
			if s.PrivateNotes != "" {
				t.Fatal("a mentor's private session note reached the mentee")
			}
		}
		var fu model.FollowUp
		for _, x := range start.FollowUps {
			if x.Status == model.FollowUpOpen {
				fu = x
			}
		}
		id := start.Rel.ID
		sigs := len(start.Plan.Foundation.Signatures)

		mentor.edit(func(s *store.Store) {
			_, err := s.UpdatePlan(context.Background(), id, func(_ model.Relationship, p *model.Plan) error {
				p.Trust.Mentor.Background = "Twenty years of running platform teams"
				return nil
			})
			must(t, err)
			x := fu
			x.Status, x.DoneAt = model.FollowUpDone, time.Time{}
			must(t, s.SaveFollowUp(context.Background(), x))
		})
		mentee.edit(func(s *store.Store) {
			_, err := s.UpdatePlan(context.Background(), id, func(_ model.Relationship, p *model.Plan) error {
				p.Meaning.Person = "Leading the consolidation is my way into a lead role"
				f, err := p.Foundation.Sign(model.RoleMentee, "Priya Raman", time.Now())
				p.Foundation = f
				return err
			})
			must(t, err)
			x := fu
			x.Text = fu.Text + ", with the numbers"
			must(t, s.SaveFollowUp(context.Background(), x))
		})

		toMentee := mentor.path("to-mentee.bundle")
		mentor.run("", "share", "priya", "-o", toMentee).must(t, 0)
		// Without -o, in the folder it runs in: from her, to him.
		mentee.run("", "share", "sam").must(t, 0)
		found, _ := filepath.Glob(filepath.Join(mentee.root, "mentorlog-*.bundle"))
		if len(found) != 1 || !model.IsBundleName(filepath.Base(found[0]), "Priya Raman", "Sam Okafor") {
			t.Fatalf("share without -o wrote %v, want one mentorlog-priya-raman-to-sam-okafor-DAY.bundle", found)
		}
		toMentor := found[0]
		if mentorFirst {
			contains(t, "mentor's receive", mentor.run("", "receive", toMentor).must(t, 0).out, "Received from Priya Raman (mentee)")
			mentee.run("", "receive", toMentee).must(t, 0)
		} else {
			mentee.run("", "receive", toMentee).must(t, 0)
			mentor.run("", "receive", toMentor).must(t, 0)
		}
		for _, side := range []struct {
			l    laptop
			name string
			role model.Role
		}{{mentor, "priya", model.RoleMentor}, {mentee, "sam", model.RoleMentee}} {
			f := side.l.full(side.name)
			if f.Rel.OwnerRole != side.role {
				t.Errorf("%s: the journal says its owner is the %s", side.role, f.Rel.OwnerRole)
			}
			if f.Plan.Trust.Mentor.Background != "Twenty years of running platform teams" || f.Plan.Meaning.Person != "Leading the consolidation is my way into a lead role" {
				t.Errorf("%s: an edit was lost: layer 1 %q, layer 3 %q", side.role, f.Plan.Trust.Mentor.Background, f.Plan.Meaning.Person)
			}
			for _, x := range f.FollowUps {
				if x.ID == fu.ID && (x.Status != model.FollowUpDone || x.Text != fu.Text+", with the numbers") {
					t.Errorf("%s: the follow-up is %s %q; want done with the new text", side.role, x.Status, x.Text)
				}
			}
			if n := len(f.Plan.Foundation.Signatures); n != sigs+1 {
				t.Errorf("%s: %d signatures, want %d (both sides' history and the new one)", side.role, n, sigs+1)
			}
		}
		if mentor.full("priya").Rel.PrivateNotes == "" {
			t.Error("the mentor's private notes on the relationship were lost")
		}
	}
}

func laptopWithFixture(t *testing.T) laptop { return laptop{withFixture(t)} }

// git runs git in dir, failing the test on an error.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Two journals synced through a real git repository: two clones of one
// origin, each side syncing into its work tree, committing and pushing,
// and pulling before the next sync. Each side only ever writes its own
// file, so no pull meets a merge conflict; both end with both edits.
func TestSyncThroughGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is required in CI for this test")
		}
		t.Skip("git is not installed")
	}
	mentor, mentee := laptopWithFixture(t), newLaptop(t)
	origin := mentor.path("origin.git")
	git(t, mentor.root, "init", "--bare", "-b", "main", origin)
	a, b := mentor.path("a"), mentee.path("b")
	git(t, mentor.root, "clone", origin, a)
	git(t, mentee.root, "clone", origin, b)
	publish := func(dir, msg string) {
		git(t, dir, "add", "-A")
		git(t, dir, "commit", "-q", "-m", msg)
		git(t, dir, "push", "-q", "origin", "HEAD:main")
	}
	pull := func(dir string) { git(t, dir, "pull", "-q", "--no-rebase", "origin", "main") }

	mentor.run("", "sync", "priya", "--dir", filepath.Join(a, "mentoring"), "--to", mentee.id()).must(t, 0)
	publish(a, "mentor")
	pull(b)
	r := mentee.run("", "sync", "sam", "--dir", filepath.Join(b, "mentoring")).must(t, 0)
	contains(t, "the mentee's first sync", r.out, "Added your relationship with Sam Okafor (mentor)")
	publish(b, "mentee")

	id := mentee.full("sam").Rel.ID
	mentee.edit(func(s *store.Store) {
		_, err := s.UpdatePlan(context.Background(), id, func(_ model.Relationship, p *model.Plan) error {
			p.Support.AskOfMentor = "An introduction to the platform lead"
			return nil
		})
		must(t, err)
	})
	mentor.edit(func(s *store.Store) {
		_, err := s.UpdatePlan(context.Background(), id, func(_ model.Relationship, p *model.Plan) error {
			p.Review.CheckInWhen = "First Monday of the month"
			return nil
		})
		must(t, err)
	})
	mentee.run("", "sync", "sam", "--dir", filepath.Join(b, "mentoring")).must(t, 0)
	publish(b, "mentee again")
	pull(a)
	contains(t, "the mentor's sync", mentor.run("", "sync", "priya", "--dir", filepath.Join(a, "mentoring")).must(t, 0).out, "Received from Priya Raman (mentee)", "1 updated")
	publish(a, "mentor again")
	pull(b)
	mentee.run("", "sync", "sam", "--dir", filepath.Join(b, "mentoring")).must(t, 0)
	for _, f := range []model.Full{mentor.full("priya"), mentee.full("sam")} {
		if f.Plan.Support.AskOfMentor != "An introduction to the platform lead" || f.Plan.Review.CheckInWhen != "First Monday of the month" {
			t.Errorf("after syncing through git: ask %q, check-in %q", f.Plan.Support.AskOfMentor, f.Plan.Review.CheckInWhen)
		}
	}
	files := strings.Fields(git(t, b, "ls-files", "mentoring"))
	if len(files) != 2 {
		t.Errorf("the repository holds %v; want one file per journal", files)
	}
}

// One plain shared folder serves all of a mentor's relationships: Sam
// syncs with Priya and with Lena, each on her own laptop, through the same
// folder, and each pair's exchange stays its own.
func TestSyncThroughOneFolder(t *testing.T) {
	sam, priya, lena := laptopWithFixture(t), newLaptop(t), newLaptop(t)
	dir := sam.path("shared")
	sam.run("", "sync", "priya", "--dir", dir, "--to", priya.id()).must(t, 0)
	sam.run("", "sync", "lena", "--dir", dir, "--to", lena.id()).must(t, 0)
	contains(t, "Priya's first sync", priya.run("", "sync", "sam", "--dir", dir).must(t, 0).out, "Added your relationship with Sam Okafor (mentor)")
	contains(t, "Lena's first sync", lena.run("", "sync", "sam", "--dir", dir).must(t, 0).out, "Added your relationship with Sam Okafor (mentor)")
	if p, l := priya.full("sam"), lena.full("sam"); p.Rel.MenteeName != "Priya Raman" || l.Rel.MenteeName != "Lena Fischer" {
		t.Fatalf("Priya's journal has %s's relationship, Lena's %s's", p.Rel.MenteeName, l.Rel.MenteeName)
	}
	id := priya.full("sam").Rel.ID
	priya.edit(func(s *store.Store) {
		_, err := s.UpdatePlan(context.Background(), id, func(_ model.Relationship, p *model.Plan) error {
			p.Problem.Current = "Three projects behind, two on track"
			return nil
		})
		must(t, err)
	})
	priya.run("", "sync", "sam", "--dir", dir).must(t, 0)
	r := sam.run("", "sync", "lena", "--dir", dir).must(t, 0)
	lacks(t, "Sam's sync with Lena", r.out, "conflict", "updated")
	r = sam.run("", "sync", "priya", "--dir", dir).must(t, 0)
	contains(t, "Sam's sync with Priya", r.out, "1 updated")
	if got := sam.full("priya").Plan.Problem.Current; got != "Three projects behind, two on track" {
		t.Errorf("Priya's edit reached Sam as %q", got)
	}
	if got := sam.full("lena").Plan.Problem.Current; got == "Three projects behind, two on track" {
		t.Error("Priya's edit went into Lena's relationship")
	}
	// A second sync changes nothing and says so.
	contains(t, "a repeated sync", sam.run("", "sync", "priya", "--dir", dir).must(t, 0).out, "Nothing new from Priya Raman")
}

// Bundles that cannot be received say why, exit 1 and change nothing.
func TestReceiveRefusals(t *testing.T) {
	mentor, mentee, stranger := laptopWithFixture(t), newLaptop(t), newLaptop(t)
	good := mentor.path("good.bundle")
	mentor.run("", "share", "priya", "--to", mentee.id(), "-o", good).must(t, 0)
	data, err := os.ReadFile(good)
	must(t, err)
	must(t, os.WriteFile(mentor.path("cut.bundle"), data[:len(data)/2], 0o600))
	must(t, os.WriteFile(mentor.path("note.txt"), []byte("just a note\n"), 0o600))
	mentor.run("", "share", "priya", "--to", stranger.id(), "-o", mentor.path("other.bundle")).must(t, 1).oneLine(t, "mentorlog share: ", "already shares with Priya Raman's journal", "--replace")
	mentor.run("", "share", "priya", "--to", stranger.id(), "--replace", "-o", mentor.path("other.bundle")).must(t, 0)
	mentor.run("", "share", "priya", "--to", mentee.id(), "--replace", "-o", mentor.path("unused.bundle")).must(t, 0)
	for file, want := range map[string]string{
		"cut.bundle":   "damaged or cut short",
		"note.txt":     "not a bundle written by `mentorlog share`",
		"other.bundle": "sealed to another journal",
	} {
		mentee.run("", "receive", mentor.path(file)).must(t, 1).oneLine(t, "mentorlog receive: ", want, "nothing was changed")
	}
	mentee.run("", "receive", good).must(t, 0)
	contains(t, "a second receive", mentee.run("", "receive", good).must(t, 0).out, "Nothing new from Sam Okafor (mentor)")
	// Sharing before the partner's recipient is known, or to this
	// journal's own, says what to do.
	fresh := laptopWithFixture(t)
	fresh.run("", "share", "lena").must(t, 1).oneLine(t, "mentorlog share: ", "does not know Lena Fischer's recipient yet", "--to")
	fresh.run("", "share", "lena", "--to", fresh.id()).must(t, 1).oneLine(t, "mentorlog share: ", "own recipient")
	fresh.run("", "share", "lena", "--to", "age1nope").must(t, 2).oneLine(t, "mentorlog share: ", "not a journal's recipient")
	fresh.run("", "share", "lena", "--to").must(t, 2).oneLine(t, "mentorlog share: ", "--to")
	// A recipient already known as another relationship's partner.
	fresh.run("", "share", "priya", "--to", mentee.id(), "-o", fresh.path("p.bundle")).must(t, 0)
	fresh.run("", "share", "lena", "--to", mentee.id()).must(t, 1).oneLine(t, "mentorlog share: ", "relationship with Priya Raman")
}

// A sync meets what a folder's own sync leaves half done, and a mistyped
// folder: it says so, and the half-copied file does not stop it.
func TestSyncSaysWhatIsWrong(t *testing.T) {
	sam, priya := laptopWithFixture(t), newLaptop(t)
	dir := sam.path("shared")
	must(t, os.Mkdir(dir, 0o700))
	priya.run("", "sync", "sam", "--dir", sam.path("no-such-folder")).must(t, 1).oneLine(t, "mentorlog sync: ", "no folder", "check the path")
	sam.run("", "sync", "priya", "--dir", dir, "--to", priya.id()).must(t, 0)
	priya.run("", "sync", "sam", "--dir", dir).must(t, 0)
	// Priya's file, half copied.
	mine := journalID(t, sam, "priya")
	files, err := filepath.Glob(filepath.Join(dir, "*.bundle"))
	must(t, err)
	var theirs string
	for _, f := range files {
		if !strings.HasPrefix(filepath.Base(f), mine) {
			theirs = f
		}
	}
	if theirs == "" {
		t.Fatalf("no file of Priya's in %v", files)
	}
	data, err := os.ReadFile(theirs)
	must(t, err)
	must(t, os.WriteFile(theirs, data[:100], 0o600))
	r := sam.run("", "sync", "priya", "--dir", dir).must(t, 0)
	contains(t, "a sync over a half-copied file", r.err, "skipped", "may still be copying")
	contains(t, "a sync over a half-copied file", r.out, "Wrote")
	// --new cannot make a second copy of a linked relationship, and a
	// folder is not a bundle.
	b := sam.path("again.bundle")
	sam.run("", "share", "priya", "-o", b).must(t, 0)
	priya.run("", "receive", "--new", b).must(t, 1).oneLine(t, "mentorlog receive: ", "--new cannot make a second copy")
	priya.run("", "receive", dir).must(t, 1).oneLine(t, "mentorlog receive: ", "is a folder")
}

// journalID is the id of l's journal, which its files in a sync folder
// start with.
func journalID(t *testing.T, l laptop, name string) string {
	t.Helper()
	rel := l.full(name).Rel.ID
	s, err := store.Open(l.db, store.Options{ReadOnly: true})
	must(t, err)
	defer s.Close()
	ex, err := s.Exchange(context.Background(), rel)
	must(t, err)
	return ex.Me
}

// export --shared and import between two laptops merge as share and
// receive do: a concurrent edit of one field is a conflict the import
// names, and importing the same file again writes nothing and says what
// the journal kept.
func TestImportBetweenLaptopsMerges(t *testing.T) {
	mentor, mentee := laptopWithFixture(t), newLaptop(t)
	b := mentor.path("first.bundle")
	mentor.run("", "share", "priya", "--to", mentee.id(), "-o", b).must(t, 0)
	mentee.run("", "receive", b).must(t, 0)
	id := mentee.full("sam").Rel.ID
	for _, side := range []struct {
		l    laptop
		text string
	}{{mentor, "Priya's reviews go unheard"}, {mentee, "I freeze in design reviews"}} {
		side.l.edit(func(s *store.Store) {
			_, err := s.UpdatePlan(context.Background(), id, func(_ model.Relationship, p *model.Plan) error {
				p.Problem.Statement = side.text
				return nil
			})
			must(t, err)
		})
	}
	mentee.edit(func(s *store.Store) {
		_, err := s.UpdatePlan(context.Background(), id, func(_ model.Relationship, p *model.Plan) error {
			p.Meaning.Person = "a lead role"
			return nil
		})
		must(t, err)
	})
	f := mentor.path("priya.json")
	mentor.run("", "export", "--relationship", "priya", "--shared", "-o", f).must(t, 0)
	r := mentee.run("", "import", f).must(t, 0)
	contains(t, "the mentee's import", r.out, "imported", "1 conflict to resolve", "press E")
	got := mentee.full("sam")
	if got.Rel.OwnerRole != model.RoleMentee || got.Plan.Meaning.Person != "a lead role" {
		t.Errorf("after the import: role %s, layer 3 %q; want the mentee's, with the mentee's edit", got.Rel.OwnerRole, got.Plan.Meaning.Person)
	}
	before := mentee.run("", "export").must(t, 0).out
	r = mentee.run("", "import", f).must(t, 0)
	contains(t, "the same import again", r.out, "nothing new in", "kept", "1 conflict to resolve")
	if after := mentee.run("", "export").must(t, 0).out; normalise(after) != normalise(before) {
		t.Error("importing the same file again changed the journal")
	}
}
