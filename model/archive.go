package model

import (
	"fmt"
	"slices"
	"time"
)

// ArchiveFormat and ArchiveVersion head every JSON export.
const (
	ArchiveFormat  = "mentorlog-journal"
	ArchiveVersion = 2 // 2: each relationship carries its records' revisions
)

// Archive is the JSON export: lossless, versioned, and what import reads.
type Archive struct {
	Format        string    `json:"format"`
	Version       int       `json:"version"`
	Exported      time.Time `json:"exported"`
	Shared        bool      `json:"shared,omitempty"` // private notes left out
	Relationships []Full    `json:"relationships"`
}

// NewArchive wraps relationships in an archive header.
func NewArchive(rels []Full, now time.Time, shared bool) Archive {
	if rels == nil {
		rels = []Full{}
	}
	return Archive{Format: ArchiveFormat, Version: ArchiveVersion, Exported: now.UTC(), Shared: shared, Relationships: rels}
}

// Validate checks the whole archive and names every problem with its
// place, such as "relationships[2].goals[0].title: required".
func (a Archive) Validate() error {
	c := NewArchiveCheck(a)
	for _, f := range a.Relationships {
		c.Add(f)
	}
	return c.Err()
}

// ArchiveCheck is Validate one relationship at a time, so that an archive
// read from a file need not be held whole: Add each relationship in
// order, then Err says what Validate would.
type ArchiveCheck struct {
	c         checker
	version   int
	bad       bool          // the header is wrong: nothing else is checked
	n         int           // relationships added
	seen      map[ID]string // where each id is
	followUps map[ID]int    // the relationship each follow-up is in
	reviews   []review
}

// review is a follow-up a session names, checked once every id is known.
type review struct {
	rel, session, at int
	id               ID
}

// NewArchiveCheck starts a check of an archive with head's format and
// version (its relationships are not read).
func NewArchiveCheck(head Archive) *ArchiveCheck {
	k := &ArchiveCheck{version: head.Version, seen: map[ID]string{}, followUps: map[ID]int{}}
	switch {
	case head.Format != ArchiveFormat:
		k.c.add("format", "must be %q: this is not a mentorlog export", ArchiveFormat)
		k.bad = true
	case head.Version < 1 || head.Version > ArchiveVersion:
		k.c.add("version", "%d is not supported: this mentorlog reads versions 1 to %d; update mentorlog", head.Version, ArchiveVersion)
		k.bad = true
	}
	return k
}

// Add checks the archive's next relationship.
func (k *ArchiveCheck) Add(f Full) {
	i := k.n
	k.n++
	if k.bad {
		return
	}
	p := fmt.Sprintf("relationships[%d]", i)
	k.c.merge(p, f.Validate())
	for _, id := range f.ids() {
		if id.ID == "" {
			continue
		}
		if prev, dup := k.seen[id.ID]; dup {
			k.c.add(p+"."+id.Path+".id", "%s is used twice (also at %s)", id.ID, prev)
		} else {
			k.seen[id.ID] = p + "." + id.Path
		}
	}
	k.c.merge(p, f.validRevisions(k.version))
	for _, x := range f.FollowUps {
		if _, dup := k.followUps[x.ID]; !dup {
			k.followUps[x.ID] = i
		}
	}
	for s, x := range f.Sessions {
		for r, rv := range x.Reviewed {
			k.reviews = append(k.reviews, review{i, s, r, rv.FollowUpID})
		}
	}
}

// Err returns every problem found, with those of the reviews last: a
// session reviews follow-ups of its own relationship. One it names that
// is not in the archive may have been deleted since: that is allowed, as
// in the journal.
func (k *ArchiveCheck) Err() error {
	c := checker{p: slices.Clone(k.c.p)}
	for _, rv := range k.reviews {
		at, known := k.seen[rv.id]
		if !known {
			continue
		}
		field := fmt.Sprintf("relationships[%d].sessions[%d].reviewed[%d].follow_up_id", rv.rel, rv.session, rv.at)
		switch j, ok := k.followUps[rv.id]; {
		case !ok:
			c.add(field, "%s is not a follow-up (it is %s)", rv.id, at)
		case j != rv.rel:
			c.add(field, "follow-up %s belongs to another relationship (%s): a session reviews only its own relationship's follow-ups", rv.id, at)
		}
	}
	return c.p.Err()
}

type idAt struct {
	Path string
	Kind string
	ID   ID
}

func (f Full) ids() []idAt {
	out := []idAt{{"relationship", KindRel, f.Rel.ID}}
	for i, g := range f.Goals {
		out = append(out, idAt{fmt.Sprintf("goals[%d]", i), KindGoal, g.ID})
	}
	for i, r := range f.Roadmap {
		out = append(out, idAt{fmt.Sprintf("roadmap[%d]", i), KindRoadmap, r.ID})
	}
	for i, s := range f.Sessions {
		out = append(out, idAt{fmt.Sprintf("sessions[%d]", i), KindSession, s.ID})
	}
	for i, x := range f.FollowUps {
		out = append(out, idAt{fmt.Sprintf("follow_ups[%d]", i), KindFollowUp, x.ID})
	}
	for i, h := range f.Health {
		out = append(out, idAt{fmt.Sprintf("health[%d]", i), KindHealth, h.ID})
	}
	return out
}

// maxRevision bounds the revisions of one record in an archive (the store
// checks what is inside).
const maxRevision = 1 << 20

// validRevisions checks that each revision is of a record of f, once.
func (f Full) validRevisions(version int) error {
	var c checker
	if len(f.Revisions) > 0 && version < 2 {
		c.add("revisions", "an archive of version %d has none", version)
		return c.p.Err()
	}
	records := map[string]bool{Key(KindRel, f.Rel.ID): true, Key(KindPlan, f.Rel.ID): true}
	for _, id := range f.ids() {
		records[Key(id.Kind, id.ID)] = true
	}
	seen := map[string]bool{}
	for i, r := range f.Revisions {
		p := fmt.Sprintf("revisions[%d]", i)
		k := Key(r.Kind, r.ID)
		switch {
		case !records[k]:
			c.add(p, "%s %s is not a record of this relationship", r.Kind, r.ID)
		case seen[k]:
			c.add(p, "%s %s has revisions twice", r.Kind, r.ID)
		case len(r.Rev) == 0 || len(r.Rev) > maxRevision:
			c.add(p+".rev", "must hold between 1 byte and %d KiB", maxRevision>>10)
		}
		seen[k] = true
	}
	return c.p.Err()
}

// Validate checks a relationship with all its parts: each record, that
// every part belongs to the relationship, and that links point at records
// that exist in it.
func (f Full) Validate() error {
	var c checker
	rid := f.Rel.ID
	c.merge("relationship", f.Rel.Validate())
	if f.Plan.RelID != rid {
		c.add("plan.rel_id", "must be the relationship's id %s", rid)
	}
	c.merge("plan", f.Plan.Validate())
	goals := map[ID]bool{}
	for i, g := range f.Goals {
		p := fmt.Sprintf("goals[%d]", i)
		c.merge(p, g.Validate())
		if g.RelID != rid {
			c.add(p+".rel_id", "must be the relationship's id %s", rid)
		}
		goals[g.ID] = true
	}
	sessions := map[ID]bool{}
	for _, s := range f.Sessions {
		sessions[s.ID] = true
	}
	roadmap := map[ID]bool{}
	for i, r := range f.Roadmap {
		p := fmt.Sprintf("roadmap[%d]", i)
		c.merge(p, r.Validate())
		if r.RelID != rid {
			c.add(p+".rel_id", "must be the relationship's id %s", rid)
		}
		if r.GoalID != "" && !goals[r.GoalID] {
			c.add(p+".goal_id", "no goal %s in this relationship", r.GoalID)
		}
		if r.SessionID != "" && !sessions[r.SessionID] {
			c.add(p+".session_id", "no session %s in this relationship", r.SessionID)
		}
		roadmap[r.ID] = true
	}
	for i, s := range f.Sessions {
		p := fmt.Sprintf("sessions[%d]", i)
		c.merge(p, s.Validate())
		if s.RelID != rid {
			c.add(p+".rel_id", "must be the relationship's id %s", rid)
		}
		if s.RoadmapID != "" && !roadmap[s.RoadmapID] {
			c.add(p+".roadmap_id", "no roadmap item %s in this relationship", s.RoadmapID)
		}
	}
	for i, x := range f.FollowUps {
		p := fmt.Sprintf("follow_ups[%d]", i)
		c.merge(p, x.Validate())
		if x.RelID != rid {
			c.add(p+".rel_id", "must be the relationship's id %s", rid)
		}
		if x.SessionID != "" && !sessions[x.SessionID] {
			c.add(p+".session_id", "no session %s in this relationship", x.SessionID)
		}
	}
	for i, h := range f.Health {
		p := fmt.Sprintf("health[%d]", i)
		c.merge(p, h.Validate())
		if h.RelID != rid {
			c.add(p+".rel_id", "must be the relationship's id %s", rid)
		}
	}
	for i, e := range f.Plan.Closure.Evaluations {
		if e.GoalID != "" && !goals[e.GoalID] {
			c.add(fmt.Sprintf("plan.closure.evaluations[%d].goal_id", i), "no goal %s in this relationship", e.GoalID)
		}
	}
	return c.p.Err()
}

// Shared returns a copy of f with everything private removed: the owner's
// notes on the relationship and every session's private notes. Pair view
// and `export --shared` both use it, so they agree on what is private.
func (f Full) Shared() Full {
	out := f
	out.Rel = f.Rel.Shared()
	out.Sessions = make([]Session, len(f.Sessions))
	for i, s := range f.Sessions {
		out.Sessions[i] = s.Shared()
	}
	return out
}

// Shared is the relationship without the owner's private notes: the rule
// of what is private, for one record (Full.Shared and the streaming
// export use it).
func (r Relationship) Shared() Relationship {
	r.PrivateNotes = ""
	return r
}

// Shared is the session without its private notes.
func (s Session) Shared() Session {
	s.PrivateNotes = ""
	return s
}

// Summarize computes the dashboard summary of a relationship from all its
// parts. The store keeps summaries current with the same rules. Of a Full
// that holds only the newest part of its history, it is the stored
// summary of the whole (History).
func Summarize(f Full) Summary {
	if f.History.More {
		return f.History.Summary
	}
	s := Summary{Rel: f.Rel, Completion: f.Plan.Completion()}
	s.HasProblem = f.Plan.Problem.Statement != ""
	for _, g := range f.Goals {
		s.Goals++
		if g.Status == GoalOpen {
			s.OpenGoals++
		}
	}
	s.Sessions = len(f.Sessions)
	if last, ok := f.LastSession(); ok {
		s.LastSession = last.Date
		s.NextMeeting = last.NextMeeting
	}
	for _, x := range f.FollowUps {
		if x.Status == FollowUpOpen {
			s.OpenFollowUps++
			if !x.Due.IsZero() {
				s.OpenDue = append(s.OpenDue, x.Due)
			}
		}
	}
	s.Recent, s.RecentMarked = RecentLayers(heldNewestFirst(f.Sessions))
	s.LastHealth, s.SinceHealth = SessionsSinceHealth(f.Sessions, f.Health)
	s.SignedChanged = f.Plan.Foundation.ChangedSinceSigned()
	if t, ok := f.NextTopic(); ok {
		s.NextTopic = t.Topic
	}
	return s
}
