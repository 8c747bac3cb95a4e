// Package storetest builds large journals for tests and benchmarks.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"mentorlog/model"
	"mentorlog/store"
)

// Config says how big a journal to build. Generation is deterministic:
// the same Config gives the same records.
type Config struct {
	Relationships  int
	Sessions       int     // spread over the relationships; the first one gets BigRelSessions of them
	FollowUps      int     // spread over the sessions
	Goals          int     // spread evenly
	DoneShare      float64 // share of follow-ups done or dropped
	Years          int     // history length, ending at End
	NoteWords      int     // words in a session's notes (the bulk of the text)
	BigRelSessions int     // sessions of the first relationship (0: an even share)
	End            time.Time
	Seed           uint64
}

// Default is ten years of a busy mentor: 200 relationships, 20,000
// sessions with notes and reflections (2–3 KB of text each), 100,000
// follow-ups (98% closed), 5,000 goals with progress, plans filled in:
// about 50 MB of text.
func Default() Config {
	return Config{Relationships: 200, Sessions: 20000, FollowUps: 100000, Goals: 5000, DoneShare: 0.98,
		Years: 10, NoteWords: 260, BigRelSessions: 1000, End: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Seed: 1}
}

// Times is c with n times the relationships, sessions, follow-ups and
// goals (the same history length and texts): Default().Times(5) is the 5×
// journal of the benchmarks.
func (c Config) Times(n int) Config {
	c.Relationships *= n
	c.Sessions *= n
	c.FollowUps *= n
	c.Goals *= n
	return c
}

// Small is a journal for quick tests: 6 relationships, 120 sessions.
func Small() Config {
	return Config{Relationships: 6, Sessions: 120, FollowUps: 400, Goals: 30, DoneShare: 0.9,
		Years: 2, NoteWords: 60, BigRelSessions: 40, End: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Seed: 2}
}

// generatorVersion changes whenever the generator's output changes, so
// that cached files are rebuilt.
const generatorVersion = 9

func (c Config) hash() string {
	b, _ := json.Marshal(struct {
		V int
		C Config
		S int
	}{generatorVersion, c, store.SchemaVersion})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// CachedPath returns the path of a journal built from cfg, building it
// the first time: os.TempDir()/mentorlog-bench-<hash>.db. Open it
// read-only, or copy it first (Generate does) before writing to it.
func CachedPath(cfg Config) (string, error) {
	p := filepath.Join(os.TempDir(), "mentorlog-bench-"+cfg.hash()+".db")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	tmp := fmt.Sprintf("%s.%d.tmp", p, os.Getpid())
	_ = os.Remove(tmp)
	if err := build(tmp, cfg); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	if err := os.Rename(tmp, p); err != nil {
		return "", err
	}
	return p, nil
}

// Generate writes a journal built from cfg to path (which must not
// exist), copying it from the cache when it was built before.
func Generate(path string, cfg Config) error {
	src, err := CachedPath(cfg)
	if err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// Sync, so that the first commit of a benchmark does not pay for
	// flushing the whole copy.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

type gen struct {
	r   *rand.Rand
	now time.Time
}

func (g *gen) id(t time.Time) model.ID {
	var b [16]byte
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(t.UnixMilli()))
	copy(b[:6], ts[2:])
	binary.BigEndian.PutUint64(b[6:14], g.r.Uint64())
	binary.BigEndian.PutUint16(b[14:], uint16(g.r.Uint32()))
	return model.ID(hex.EncodeToString(b[:]))
}

func (g *gen) word() string { return words[g.r.IntN(len(words))] }

func (g *gen) sentence(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		w := g.word()
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i > 0 && i < n-1 && g.r.IntN(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return b.String()
}

// text writes about n words in paragraphs of a few sentences.
func (g *gen) text(n int) string {
	var b strings.Builder
	words := 0
	for words < n {
		if words > 0 {
			b.WriteByte('\n')
		}
		for s := 0; s < 3+g.r.IntN(3) && words < n; s++ {
			k := 8 + g.r.IntN(9)
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(g.sentence(k))
			words += k
		}
	}
	return b.String()
}

var names = []string{"Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Margaret", "Ken", "Radia",
	"Linus", "Hedy", "John", "Katherine", "Dennis", "Annie", "Niklaus", "Jean", "Tim", "Sophie", "Bjarne", "Mary",
	"Guido", "Shafi", "Rob", "Lynn", "Brian", "Adele", "Leslie", "Evelyn"}
var surnames = []string{"Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Allen", "Knuth", "Hamilton",
	"Thompson", "Perlman", "Torvalds", "Lamarr", "McCarthy", "Johnson", "Ritchie", "Easley", "Wirth", "Sammet",
	"Berners-Lee", "Wilson", "Stroustrup", "Keller", "Rossum", "Goldwasser", "Pike", "Conway", "Kernighan",
	"Goldberg", "Lamport", "Berezin"}

func (g *gen) person() string {
	return names[g.r.IntN(len(names))] + " " + surnames[g.r.IntN(len(surnames))]
}

func day(t time.Time) time.Time { return model.Day(t) }

// build writes a new journal to path through the public store API, in
// one Import transaction per batch of relationships.
func build(path string, cfg Config) error {
	st, err := store.Open(path, store.Options{Timeout: 5 * time.Second})
	if err != nil {
		return err
	}
	defer st.Close()
	g := &gen{r: rand.New(rand.NewPCG(cfg.Seed, 7)), now: cfg.End}
	nrel := max(cfg.Relationships, 1)
	// Sessions per relationship.
	per := make([]int, nrel)
	rest := cfg.Sessions
	if cfg.BigRelSessions > 0 && nrel > 1 {
		per[0] = min(cfg.BigRelSessions, rest)
		rest -= per[0]
		for i := 0; i < rest; i++ {
			per[1+g.r.IntN(nrel-1)]++
		}
	} else {
		for i := 0; i < rest; i++ {
			per[i%nrel]++
		}
	}
	fuPerSession := 0.0
	if cfg.Sessions > 0 {
		fuPerSession = float64(cfg.FollowUps) / float64(cfg.Sessions)
	}
	fuLeft := cfg.FollowUps
	goalsPer := cfg.Goals / nrel
	goalsExtra := cfg.Goals % nrel
	start := cfg.End.AddDate(-cfg.Years, 0, 0)
	span := cfg.End.Sub(start)

	var batch []model.Full
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		a := model.NewArchive(batch, cfg.End, false)
		if _, err := st.Import(context.Background(), a); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	for ri := 0; ri < nrel; ri++ {
		n := per[ri]
		// A relationship lasts long enough for its sessions, one a week or so.
		length := time.Duration(n+4) * 8 * 24 * time.Hour
		if length > span {
			length = span
		}
		started := day(cfg.End.Add(-time.Duration(g.r.Int64N(int64(span-length)+1)) - length))
		created := started.Add(9 * time.Hour)
		role := model.RoleMentor
		if ri%7 == 3 {
			role = model.RoleMentee
		}
		status := model.StatusActive
		if ri%5 == 4 {
			status = model.StatusClosed
		} else if ri%11 == 6 {
			status = model.StatusPaused
		}
		rel := model.Relationship{ID: g.id(created), MentorName: g.person(), MenteeName: g.person(), OwnerRole: role,
			Started: started, Status: status, CadenceDays: 7 * (1 + g.r.IntN(4)), Layer: model.Layer(1 + g.r.IntN(6)),
			PrivateNotes: g.sentence(12), Created: created, Updated: created}
		f := model.Full{Rel: rel}
		f.Plan = g.plan(rel, started)
		ng := goalsPer
		if ri < goalsExtra {
			ng++
		}
		for i := 0; i < ng; i++ {
			c := created.Add(time.Duration(i+1) * time.Hour)
			goal := model.Goal{ID: g.id(c), RelID: rel.ID, Title: g.sentence(5), Specific: g.sentence(14),
				Measure: g.sentence(8), Achievable: g.sentence(10), Relevant: g.sentence(12),
				Due: day(started.AddDate(0, 3+g.r.IntN(12), 0)), Status: model.GoalStatuses[g.r.IntN(3)], Created: c, Updated: c}
			for p := 0; p < g.r.IntN(7); p++ {
				goal.Progress = append(goal.Progress, model.ProgressEntry{Date: day(started.AddDate(0, 0, 14*(p+1))),
					Value: fmt.Sprintf("%d of 5", 1+p%5), Note: g.sentence(10)})
			}
			f.Goals = append(f.Goals, goal)
		}
		for i := 0; i < 8; i++ {
			c := created.Add(time.Duration(100+i) * time.Hour)
			item := model.RoadmapItem{ID: g.id(c), RelID: rel.ID, Position: i, Topic: g.sentence(6),
				Status: model.TopicPlanned, Created: c, Updated: c}
			if i < len(f.Goals) && i%2 == 0 {
				item.GoalID = f.Goals[i].ID
			}
			f.Roadmap = append(f.Roadmap, item)
		}
		step := length / time.Duration(n+1)
		for i := 0; i < n; i++ {
			date := day(started.Add(step * time.Duration(i+1)))
			c := date.Add(17 * time.Hour)
			s := model.Session{ID: g.id(c), RelID: rel.ID, Date: date, Minutes: 30 + 15*g.r.IntN(4),
				Topic: g.sentence(5), Agenda: g.sentence(14), Notes: g.text(cfg.NoteWords), Recap: g.text(cfg.NoteWords / 6),
				Reflection:  model.Reflection{Useful: g.sentence(14), NextSteps: g.sentence(14), BeforeNext: g.sentence(14), Change: g.sentence(10)},
				NextMeeting: date.AddDate(0, 0, rel.CadenceDays), Ended: true, Created: c, Updated: c,
				Layers: model.SetLayers([]model.Layer{model.Layer(g.r.IntN(7)), model.Layer(g.r.IntN(7))})}
			if g.r.IntN(3) == 0 {
				s.PrivateNotes = g.text(cfg.NoteWords / 5)
			}
			if i < len(f.Roadmap) {
				s.RoadmapID = f.Roadmap[i].ID
				f.Roadmap[i].Status = model.TopicHeld
				f.Roadmap[i].SessionID = s.ID
			}
			f.Sessions = append(f.Sessions, s)
			// Follow-ups of this session.
			k := int(fuPerSession)
			if g.r.Float64() < fuPerSession-float64(k) {
				k++
			}
			if ri == nrel-1 && i == n-1 {
				k = fuLeft
			}
			k = min(k, fuLeft)
			fuLeft -= k
			for j := 0; j < k; j++ {
				fc := c.Add(time.Duration(j+1) * time.Minute)
				fu := model.FollowUp{ID: g.id(fc), RelID: rel.ID, SessionID: s.ID, Text: g.sentence(6 + g.r.IntN(8)),
					Owner: model.Parties[g.r.IntN(2)], Status: model.FollowUpOpen, Created: fc, Updated: fc}
				if g.r.IntN(10) > 0 {
					fu.Due = date.AddDate(0, 0, 7+g.r.IntN(21))
				}
				if g.r.Float64() < cfg.DoneShare {
					fu.Status = model.FollowUpDone
					if g.r.IntN(10) == 0 {
						fu.Status = model.FollowUpDropped
					}
					fu.DoneAt = fc.AddDate(0, 0, 1+g.r.IntN(20))
				}
				f.FollowUps = append(f.FollowUps, fu)
			}
		}
		for i := 0; i < 4; i++ {
			d := day(started.AddDate(0, 2*(i+1), 0))
			h := model.HealthCheck{ID: g.id(d.Add(20 * time.Hour)), RelID: rel.ID, Date: d, Party: model.Parties[i%2],
				Ratings: map[model.Quality]int{}, Comment: g.sentence(12), Created: d.Add(20 * time.Hour)}
			for _, q := range model.Qualities {
				h.Ratings[q] = 1 + g.r.IntN(5)
			}
			f.Health = append(f.Health, h)
		}
		batch = append(batch, f)
		if len(batch) >= 10 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func (g *gen) plan(rel model.Relationship, started time.Time) model.Plan {
	p := model.Plan{RelID: rel.ID, Updated: rel.Created}
	fd := &p.Foundation
	fd.SharedValues = []string{g.sentence(4), g.sentence(4)}
	fd.KeyGoals = []string{g.sentence(6), g.sentence(6)}
	fd.Rules = model.Rules{Frequency: "every two weeks", When: "Tuesday 9:00", Where: "video call", Contact: g.sentence(8),
		NoContact: g.sentence(6), Confidentiality: g.sentence(10), Scope: g.sentence(10), Limits: g.sentence(8)}
	fd.MentorWants, fd.MentorBrings = g.sentence(12), g.sentence(12)
	fd.MenteeWants, fd.MenteeBrings = g.sentence(12), g.sentence(12)
	fd.Expectations, fd.Schedule = g.sentence(14), g.sentence(8)
	at := started.Add(10 * time.Hour)
	for _, party := range model.Parties {
		if f, err := fd.Sign(party, rel.NameOf(party), at); err == nil {
			*fd = f
		}
	}
	p.Trust.Mentor = model.Profile{Background: g.text(40), YearsInField: "12", Skills: g.sentence(10), CommonGround: g.sentence(10)}
	p.Trust.Mentee = model.Profile{Background: g.text(40), YearsInField: "3", Skills: g.sentence(10), CommonGround: g.sentence(10)}
	p.Trust.Stories = []model.Story{{Teller: rel.MentorName, Kind: model.StoryFailure, Story: g.text(50), Lesson: g.sentence(12)}}
	p.Problem = model.Problem{Statement: g.sentence(14), Parts: []string{g.sentence(6), g.sentence(6), g.sentence(6)},
		Current: g.sentence(16), Achieved: g.sentence(16)}
	p.Meaning = model.Meaning{Person: g.sentence(14), Team: g.sentence(14), Department: g.sentence(14), Organisation: g.sentence(14)}
	p.Commitment = model.Commitment{Options: []model.Option{
		{Title: "Option A", Pros: g.sentence(10), Cons: g.sentence(10), Obstacles: g.sentence(10), Overcome: g.sentence(10)},
		{Title: "Option B", Pros: g.sentence(10), Cons: g.sentence(10), Obstacles: g.sentence(10), Overcome: g.sentence(10)},
	}, Chosen: "Option A", Commitment: g.sentence(16)}
	p.Support = model.Support{People: []model.Supporter{{Who: g.person(), What: g.sentence(8), How: g.sentence(8), Status: model.SupportAsked}},
		Resources: []model.Resource{{What: g.sentence(5), Fallback: g.sentence(8), Status: model.SupportSecured}}, AskOfMentor: g.sentence(12)}
	p.Review = model.Review{CheckInWhen: "monthly", CheckInHow: "in the session", Measures: []string{g.sentence(6)},
		Reviews: []model.ReviewEntry{{Date: day(started.AddDate(0, 3, 0)), WhatHappened: g.sentence(14), Why: g.sentence(12), Correction: g.sentence(10)}}}
	if rel.Status == model.StatusClosed {
		p.Closure = model.Closure{Accomplishments: g.text(40), Next: g.sentence(12), ClosedAt: day(g.now)}
	}
	return p
}

// MedianMS is the median of ds in milliseconds, for benchmarks to report
// (it sorts ds).
func MedianMS(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return float64(ds[len(ds)/2]) / 1e6
}
