package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/bundle"
	"mentorlog/model"
)

// pair is two journals of one relationship.
type pair struct {
	mentor, mentee *Store
	rel            model.ID
}

// share returns from's bundle of rel, sealed to to.
func share(t testing.TB, from *Store, rel model.ID, to *Store) []byte {
	t.Helper()
	_, rcpt, err := to.Identity(ctx)
	mustNil(t, err)
	var out bytes.Buffer
	mustNil(t, from.Share(ctx, rel, rcpt, true, func(r io.Reader) error { _, err := io.Copy(&out, r); return err }))
	return out.Bytes()
}

func receive(t testing.TB, s *Store, b []byte) ReceiveResult {
	t.Helper()
	res, err := s.Receive(ctx, bytes.NewReader(b), ReceiveOptions{})
	mustNil(t, err)
	return res
}

// newPair makes a relationship in the mentor's journal with an agreement
// signed by the mentor and an open follow-up, and sends it to the mentee.
func newPair(t *testing.T) (pair, model.FollowUp) {
	t.Helper()
	return newPairAt(t, "")
}

// newPairAt is newPair with the mentee's journal at menteePath ("": in
// the test's folder).
func newPairAt(t testing.TB, menteePath string) (pair, model.FollowUp) {
	t.Helper()
	p := pair{mentor: openTemp(t), mentee: openTemp(t)}
	if menteePath != "" {
		mustNil(t, p.mentee.Close())
		var err error
		p.mentee, err = Open(menteePath, Options{Now: (&clock{t: t0}).Now})
		mustNil(t, err)
	}
	r, err := p.mentor.CreateRelationship(ctx, model.Relationship{MentorName: "Ann", MenteeName: "Ben", OwnerRole: model.RoleMentor, Started: date("2026-01-05"), Status: model.StatusActive, Layer: 1})
	mustNil(t, err)
	p.rel = r.ID
	updatePlan(t, p.mentor, ctx, r.ID, func(_ model.Relationship, pl *model.Plan) error {
		pl.Foundation.SharedValues = []string{"candour"}
		f, err := pl.Foundation.Sign(model.RoleMentor, "Ann", t0)
		pl.Foundation = f
		return err
	})
	fu := model.FollowUp{ID: model.NewID(t0), RelID: r.ID, Text: "read the book", Owner: model.RoleMentee, Status: model.FollowUpOpen}
	mustNil(t, p.mentor.SaveFollowUp(ctx, fu))
	res := receive(t, p.mentee, share(t, p.mentor, r.ID, p.mentee))
	if !res.Created || res.RelID != r.ID || res.SameRole {
		t.Fatalf("first receive: %+v", res)
	}
	return p, fu
}

// The scenario that lost work with export and import: each side edits
// its own part and the same follow-up, both share and receive, in both
// orders. Both edits are kept, the follow-up is done with the new text,
// each side keeps its role, and both signatures are in the history.
func TestExchangeKeepsBothSidesEdits(t *testing.T) {
	for _, menteeFirst := range []bool{false, true} {
		p := editBothSides(t)
		full, err := p.mentee.LoadFull(ctx, p.rel)
		mustNil(t, err)
		if full.Rel.OwnerRole != model.RoleMentee {
			t.Fatalf("the mentee's journal says its owner is the %s", full.Rel.OwnerRole)
		}

		toMentee := share(t, p.mentor, p.rel, p.mentee)
		toMentor := share(t, p.mentee, p.rel, p.mentor)
		if menteeFirst {
			receive(t, p.mentor, toMentor)
			receive(t, p.mentee, toMentee)
		} else {
			// It says what it brought, by kind of record.
			if got, want := receive(t, p.mentee, toMentee).Counts(), "2 updated (the agreement and layers, 1 follow-up)"; got != want {
				t.Errorf("the receive brought %q, want %q", got, want)
			}
			receive(t, p.mentor, toMentor)
		}
		for _, side := range p.sides() {
			bothEditsKept(t, side.s, side.role, p.rel)
			if hits, err := side.s.Search(ctx, "years of ops", model.SearchOptions{}); err != nil || len(hits) != 1 {
				t.Errorf("%s: search for the other side's edit: %d hits, %v", side.role, len(hits), err)
			}
			mustNil(t, side.s.Check())
			ex, err := side.s.Exchange(ctx, p.rel)
			cs := ex.Conflicts
			mustNil(t, err)
			if len(cs) != 0 {
				t.Errorf("%s: conflicts %+v, want none", side.role, cs)
			}
		}
		// Receiving the same bundle again changes nothing, and says so.
		if res := receive(t, p.mentor, toMentor); !res.NothingNew {
			t.Errorf("a replayed bundle: %+v, want nothing new", res)
		}
		// The exchange says the last bundle brought nothing new (it kept
		// the news of the one before, as if this one had brought it).
		if ex, err := p.mentor.Exchange(ctx, p.rel); err != nil || ex.Partner.Brought != "nothing new" {
			t.Errorf("after a replayed bundle: brought %q, %v", ex.Partner.Brought, err)
		}
	}
}

// Two edits of the same text field made without knowing of each other
// are both kept as a conflict; resolving it on one side travels.
func TestExchangeConflictAndResolve(t *testing.T) {
	p, _ := newPair(t)
	updatePlan(t, p.mentor, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
		pl.Problem.Statement = "speak up in meetings"
		return nil
	})
	updatePlan(t, p.mentee, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
		pl.Problem.Statement = "lead the weekly review"
		return nil
	})
	receive(t, p.mentee, share(t, p.mentor, p.rel, p.mentee))
	ex, err := p.mentee.Exchange(ctx, p.rel)
	cs := ex.Conflicts
	mustNil(t, err)
	if len(cs) != 1 || cs[0].Path != "problem.statement" || len(cs[0].Versions) != 2 {
		t.Fatalf("conflicts %+v, want the problem statement with two values", cs)
	}
	mustNil(t, p.mentee.Resolve(ctx, p.rel, cs[0], []byte(`"speak up and lead the weekly review"`)))
	receive(t, p.mentor, share(t, p.mentee, p.rel, p.mentor))
	for _, s := range []*Store{p.mentor, p.mentee} {
		f, err := s.LoadFull(ctx, p.rel)
		mustNil(t, err)
		if f.Plan.Problem.Statement != "speak up and lead the weekly review" {
			t.Errorf("statement %q after resolving", f.Plan.Problem.Statement)
		}
		ex, err := s.Exchange(ctx, p.rel)
		cs := ex.Conflicts
		mustNil(t, err)
		if len(cs) != 0 {
			t.Errorf("conflicts left: %+v", cs)
		}
	}
}

// A delete travels; an edit made meanwhile on the other side keeps the
// record and shows a conflict.
func TestExchangeDeleteAgainstEdit(t *testing.T) {
	p, fu := newPair(t)
	other := model.FollowUp{ID: model.NewID(t0), RelID: p.rel, Text: "book the room", Owner: model.RoleMentor, Status: model.FollowUpOpen}
	mustNil(t, p.mentor.SaveFollowUp(ctx, other))
	receive(t, p.mentee, share(t, p.mentor, p.rel, p.mentee))
	mustNil(t, p.mentor.DeleteFollowUp(ctx, other.ID))
	mustNil(t, p.mentor.DeleteFollowUp(ctx, fu.ID))
	edited := fu
	edited.Text = "read the book twice"
	mustNil(t, p.mentee.SaveFollowUp(ctx, edited))
	receive(t, p.mentee, share(t, p.mentor, p.rel, p.mentee))
	f, err := p.mentee.LoadFull(ctx, p.rel)
	mustNil(t, err)
	if len(f.FollowUps) != 1 || f.FollowUps[0].ID != fu.ID || f.FollowUps[0].Text != "read the book twice" {
		t.Fatalf("follow-ups %+v: want the edited one kept and the other deleted", f.FollowUps)
	}
	ex, err := p.mentee.Exchange(ctx, p.rel)
	cs := ex.Conflicts
	mustNil(t, err)
	if len(cs) != 1 || !cs[0].Deleted() {
		t.Fatalf("conflicts %+v, want one delete against an edit", cs)
	}
	mustNil(t, p.mentee.Check())
}

// Bad bundles change nothing and say why.
func TestReceiveRefusesBadBundles(t *testing.T) {
	p, _ := newPair(t)
	good := share(t, p.mentor, p.rel, p.mentee)
	stranger := openTemp(t)
	cases := map[string]struct {
		data []byte
		want error
	}{
		"not a bundle":    {[]byte("hello, this is a note\n"), bundle.ErrNotBundle},
		"cut short":       {good[:len(good)-40], bundle.ErrDamaged},
		"sealed to other": {share(t, p.mentor, p.rel, stranger), bundle.ErrNotForUs},
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-30] ^= 1
	cases["flipped bit"] = struct {
		data []byte
		want error
	}{flipped, bundle.ErrDamaged}
	cases["an export"] = struct {
		data []byte
		want error
	}{[]byte(exportString(t, p.mentor)), bundle.ErrNotBundle}
	for name, c := range cases {
		before, err := p.mentee.LoadFull(ctx, p.rel)
		mustNil(t, err)
		_, err = p.mentee.Receive(ctx, bytes.NewReader(c.data), ReceiveOptions{})
		if json := strings.Contains(fmt.Sprint(err), "mentorlog import"); json != (name == "an export") {
			t.Errorf("%s: %v; the hint to use import belongs to a JSON file only", name, err)
		}
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("%s: %v, want %v and 'nothing was changed'", name, err, c.want)
		}
		after, err := p.mentee.LoadFull(ctx, p.rel)
		mustNil(t, err)
		if len(after.FollowUps) != len(before.FollowUps) {
			t.Errorf("%s changed the journal", name)
		}
	}
	// A bundle this journal wrote, received here by mistake, is named as
	// such; another journal's bundle sealed to someone else is not.
	mine := filepath.Join(t.TempDir(), "mine.bundle")
	mustNil(t, p.mentor.ShareFile(ctx, p.rel, "", false, mine))
	_, err := p.mentor.ReceiveFile(ctx, mine, ReceiveOptions{})
	if !errors.Is(err, bundle.ErrNotForUs) || !strings.Contains(err.Error(), "this journal wrote for Ben") {
		t.Errorf("receiving its own bundle: %v", err)
	}
	other := filepath.Join(t.TempDir(), "other.bundle")
	mustNil(t, os.WriteFile(other, cases["sealed to other"].data, 0o600))
	if _, err := p.mentee.ReceiveFile(ctx, other, ReceiveOptions{}); !errors.Is(err, bundle.ErrNotForUs) || strings.Contains(err.Error(), "this journal wrote") {
		t.Errorf("a bundle sealed to a stranger: %v", err)
	}
	// Sealing to this journal's own recipient is refused at once.
	_, own, err := p.mentor.Identity(ctx)
	mustNil(t, err)
	err = p.mentor.Share(ctx, p.rel, own, true, func(io.Reader) error { t.Fatal("a bundle to itself was written"); return nil })
	if err == nil || !strings.Contains(err.Error(), "own recipient") {
		t.Errorf("share to itself: %v", err)
	}
	// A bundle that says it comes from this journal.
	b, err := bundle.Parse(bytes.NewReader(plainBundle(t, p.mentor, p.rel, p.mentee)))
	mustNil(t, err)
	b.From, _, err = p.mentee.Identity(ctx)
	mustNil(t, err)
	var res ReceiveResult
	err = p.mentee.write(ctx, func(tx *bolt.Tx) error { return p.mentee.receive(tx, b, ReceiveOptions{}, &res) })
	if err == nil || !strings.Contains(err.Error(), "written by this journal") {
		t.Errorf("own bundle: %v", err)
	}
}

func updatePlan(t testing.TB, s *Store, _ context.Context, rel model.ID, fn func(model.Relationship, *model.Plan) error) {
	t.Helper()
	_, err := s.UpdatePlan(ctx, rel, fn)
	mustNil(t, err)
}

// An older JSON export imported again never puts back what was changed
// since, and says what it kept: one with revisions (version 2) by the
// merge, one from before revisions (version 1) by the updated time.
func TestImportKeepsNewerRecords(t *testing.T) {
	for _, version := range []int{model.ArchiveVersion, 1} {
		s := openTemp(t)
		f := fill(t, s, "Ada")
		old := decodeArchive(t, exportString(t, s))
		if version == 1 {
			old.Version = 1
			for i := range old.Relationships {
				old.Relationships[i].Revisions = nil
			}
		}
		x := f.Sessions[0]
		x.Notes = "changed after the export"
		mustNil(t, s.SaveSession(ctx, x))
		before := exportString(t, s)
		res, err := s.Import(ctx, old)
		mustNil(t, err)
		if after := exportString(t, s); after != before {
			t.Errorf("version %d: the older export changed the journal", version)
		}
		got, err := s.LoadFull(ctx, f.Rel.ID)
		mustNil(t, err)
		for _, y := range got.Sessions {
			if y.ID == x.ID && y.Notes != x.Notes {
				t.Fatalf("version %d: the older export put back %q over %q", version, y.Notes, x.Notes)
			}
		}
		if res.Kept != 1 || res.Records != 0 || res.Relationships != 0 {
			t.Fatalf("version %d: import result %+v, want 1 kept and nothing written", version, res)
		}
	}
}

// sharedExport is s's shared JSON export of every relationship.
func sharedExport(t testing.TB, s *Store) model.Archive {
	t.Helper()
	var b bytes.Buffer
	mustNil(t, s.ExportJSON(ctx, &b, ExportOptions{Shared: true, Now: t0}))
	return decodeArchive(t, b.String())
}

// The scenario that lost work, with export --shared and import instead of
// bundles: import merges as receive does, per field, in both directions,
// and importing the same export again changes nothing.
func TestImportMergesAsReceiveDoes(t *testing.T) {
	for _, menteeFirst := range []bool{false, true} {
		p := editBothSides(t)

		fromMentor, fromMentee := sharedExport(t, p.mentor), sharedExport(t, p.mentee)
		order := []struct {
			s *Store
			a model.Archive
		}{{p.mentee, fromMentor}, {p.mentor, fromMentee}}
		if menteeFirst {
			order[0], order[1] = order[1], order[0]
		}
		for _, o := range order {
			res, err := o.s.Import(ctx, o.a)
			mustNil(t, err)
			if res.Records != 2 || res.Conflicts != 0 {
				t.Errorf("import: %+v, want the plan and the follow-up merged, no conflict", res)
			}
		}
		for _, side := range p.sides() {
			bothEditsKept(t, side.s, side.role, p.rel)
			mustNil(t, side.s.Check())
		}
		if a, b := sharedState(t, p.mentor, p.rel), sharedState(t, p.mentee, p.rel); !reflect.DeepEqual(a, b) {
			t.Errorf("after importing each other's exports the two journals differ:\n%+v\n%+v", a, b)
		}
		// The same export again: nothing written.
		before := exportString(t, p.mentor)
		res, err := p.mentor.Import(ctx, fromMentee)
		mustNil(t, err)
		if res.Records != 0 || res.Relationships != 0 || res.Kept == 0 {
			t.Errorf("the same export again: %+v, want nothing written and what it kept", res)
		}
		if exportString(t, p.mentor) != before {
			t.Error("importing the same export again changed the journal")
		}
		// And a bundle after the imports brings nothing new.
		if res := receive(t, p.mentee, share(t, p.mentor, p.rel, p.mentee)); !res.NothingNew {
			t.Errorf("a bundle after the imports: %+v, want nothing new", res)
		}
	}
}

// Two edits of one field, met through an import, are a conflict the
// summary counts and the relationship shows, as after a receive.
func TestImportCountsConflicts(t *testing.T) {
	p, _ := newPair(t)
	updatePlan(t, p.mentor, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Statement = "speak up"; return nil })
	updatePlan(t, p.mentee, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Statement = "lead the review"; return nil })
	res, err := p.mentee.Import(ctx, sharedExport(t, p.mentor))
	mustNil(t, err)
	if res.Conflicts != 1 {
		t.Fatalf("import: %+v, want one conflict", res)
	}
	ex, err := p.mentee.Exchange(ctx, p.rel)
	mustNil(t, err)
	if len(ex.Conflicts) != 1 || ex.Conflicts[0].Path != "problem.statement" || len(ex.Conflicts[0].Versions) != 2 {
		t.Fatalf("conflicts %+v, want the problem statement with both values", ex.Conflicts)
	}
}

// A relationship new to the journal (a third laptop) is written with the
// export's revisions as they are, so the new journal merges with the
// others from there: the same shared state and revisions as the journal
// that wrote the export, an edit made on it after the import wins over
// the older value on the others, and a concurrent edit is a conflict.
func TestImportNewRelationshipKeepsRevisions(t *testing.T) {
	p, _ := newPair(t)
	updatePlan(t, p.mentor, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Statement = "speak up"; return nil })
	fromMentor := sharedExport(t, p.mentor)
	third := openTempAt(t, t0)
	res, err := third.Import(ctx, fromMentor)
	mustNil(t, err)
	if res.Relationships != 1 || res.Conflicts != 0 {
		t.Fatalf("import into a new journal: %+v, want the relationship, no conflict", res)
	}
	mustNil(t, third.Check())
	if f, err := third.LoadFull(ctx, p.rel); err != nil || f.Rel.OwnerRole != model.RoleMentee {
		t.Errorf("the mentor's shared export made the new journal's owner the %s (%v), want the mentee", f.Rel.OwnerRole, err)
	}
	if a, b := sharedState(t, p.mentor, p.rel), sharedState(t, third, p.rel); !reflect.DeepEqual(a, b) {
		t.Errorf("the new journal's shared state differs from the exporter's:\n%+v\n%+v", a, b)
	}
	if again := sharedExport(t, third); !reflect.DeepEqual(again.Relationships[0].Revisions, fromMentor.Relationships[0].Revisions) {
		t.Errorf("the new journal's revisions differ from the export's:\n%+v\n%+v", again.Relationships[0].Revisions, fromMentor.Relationships[0].Revisions)
	}

	// A full export (the mentor moving to a new laptop) keeps the role.
	moved := openTempAt(t, t0)
	_, err = moved.Import(ctx, decodeArchive(t, exportString(t, p.mentor)))
	mustNil(t, err)
	if f, err := moved.LoadFull(ctx, p.rel); err != nil || f.Rel.OwnerRole != model.RoleMentor {
		t.Errorf("the mentor's full export made the new journal's owner the %s (%v), want the mentor", f.Rel.OwnerRole, err)
	}

	updatePlan(t, third, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
		pl.Meaning.Person = "I want to lead the team"
		return nil
	})
	res, err = p.mentor.Import(ctx, sharedExport(t, third))
	mustNil(t, err)
	if res.Records != 1 || res.Conflicts != 0 {
		t.Errorf("the mentor imports the new journal's edit: %+v, want the plan, no conflict", res)
	}
	f, err := p.mentor.LoadFull(ctx, p.rel)
	mustNil(t, err)
	if f.Plan.Meaning.Person != "I want to lead the team" || f.Plan.Problem.Statement != "speak up" {
		t.Errorf("mentor's plan after the import: layer 3 %q, layer 2 %q", f.Plan.Meaning.Person, f.Plan.Problem.Statement)
	}

	updatePlan(t, third, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Statement = "lead the review"; return nil })
	updatePlan(t, p.mentee, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Statement = "ask for help"; return nil })
	res, err = p.mentee.Import(ctx, sharedExport(t, third))
	mustNil(t, err)
	if res.Conflicts != 1 {
		t.Errorf("two edits of one field met through the new journal: %+v, want one conflict", res)
	}
}

// sharedState is the shared state of rel as journal s holds it.
func sharedState(t testing.TB, s *Store, rel model.ID) model.Shared {
	t.Helper()
	out := model.Shared{}
	mustNil(t, s.db.View(func(tx *bolt.Tx) error {
		raw, _ := idBytes(rel)
		sid, err := sharedIDOf(tx, raw)
		if err != nil {
			return err
		}
		raws, err := rawsOf(tx, raw, sid)
		if err != nil {
			return err
		}
		for k, r := range raws {
			rec, err := r.record(sid)
			if err != nil {
				return err
			}
			out[k] = rec
		}
		return nil
	}))
	return out
}

// Three journals of one relationship (one mentor, two mentee laptops)
// make random edits and deletes and exchange real bundles, delivered
// late and out of order. Once each has received the others' latest, the
// three hold the same shared state, every journal passes its check, and
// a field only one journal wrote last holds that journal's value.
func TestExchangeThreeJournals(t *testing.T) {
	cases := 12
	if testing.Short() {
		cases = 3
	}
	if n, err := strconv.Atoi(os.Getenv("MENTORLOG_EXCHANGE_CASES")); err == nil {
		cases = n
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("MENTORLOG_EXCHANGE_SEED"), 10, 64); err == nil {
		seed = s
	}
	for c := 0; c < cases; c++ {
		rng := rand.New(rand.NewPCG(seed, uint64(c)))
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("case %d (MENTORLOG_EXCHANGE_SEED=%d): %s", c, seed, fmt.Sprintf(format, args...))
		}
		p, _ := newPair(t)
		js := []*Store{p.mentor, p.mentee, openTempAt(t, t0.Add(time.Minute))}
		// edit runs one edit; one refused over a conflict first resolves
		// the journal's conflicts, choosing a version at random, as a
		// person on the conflict screen would, then runs again.
		edit := func(s *Store, fn func() error) {
			t.Helper()
			err := fn()
			if err == nil || !strings.Contains(err.Error(), "is in conflict") {
				mustNil(t, err)
				return
			}
			ex, err := s.Exchange(ctx, p.rel)
			mustNil(t, err)
			for _, c := range ex.Conflicts {
				mustNil(t, s.Resolve(ctx, p.rel, c, c.Versions[rng.IntN(len(c.Versions))].Value))
			}
			mustNil(t, fn())
		}
		receive(t, js[2], share(t, p.mentor, p.rel, js[2]))
		type mail struct {
			to   int
			data []byte
		}
		var queue []mail
		n := 0
		for step := 0; step < 25; step++ {
			j := rng.IntN(3)
			s := js[j]
			n++
			val := fmt.Sprintf("j%d-%d", j, n)
			switch op := rng.IntN(12); {
			case op < 3:
				field := rng.IntN(3)
				edit(s, func() error {
					_, err := s.UpdatePlan(ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
						*[]*string{&pl.Problem.Statement, &pl.Meaning.Person, &pl.Trust.Mentor.Background}[field] = val
						return nil
					})
					return err
				})
			case op < 4:
				updatePlan(t, s, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
					pl.Trust.Stories = append(pl.Trust.Stories, model.Story{Story: val})
					return nil
				})
			case op < 5:
				updatePlan(t, s, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
					if k := len(pl.Trust.Stories); k > 0 {
						i := rng.IntN(k)
						pl.Trust.Stories = append(pl.Trust.Stories[:i:i], pl.Trust.Stories[i+1:]...)
					}
					return nil
				})
			case op < 6:
				mustNil(t, s.SaveFollowUp(ctx, model.FollowUp{ID: model.NewID(t0), RelID: p.rel, Text: val, Owner: model.RoleMentee, Status: model.FollowUpOpen}))
			case op < 8:
				f, err := s.LoadFull(ctx, p.rel)
				mustNil(t, err)
				if len(f.FollowUps) == 0 {
					continue
				}
				x := f.FollowUps[rng.IntN(len(f.FollowUps))]
				switch rng.IntN(3) {
				case 0:
					edit(s, func() error {
						f, err := s.LoadFull(ctx, p.rel)
						mustNil(t, err)
						for _, y := range f.FollowUps {
							if y.ID == x.ID {
								y.Text = val
								return s.SaveFollowUp(ctx, y)
							}
						}
						return nil
					})
				case 1:
					edit(s, func() error {
						f, err := s.LoadFull(ctx, p.rel)
						mustNil(t, err)
						for _, y := range f.FollowUps {
							if y.ID == x.ID {
								y.Status, y.DoneAt = model.FollowUpDone, time.Time{}
								return s.SaveFollowUp(ctx, y)
							}
						}
						return nil
					})
				default:
					mustNil(t, s.DeleteFollowUp(ctx, x.ID))
				}
			case op < 10:
				to := (j + 1 + rng.IntN(2)) % 3
				queue = append(queue, mail{to, share(t, s, p.rel, js[to])})
			default:
				if len(queue) > 0 {
					i := rng.IntN(len(queue))
					m := queue[i]
					queue = append(queue[:i], queue[i+1:]...)
					if _, err := js[m.to].Receive(ctx, bytes.NewReader(m.data), ReceiveOptions{}); err != nil {
						fail("receive: %v", err)
					}
				}
			}
		}
		// Everyone's latest to everyone, in a random order.
		var latest [3][3][]byte
		for from := range 3 {
			for to := range 3 {
				if from != to {
					latest[from][to] = share(t, js[from], p.rel, js[to])
				}
			}
		}
		for _, to := range rng.Perm(3) {
			for _, from := range rng.Perm(3) {
				if from != to {
					if _, err := js[to].Receive(ctx, bytes.NewReader(latest[from][to]), ReceiveOptions{}); err != nil {
						fail("final receive: %v", err)
					}
				}
			}
		}
		states := make([]model.Shared, 3)
		for i, s := range js {
			mustNil(t, s.Check())
			states[i] = sharedState(t, s, p.rel)
		}
		for i := 1; i < 3; i++ {
			if !states[i].Equal(states[0]) {
				fail("journal %d ends with a different shared state than journal 0", i)
			}
		}
		roles := []model.Role{model.RoleMentor, model.RoleMentee, model.RoleMentee}
		for i, s := range js {
			f, err := s.LoadFull(ctx, p.rel)
			mustNil(t, err)
			if f.Rel.OwnerRole != roles[i] {
				fail("journal %d's role became %s", i, f.Rel.OwnerRole)
			}
		}
	}
}

// receivePlain merges an unsealed bundle into s, as Receive does after
// opening it: the forged bundles below need no sealing to show what
// receive does with them.
func receivePlain(s *Store, b model.Bundle, opt ReceiveOptions) (ReceiveResult, error) {
	var res ReceiveResult
	err := s.write(ctx, func(tx *bolt.Tx) error { return s.receive(tx, b, opt, &res) })
	return res, err
}

// What a forged or hostile bundle cannot do.
func TestReceiveRefusesForgedBundles(t *testing.T) {
	p, _ := newPair(t)
	base := func() model.Bundle {
		b, err := bundle.Parse(bytes.NewReader(plainBundle(t, p.mentor, p.rel, p.mentee)))
		mustNil(t, err)
		return b
	}
	// forge gives the relationship record of b revisions with extra
	// fields (or the root) set as given.
	forge := func(b model.Bundle, extra map[string]model.Register) model.Bundle {
		for i, r := range b.Records {
			if r.Kind != model.KindRel {
				continue
			}
			flat, err := model.Flatten(model.KindRel, r.Value)
			mustNil(t, err)
			rec := model.Record{Kind: model.KindRel, ID: p.rel, Fields: map[string]model.Register{}}
			for k, v := range flat {
				rec.Fields[k] = model.Register{{Value: v}}
			}
			for k, reg := range extra {
				rec.Fields[k] = reg
			}
			rv, err := encodeRev(rec, r.Value, nil, nil)
			mustNil(t, err)
			b.Records[i].Rev = rv
		}
		return b
	}
	before := exportString(t, p.mentee)
	unchanged := func(what string, err error, want string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", what, err, want)
		}
		if exportString(t, p.mentee) != before {
			t.Errorf("%s changed the journal", what)
		}
	}
	// Revisions with a path nested a million deep, or too many versions.
	b := forge(base(), map[string]model.Register{
		strings.Repeat("a.", 1000) + "b": {{Value: []byte(`"x"`), Clock: model.Clock{{Peer: "0123456789abcdef", At: 1}}}},
	})
	_, err := receivePlain(p.mentee, b, ReceiveOptions{})
	unchanged("a path nested deep", err, "cannot be read")

	many := model.Register{}
	for i := range 40 {
		many = append(many, model.Version{Value: []byte(fmt.Sprintf(`"v%d"`, i)), Clock: model.Clock{{Peer: fmt.Sprintf("%016x", i+1), At: 1}}})
	}
	b = forge(base(), map[string]model.Register{"mentee_name": many})
	_, err = receivePlain(p.mentee, b, ReceiveOptions{})
	unchanged("forty versions of a field", err, "cannot be read")

	// A clock far ahead would stop this journal's own clock.
	b = forge(base(), map[string]model.Register{"": {{Value: model.Alive, Clock: model.Clock{{Peer: "0123456789abcdef", At: ^uint64(0)}}}}})
	_, err = receivePlain(p.mentee, b, ReceiveOptions{})
	unchanged("a clock at the end of time", err, "more than a day ahead")

	// A bundle that claims to come from the partner never changes where
	// this journal's bundles go.
	pt, _, err := p.mentee.Partner(ctx, p.rel)
	mustNil(t, err)
	b = base()
	_, other, err := openTemp(t).Identity(ctx)
	mustNil(t, err)
	b.Recipient = other
	_, err = receivePlain(p.mentee, b, ReceiveOptions{})
	mustNil(t, err)
	if after, _, _ := p.mentee.Partner(ctx, p.rel); after.Recipient != pt.Recipient {
		t.Errorf("a bundle moved the partner's recipient from %s to %s", pt.Recipient, after.Recipient)
	}
}

// A bundle never sets a field that stays in one journal: private notes
// and the archive mark of a record new here are this journal's own.
func TestBundleNeverSetsLocalFields(t *testing.T) {
	p, _ := newPair(t)
	x := model.Session{ID: model.NewID(t0), RelID: p.rel, Date: date("2026-02-01"), Topic: "kick-off", Ended: true}
	mustNil(t, p.mentor.SaveSession(ctx, x))
	b, err := bundle.Parse(bytes.NewReader(plainBundle(t, p.mentor, p.rel, p.mentee)))
	mustNil(t, err)
	for i, r := range b.Records {
		if r.Kind == model.KindSession {
			b.Records[i].Value = append(r.Value[:len(r.Value)-1:len(r.Value)-1], []byte(`,"private_notes":"INJECTED"}`)...)
			b.Records[i].Rev = nil
		}
	}
	_, err = receivePlain(p.mentee, b, ReceiveOptions{})
	mustNil(t, err)
	f, err := p.mentee.LoadFull(ctx, p.rel)
	mustNil(t, err)
	if len(f.Sessions) != 1 || f.Sessions[0].PrivateNotes != "" {
		t.Fatalf("sessions %+v: a bundle wrote private notes", f.Sessions)
	}
}

// The private notes of each side are absent from the bundle it sends,
// decrypted, deleted records included.
func TestBundleHoldsNoPrivateNotes(t *testing.T) {
	p, _ := newPair(t)
	const secret = "ZEBRA-PRIVATE-77"
	_, _, err := p.mentor.UpdateRelationship(ctx, p.rel, func(r *model.Relationship, _ *model.Plan) error {
		r.PrivateNotes = "relationship " + secret
		return nil
	})
	mustNil(t, err)
	kept := model.Session{ID: model.NewID(t0), RelID: p.rel, Date: date("2026-02-01"), Topic: "kept", PrivateNotes: "session " + secret, Ended: true}
	gone := model.Session{ID: model.NewID(t0.Add(time.Second)), RelID: p.rel, Date: date("2026-02-08"), Topic: "gone", PrivateNotes: "deleted " + secret, Ended: true}
	mustNil(t, p.mentor.SaveSession(ctx, kept))
	mustNil(t, p.mentor.SaveSession(ctx, gone))
	mustNil(t, p.mentor.DeleteSession(ctx, gone.ID))
	plain := plainBundle(t, p.mentor, p.rel, p.mentee)
	if bytes.Contains(plain, []byte(secret)) {
		t.Fatalf("the bundle holds a private note:\n%s", plain)
	}
	if !bytes.Contains(plain, []byte(`"topic":"kept"`)) {
		t.Fatal("the bundle does not hold the session: the test proves nothing")
	}
}

// A conflict on a record that is then deleted is no longer listed.
func TestDeletingAConflictedRecordEndsTheConflict(t *testing.T) {
	p, fu := newPair(t)
	a, b := fu, fu
	a.Text, b.Text = "read chapter one", "read chapter two"
	mustNil(t, p.mentor.SaveFollowUp(ctx, a))
	mustNil(t, p.mentee.SaveFollowUp(ctx, b))
	receive(t, p.mentee, share(t, p.mentor, p.rel, p.mentee))
	ex, err := p.mentee.Exchange(ctx, p.rel)
	mustNil(t, err)
	if len(ex.Conflicts) != 1 {
		t.Fatalf("conflicts %+v, want one", ex.Conflicts)
	}
	mustNil(t, p.mentee.DeleteFollowUp(ctx, fu.ID))
	ex, err = p.mentee.Exchange(ctx, p.rel)
	mustNil(t, err)
	full, err := p.mentee.LoadFull(ctx, p.rel)
	mustNil(t, err)
	if len(ex.Conflicts) != 0 || full.Partner.Conflicts != 0 {
		t.Fatalf("after deleting it: %d conflicts listed, %d counted", len(ex.Conflicts), full.Partner.Conflicts)
	}
}

// Resolving a conflict whose versions changed meanwhile is refused.
func TestResolveRefusesAStaleChoice(t *testing.T) {
	p, _ := newPair(t)
	updatePlan(t, p.mentor, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Statement = "one"; return nil })
	updatePlan(t, p.mentee, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Statement = "two"; return nil })
	receive(t, p.mentee, share(t, p.mentor, p.rel, p.mentee))
	ex, err := p.mentee.Exchange(ctx, p.rel)
	mustNil(t, err)
	updatePlan(t, p.mentor, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Statement = "three"; return nil })
	receive(t, p.mentee, share(t, p.mentor, p.rel, p.mentee))
	err = p.mentee.Resolve(ctx, p.rel, ex.Conflicts[0], []byte(`"one"`))
	if err == nil || !strings.Contains(err.Error(), "changed meanwhile") {
		t.Fatalf("a stale choice: %v", err)
	}
}

// A bundle of another relationship received into this one (the app's
// Exchange screen, sync) is refused when the names differ.
func TestReceiveIntoChecksTheNames(t *testing.T) {
	p, _ := newPair(t)
	other, err := p.mentor.CreateRelationship(ctx, model.Relationship{MentorName: "Ann", MenteeName: "Cat", OwnerRole: model.RoleMentor, Started: date("2026-01-05"), Status: model.StatusActive, Layer: 1})
	mustNil(t, err)
	cat := share(t, p.mentor, other.ID, p.mentee)
	_, err = p.mentee.Receive(ctx, bytes.NewReader(cat), ReceiveOptions{Into: p.rel})
	if err == nil || !strings.Contains(err.Error(), "not your relationship with") {
		t.Fatalf("Cat's bundle into Ben's relationship: %v", err)
	}
}

// Each side made the relationship in its own journal before the first
// exchange, and the mentee's is still empty: linking the mentor's bundle
// to it brings the mentor's agreement and layers without a conflict, as
// a field nobody wrote is no edit. A field both filled in is one.
func TestReceiveIntoARelationshipMadeOnBothSides(t *testing.T) {
	mentor, mentee := openTemp(t), openTempAt(t, t0.Add(time.Hour))
	rel, err := mentor.CreateRelationship(ctx, model.Relationship{MentorName: "Ann", MenteeName: "Ben", OwnerRole: model.RoleMentor, Started: date("2026-01-05"), Status: model.StatusActive, Layer: 1})
	mustNil(t, err)
	updatePlan(t, mentor, ctx, rel.ID, func(_ model.Relationship, pl *model.Plan) error {
		pl.Trust.Mentor.Background = "twenty years of ops"
		pl.Problem.Statement = "speak up in reviews"
		pl.Foundation.Rules.Frequency = "every other Tuesday"
		return nil
	})
	own, err := mentee.CreateRelationship(ctx, model.Relationship{MentorName: "Ann", MenteeName: "Ben", OwnerRole: model.RoleMentee, Started: date("2026-01-05"), Status: model.StatusActive, Layer: 1})
	mustNil(t, err)
	updatePlan(t, mentee, ctx, own.ID, func(_ model.Relationship, pl *model.Plan) error {
		pl.Problem.Statement = "lead the review"
		return nil
	})
	res, err := mentee.Receive(ctx, bytes.NewReader(share(t, mentor, rel.ID, mentee)), ReceiveOptions{Into: own.ID})
	mustNil(t, err)
	ex, err := mentee.Exchange(ctx, own.ID)
	mustNil(t, err)
	if res.Conflicts != 1 || len(ex.Conflicts) != 1 || ex.Conflicts[0].Path != "problem.statement" {
		t.Fatalf("receive into the mentee's own relationship: %+v, conflicts %+v; want only the statement both wrote", res, ex.Conflicts)
	}
	other, err := mentee.CreateRelationship(ctx, model.Relationship{MentorName: "Cy", MenteeName: "Ben", OwnerRole: model.RoleMentee, Started: date("2026-01-05"), Status: model.StatusActive, Layer: 1})
	mustNil(t, err)
	sums, err := mentee.ListSummaries(ctx)
	mustNil(t, err)
	for _, x := range sums {
		if want := map[model.ID]int{own.ID: 1, other.ID: 0}[x.Rel.ID]; x.Conflicts != want {
			t.Errorf("the dashboard's summary of %s says %d conflicts, want %d", x.Rel.Other(), x.Conflicts, want)
		}
	}
	f, err := mentee.LoadFull(ctx, own.ID)
	mustNil(t, err)
	if f.Plan.Trust.Mentor.Background != "twenty years of ops" || f.Plan.Foundation.Rules.Frequency != "every other Tuesday" {
		t.Errorf("the mentor's fields did not arrive: layer 1 %q, frequency %q", f.Plan.Trust.Mentor.Background, f.Plan.Foundation.Rules.Frequency)
	}
	if f.Rel.OwnerRole != model.RoleMentee {
		t.Errorf("the mentee's journal says its owner is the %s", f.Rel.OwnerRole)
	}
	mustNil(t, mentee.Check())
}

// A first bundle into a relationship added here, from the same side (a
// mentee who left "You are the" at mentor), is noted: SameRole. Not for
// the other side, nor once the partner is known; nor for a relationship
// the bundle made (newPair checks that).
func TestReceiveNotesTheSameRoleOnBothSides(t *testing.T) {
	for _, mine := range []model.Role{model.RoleMentor, model.RoleMentee} {
		mentor, other := openTemp(t), openTempAt(t, t0.Add(time.Hour))
		rel, err := mentor.CreateRelationship(ctx, model.Relationship{MentorName: "Ann", MenteeName: "Ben", OwnerRole: model.RoleMentor, Started: date("2026-01-05"), Status: model.StatusActive, Layer: 1})
		mustNil(t, err)
		own, err := other.CreateRelationship(ctx, model.Relationship{MentorName: "Ann", MenteeName: "Ben", OwnerRole: mine, Started: date("2026-01-05"), Status: model.StatusActive, Layer: 1})
		mustNil(t, err)
		res, err := other.Receive(ctx, bytes.NewReader(share(t, mentor, rel.ID, other)), ReceiveOptions{Into: own.ID})
		mustNil(t, err)
		if res.SameRole != (mine == model.RoleMentor) {
			t.Errorf("%s receiving from the mentor: SameRole %v", mine, res.SameRole)
		}
		mustNil(t, mentor.SaveFollowUp(ctx, model.FollowUp{ID: model.NewID(t0), RelID: rel.ID, Text: "call", Owner: model.RoleMentee, Status: model.FollowUpOpen}))
		if res := receive(t, other, share(t, mentor, rel.ID, other)); res.SameRole {
			t.Errorf("%s: SameRole again on the second bundle", mine)
		}
	}
}

// An import that brings back a record deleted here is an edit: the
// record stays on the next exchange instead of being deleted again.
func TestImportBringingBackADeletedRecordTravels(t *testing.T) {
	p, fu := newPair(t)
	old := decodeArchive(t, exportString(t, p.mentee))
	mustNil(t, p.mentee.DeleteFollowUp(ctx, fu.ID))
	_, err := p.mentee.Import(ctx, old)
	mustNil(t, err)
	receive(t, p.mentor, share(t, p.mentee, p.rel, p.mentor))
	for _, s := range []*Store{p.mentor, p.mentee} {
		f, err := s.LoadFull(ctx, p.rel)
		mustNil(t, err)
		if len(f.FollowUps) != 1 {
			t.Errorf("follow-ups %+v, want the one brought back", f.FollowUps)
		}
	}
}

// An edit of a field in conflict, from a screen that shows one version,
// is refused with a message that says to choose first; after choosing it
// saves.
func TestEditingAFieldInConflictAsksToChooseFirst(t *testing.T) {
	p, _ := newPair(t)
	updatePlan(t, p.mentor, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Current = "sam's"; return nil })
	updatePlan(t, p.mentee, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Current = "ben's"; return nil })
	receive(t, p.mentee, share(t, p.mentor, p.rel, p.mentee))
	before := exportString(t, p.mentee)
	_, err := p.mentee.UpdatePlan(ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Current += " +later"; return nil })
	if err == nil || !strings.Contains(err.Error(), "is in conflict") || !strings.Contains(err.Error(), "choose or combine") {
		t.Fatalf("an edit over a conflict: %v", err)
	}
	if exportString(t, p.mentee) != before {
		t.Fatal("the refused edit changed the journal")
	}
	// Other fields still save.
	updatePlan(t, p.mentee, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Achieved = "done"; return nil })
	ex, err := p.mentee.Exchange(ctx, p.rel)
	mustNil(t, err)
	mustNil(t, p.mentee.Resolve(ctx, p.rel, ex.Conflicts[0], []byte(`"ben's"`)))
	updatePlan(t, p.mentee, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error { pl.Problem.Current += " +later"; return nil })
}

// sides are the pair's two journals with their owners' roles.
func (p pair) sides() []struct {
	s    *Store
	role model.Role
} {
	return []struct {
		s    *Store
		role model.Role
	}{{p.mentor, model.RoleMentor}, {p.mentee, model.RoleMentee}}
}

// bothEditsKept checks journal s (its owner role) after the scenario that
// lost work: the mentor's layer 1 and done mark, the mentee's layer 3 and
// follow-up text, both signatures.
func bothEditsKept(t *testing.T, s *Store, role model.Role, rel model.ID) {
	t.Helper()
	f, err := s.LoadFull(ctx, rel)
	mustNil(t, err)
	if f.Rel.OwnerRole != role {
		t.Errorf("the %s's journal says its owner is the %s", role, f.Rel.OwnerRole)
	}
	if f.Plan.Trust.Mentor.Background != "twenty years of ops" || f.Plan.Meaning.Person != "I want to lead the team" {
		t.Errorf("%s: an edit was lost: layer 1 %q, layer 3 %q", role, f.Plan.Trust.Mentor.Background, f.Plan.Meaning.Person)
	}
	if len(f.FollowUps) != 1 || f.FollowUps[0].Status != model.FollowUpDone || f.FollowUps[0].Text != "read the book, chapters 1-3" {
		t.Errorf("%s: follow-up %+v, want done with the new text", role, f.FollowUps)
	}
	if len(f.Plan.Foundation.Signatures) != 2 {
		t.Errorf("%s: signatures %+v, want both", role, f.Plan.Foundation.Signatures)
	}
}

// editBothSides makes the edits of the scenario that lost work on a new
// pair, neither side seeing the other's: the mentor edits layer 1 and
// marks the follow-up done; the mentee edits layer 3, signs, and edits the
// same follow-up's text.
func editBothSides(t *testing.T) pair {
	t.Helper()
	p, fu := newPair(t)
	updatePlan(t, p.mentor, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
		pl.Trust.Mentor.Background = "twenty years of ops"
		return nil
	})
	done := fu
	done.Status = model.FollowUpDone
	mustNil(t, p.mentor.SaveFollowUp(ctx, done))
	updatePlan(t, p.mentee, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
		pl.Meaning.Person = "I want to lead the team"
		f, err := pl.Foundation.Sign(model.RoleMentee, "Ben", t0)
		pl.Foundation = f
		return err
	})
	text := fu
	text.Text = "read the book, chapters 1-3"
	mustNil(t, p.mentee.SaveFollowUp(ctx, text))
	return p
}
