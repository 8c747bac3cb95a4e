package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
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
	mustNil(t, from.Share(ctx, rel, rcpt, func(r io.Reader) error { _, err := io.Copy(&out, r); return err }))
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
	if !res.Created || res.RelID != r.ID {
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
		full, err := p.mentee.LoadFull(ctx, p.rel)
		mustNil(t, err)
		if full.Rel.OwnerRole != model.RoleMentee {
			t.Fatalf("the mentee's journal says its owner is the %s", full.Rel.OwnerRole)
		}
		text := full.FollowUps[0]
		text.Text = "read the book, chapters 1-3"
		mustNil(t, p.mentee.SaveFollowUp(ctx, text))

		toMentee := share(t, p.mentor, p.rel, p.mentee)
		toMentor := share(t, p.mentee, p.rel, p.mentor)
		if menteeFirst {
			receive(t, p.mentor, toMentor)
			receive(t, p.mentee, toMentee)
		} else {
			receive(t, p.mentee, toMentee)
			receive(t, p.mentor, toMentor)
		}
		for _, side := range []struct {
			s    *Store
			role model.Role
		}{{p.mentor, model.RoleMentor}, {p.mentee, model.RoleMentee}} {
			f, err := side.s.LoadFull(ctx, p.rel)
			mustNil(t, err)
			if f.Rel.OwnerRole != side.role {
				t.Errorf("the %s's journal says its owner is the %s", side.role, f.Rel.OwnerRole)
			}
			if f.Plan.Trust.Mentor.Background != "twenty years of ops" || f.Plan.Meaning.Person != "I want to lead the team" {
				t.Errorf("%s: an edit was lost: layer 1 %q, layer 3 %q", side.role, f.Plan.Trust.Mentor.Background, f.Plan.Meaning.Person)
			}
			if len(f.FollowUps) != 1 || f.FollowUps[0].Status != model.FollowUpDone || f.FollowUps[0].Text != "read the book, chapters 1-3" {
				t.Errorf("%s: follow-up %+v, want done with the new text", side.role, f.FollowUps)
			}
			if len(f.Plan.Foundation.Signatures) != 2 {
				t.Errorf("%s: signatures %+v, want both", side.role, f.Plan.Foundation.Signatures)
			}
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
	for name, c := range cases {
		before, err := p.mentee.LoadFull(ctx, p.rel)
		mustNil(t, err)
		_, err = p.mentee.Receive(ctx, bytes.NewReader(c.data), ReceiveOptions{})
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("%s: %v, want %v and 'nothing was changed'", name, err, c.want)
		}
		after, err := p.mentee.LoadFull(ctx, p.rel)
		mustNil(t, err)
		if len(after.FollowUps) != len(before.FollowUps) {
			t.Errorf("%s changed the journal", name)
		}
	}
	// Sealing to this journal's own recipient is refused at once.
	_, own, err := p.mentor.Identity(ctx)
	mustNil(t, err)
	err = p.mentor.Share(ctx, p.rel, own, func(io.Reader) error { t.Fatal("a bundle to itself was written"); return nil })
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
// since, and says what it kept.
func TestImportKeepsNewerRecords(t *testing.T) {
	s := openTemp(t)
	f := fill(t, s, "Ada")
	old := decodeArchive(t, exportString(t, s))
	x := f.Sessions[0]
	x.Notes = "changed after the export"
	mustNil(t, s.SaveSession(ctx, x))
	res, err := s.Import(ctx, old)
	mustNil(t, err)
	got, err := s.LoadFull(ctx, f.Rel.ID)
	mustNil(t, err)
	for _, y := range got.Sessions {
		if y.ID == x.ID && y.Notes != x.Notes {
			t.Fatalf("the older export put back %q over %q", y.Notes, x.Notes)
		}
	}
	if res.Kept != 1 || res.Records != 0 {
		t.Fatalf("import result %+v, want 1 kept and nothing written", res)
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
				updatePlan(t, s, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
					*[]*string{&pl.Problem.Statement, &pl.Meaning.Person, &pl.Trust.Mentor.Background}[field] = val
					return nil
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
					x.Text = val
					mustNil(t, s.SaveFollowUp(ctx, x))
				case 1:
					x.Status, x.DoneAt = model.FollowUpDone, time.Time{}
					mustNil(t, s.SaveFollowUp(ctx, x))
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
