package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

// clock is a fake clock that moves a second on every call.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func openTemp(t testing.TB) *Store {
	t.Helper()
	return openTempAt(t, t0)
}

// openTempAt is openTemp with the journal's clock starting at start: a
// second laptop, later in the day.
func openTempAt(t testing.TB, start time.Time) *Store {
	t.Helper()
	c := &clock{t: start}
	s, err := Open(filepath.Join(t.TempDir(), "j", "journal.db"), Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustNil(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func date(s string) time.Time {
	d, err := time.Parse(model.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

var idSeq struct {
	sync.Mutex
	n int
}

func newID() model.ID {
	idSeq.Lock()
	defer idSeq.Unlock()
	idSeq.n++
	return model.NewID(t0.Add(time.Duration(idSeq.n) * time.Millisecond))
}

func newRel(t testing.TB, s *Store, mentee string) model.Relationship {
	t.Helper()
	r, err := s.CreateRelationship(ctx, model.Relationship{MentorName: "Grace Hopper", MenteeName: mentee,
		OwnerRole: model.RoleMentor, Started: date("2026-01-05"), Status: model.StatusActive, CadenceDays: 14,
		Layer: model.LayerTrust, PrivateNotes: "owner's own thoughts about " + mentee})
	mustNil(t, err)
	return r
}

func goal(rel model.ID, title string) model.Goal {
	return model.Goal{ID: newID(), RelID: rel, Title: title, Specific: "give a talk at the meetup",
		Measure: "one talk", Relevant: "visibility", Due: date("2026-09-01"), Status: model.GoalOpen,
		Progress: []model.ProgressEntry{{Date: date("2026-03-01"), Value: "outline", Note: "drafted the outline"}}}
}

func session(rel model.ID, d string, notes string) model.Session {
	return model.Session{ID: newID(), RelID: rel, Date: date(d), Minutes: 45, Topic: "career",
		Agenda: "review goals", Notes: notes, Recap: "agreed next steps", PrivateNotes: "seemed tired",
		Reflection:  model.Reflection{Useful: "the story about the failed launch", NextSteps: "draft the talk", BeforeNext: "read two chapters", Change: "start on time"},
		NextMeeting: date(d).AddDate(0, 0, 14), Ended: true}
}

func followUp(rel, sess model.ID, text string, due string) model.FollowUp {
	f := model.FollowUp{ID: newID(), RelID: rel, SessionID: sess, Text: text, Owner: model.RoleMentee, Status: model.FollowUpOpen}
	if due != "" {
		f.Due = date(due)
	}
	return f
}

func fileHash(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	mustNil(t, err)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func exportString(t testing.TB, s *Store) string {
	t.Helper()
	var b bytes.Buffer
	mustNil(t, s.ExportJSON(ctx, &b, ExportOptions{Now: t0}))
	return b.String()
}

// bucketCounts counts the keys of every bucket.
func bucketCounts(t testing.TB, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	mustNil(t, s.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			n := 0
			err := b.ForEach(func(k, v []byte) error { n++; return nil })
			out[string(name)] = n
			return err
		})
	}))
	return out
}

// fill adds a relationship with one of everything and returns its full
// record as loaded.
func fill(t testing.TB, s *Store, mentee string) model.Full {
	t.Helper()
	r := newRel(t, s, mentee)
	g := goal(r.ID, "Speak at a conference")
	mustNil(t, s.SaveGoal(ctx, g))
	se := session(r.ID, "2026-02-10", "We talked about the Conference and her fear of speaking.\nSecond line about Budget.")
	mustNil(t, s.SaveSession(ctx, se))
	item := model.RoadmapItem{ID: newID(), RelID: r.ID, Position: 0, Topic: "Negotiation basics", GoalID: g.ID,
		Status: model.TopicHeld, SessionID: se.ID}
	mustNil(t, s.SaveRoadmapItem(ctx, item))
	se.RoadmapID = item.ID
	mustNil(t, s.SaveSession(ctx, se))
	mustNil(t, s.SaveFollowUp(ctx, followUp(r.ID, se.ID, "Send the talk abstract", "2026-02-20")))
	mustNil(t, s.SaveFollowUp(ctx, followUp(r.ID, se.ID, "Book a rehearsal room", "")))
	mustNil(t, s.SaveHealthCheck(ctx, model.HealthCheck{ID: newID(), RelID: r.ID, Date: date("2026-02-11"),
		Party: model.RoleMentee, Ratings: map[model.Quality]int{model.QListening: 5, model.QChallenge: 3}, Comment: "Good listening"}))
	p := model.Plan{RelID: r.ID}
	p.Problem.Statement = "Afraid of public speaking"
	p.Meaning.Team = "The team needs someone to present our work"
	p.Foundation.SharedValues = []string{"honesty"}
	p.Closure.Evaluations = []model.GoalEvaluation{{GoalID: g.ID, Outcome: "on track"}}
	mustNil(t, s.SavePlan(ctx, p))
	f, err := s.LoadFull(ctx, r.ID)
	mustNil(t, err)
	return f
}

func describe(f model.Full) string {
	return fmt.Sprintf("%d goals, %d roadmap, %d sessions, %d follow-ups, %d health", len(f.Goals), len(f.Roadmap), len(f.Sessions), len(f.FollowUps), len(f.Health))
}
