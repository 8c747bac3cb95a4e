package model

import (
	"errors"
	"slices"
	"time"
)

// The rules of the user actions that change several records at once. The
// store applies them to the records as they are stored, inside the one
// transaction that saves the action; the screens only say what the user
// did.

// ErrClosed is returned for an edit of a closed relationship. A closed
// relationship is read-only until it is reopened.
var ErrClosed = errors.New("this relationship is closed and read-only: reopen it on its closure screen first")

// Editable reports ErrClosed for a closed relationship.
func Editable(r Relationship) error {
	if r.Status == StatusClosed {
		return ErrClosed
	}
	return nil
}

// SessionChange is one save of a session: the session as typed, the
// follow-ups made (or edited) in it, and the follow-ups of it that were
// removed. The follow-ups it reviewed and the roadmap item it held follow
// from the session by SessionEffects.
type SessionChange struct {
	Session   Session
	FollowUps []FollowUp
	Removed   []ID
	// Marked are the follow-ups whose review the pair set in this save (a
	// key pressed on it): applied even where the outcome is the one stored,
	// as the follow-up may have been closed or opened again elsewhere since.
	Marked []ID
}

// SessionGone is what session id no longer holding a roadmap item does to
// it (the session deleted, or ended on another topic): a topic it held is
// planned again. It reports whether r changed; the item's link to the
// session is cleared apart.
func SessionGone(r *RoadmapItem, id ID) bool {
	if r.SessionID != id || r.Status != TopicHeld {
		return false
	}
	r.Status = TopicPlanned
	return true
}

// ReviewGone is what deleting session x does to a follow-up it reviewed:
// one its review closed (done on the session's day, or dropped) and still
// closed so is open again, as the review was the word that closed it (a
// newcomer deleted a session started by mistake and its x stayed). It
// reports whether fu changed; Updated is the caller's.
func ReviewGone(fu *FollowUp, x Session) bool {
	for _, r := range x.Reviewed {
		if r.FollowUpID != fu.ID || r.Outcome == OutcomeCarried || fu.Status != r.Outcome.Status() {
			continue
		}
		if r.Outcome == OutcomeDone && !Day(fu.DoneAt).Equal(Day(x.Date)) {
			continue // done on another day: not by this review
		}
		fu.Status, fu.DoneAt = FollowUpOpen, time.Time{}
		return true
	}
	return false
}

// SessionEffects returns what saving session x implies for the records
// around it, given the stored state of the follow-ups it reviewed and of
// the relationship's roadmap:
//   - a follow-up reviewed as done is done (dated the session's day unless
//     it was done already), one reviewed as dropped is dropped, one carried
//     over is open;
//   - once the session has ended, the roadmap item it took its topic from is
//     held by it, and an item it held before but no longer does is planned
//     again.
//
// A review whose outcome is the one the session as stored before (prev)
// gave changes nothing, unless the pair marked it again in this save
// (marked): the follow-up may have been closed, or opened again, elsewhere
// since, and that stands (saving a session opened again reopened a
// follow-up done on the follow-ups screen); only a follow-up done on the
// session's old day moves to its new one. Only records whose stored state
// changes are returned, with Updated set to at.
func SessionEffects(x, prev Session, marked []ID, reviewed []FollowUp, roadmap []RoadmapItem, at time.Time) ([]FollowUp, []RoadmapItem) {
	stored := make(map[ID]FollowUp, len(reviewed))
	for _, f := range reviewed {
		stored[f.ID] = f
	}
	// A review the stored session does not hold yet was the proposal a
	// new session makes of an open follow-up: carried over.
	before := make(map[ID]ReviewOutcome, len(prev.Reviewed))
	for _, r := range x.Reviewed {
		before[r.FollowUpID] = OutcomeCarried
	}
	for _, r := range prev.Reviewed {
		before[r.FollowUpID] = r.Outcome
	}
	var fus []FollowUp
	for _, r := range x.Reviewed {
		fu, ok := stored[r.FollowUpID]
		if !ok {
			continue
		}
		if before[r.FollowUpID] == r.Outcome && !slices.Contains(marked, r.FollowUpID) {
			// But a follow-up this session marked done is dated with it:
			// the review comes before the date in the steps, so a session
			// dated back is first saved dated today.
			if r.Outcome == OutcomeDone && fu.Status == FollowUpDone && Day(fu.DoneAt).Equal(Day(prev.Date)) && !Day(x.Date).Equal(Day(prev.Date)) {
				fu.DoneAt, fu.Updated = x.Date, at
				fus = append(fus, fu)
			}
			continue
		}
		want := fu
		want.Status = r.Outcome.Status()
		switch {
		case want.Status != FollowUpDone:
			want.DoneAt = time.Time{}
		case fu.Status != FollowUpDone:
			want.DoneAt = x.Date
		}
		if want.Status != fu.Status || !want.DoneAt.Equal(fu.DoneAt) {
			want.Updated = at
			fus = append(fus, want)
		}
	}
	var items []RoadmapItem
	if x.Ended {
		for _, it := range roadmap {
			switch {
			case it.ID == x.RoadmapID && (it.Status != TopicHeld || it.SessionID != x.ID):
				it.Status, it.SessionID, it.Updated = TopicHeld, x.ID, at
				items = append(items, it)
			case it.ID != x.RoadmapID && SessionGone(&it, x.ID):
				it.SessionID, it.Updated = "", at
				items = append(items, it)
			}
		}
	}
	return fus, items
}

// Close closes a relationship with its closure record, dated at.
func Close(r *Relationship, p *Plan, c Closure, at time.Time) {
	c.ClosedAt = at.UTC()
	p.Closure = c
	r.Status = StatusClosed
}

// Reopen makes a closed relationship active again. The closure's text is
// kept (it may be closed again later); its date goes, so nothing shows the
// relationship as closed.
func Reopen(r *Relationship, p *Plan) {
	p.Closure.ClosedAt = time.Time{}
	r.Status = StatusActive
}
