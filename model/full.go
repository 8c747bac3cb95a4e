package model

import (
	"cmp"
	"strings"
	"time"
)

// Held reports whether a session is a meeting that took place: it ended,
// or something of it was written down. A session started and left with
// nothing in it (its topic is only the one proposed) is not one.
func (s Session) Held() bool { return s.Ended || s.hasText() }

// hasText reports whether a text or an answer of the session is written.
func (s Session) hasText() bool {
	answers := s.Reflection.Answers()
	for _, v := range append([]string{s.Agenda, s.Notes, s.Recap, s.PrivateNotes}, answers[:]...) {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}

// Written reports whether the pair wrote anything in the session: a text,
// an answer or its length (its topic and reviews may be proposals).
// Leaving a new session with nothing written keeps nothing.
func (s Session) Written() bool { return s.hasText() || s.Minutes > 0 }

// Blank reports whether nothing was written or done in the session: no
// topic, no texts, no length, no follow-up reviewed. Ending one is asked
// about first: it counts as a meeting held and sets the next meeting.
func (s Session) Blank() bool {
	return !s.Ended && !s.Written() && strings.TrimSpace(s.Topic) == "" && s.RoadmapID == "" && len(s.Reviewed) == 0
}

// NewestFirst orders sessions newest first: by date, then by id (ids sort
// by when they were made), the order the journal keeps them in, so that a
// list read a page at a time is in one order throughout. For
// slices.SortFunc as is; NewestFirst(a, b) < 0 is a before b.
func NewestFirst(a, b Session) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	return cmp.Compare(b.ID, a.ID)
}

// LastSession returns the most recent session held (Session.Held), in
// NewestFirst's order, whatever order sessions are in. A session started and
// left empty moves neither the last nor the next meeting.
func (f Full) LastSession() (Session, bool) {
	var last *Session
	for i := range f.Sessions {
		x := &f.Sessions[i]
		if !x.Held() {
			continue
		}
		if last == nil || NewestFirst(*x, *last) < 0 {
			last = x
		}
	}
	if last == nil {
		return Session{}, false
	}
	return *last, true
}

// HeldOn is the day the session that held a roadmap topic took place,
// for a held topic whose session is in f (or, left out of a window, in
// f.History).
func (f Full) HeldOn(it RoadmapItem) (time.Time, bool) {
	if it.Status != TopicHeld || it.SessionID == "" {
		return time.Time{}, false
	}
	for _, x := range f.Sessions {
		if x.ID == it.SessionID {
			return x.Date, true
		}
	}
	d, ok := f.History.HeldOn[it.SessionID]
	return d, ok
}

// SuggestTopicsFor offers up to n topics for f's next meeting, or for the
// session during (when set) as it is held: those of its stage and current
// layer (SuggestTopics), less any its sessions or roadmap already have. The
// topic of the session during is not one of them: it stays on offer while
// the session runs.
func SuggestTopicsFor(f Full, during ID, today time.Time, n int) []Topic {
	used := map[string]bool{}
	for _, x := range f.Sessions {
		if x.ID != during {
			used[strings.ToLower(strings.TrimSpace(x.Topic))] = true
		}
	}
	for _, it := range f.Roadmap {
		used[strings.ToLower(strings.TrimSpace(it.Topic))] = true
	}
	var out []Topic
	for _, t := range SuggestTopics(StandingOf(f, today).Stage, f.Rel.Layer, n+len(used)) {
		if !used[strings.ToLower(t.Text)] && len(out) < n {
			out = append(out, t)
		}
	}
	return out
}

// NextTopic returns the first planned roadmap topic by position.
func (f Full) NextTopic() (RoadmapItem, bool) {
	var best *RoadmapItem
	for i := range f.Roadmap {
		r := &f.Roadmap[i]
		if r.Status != TopicPlanned {
			continue
		}
		if best == nil || r.Position < best.Position {
			best = r
		}
	}
	if best == nil {
		return RoadmapItem{}, false
	}
	return *best, true
}
