package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// NextMeeting is when the pair next meets: the date agreed at the last
// session if it is not before that session; else the last session plus the
// cadence; with no session yet, the start date plus the cadence. Zero
// when nothing says (no cadence agreed).
func NextMeeting(s Summary) time.Time {
	if !s.NextMeeting.IsZero() && !Day(s.NextMeeting).Before(Day(s.LastSession)) {
		return Day(s.NextMeeting)
	}
	cad := s.Rel.CadenceDays
	if !s.LastSession.IsZero() {
		if cad > 0 {
			return Day(s.LastSession).AddDate(0, 0, cad)
		}
		return time.Time{}
	}
	if s.Rel.Started.IsZero() {
		return time.Time{}
	}
	if cad > 0 {
		return Day(s.Rel.Started).AddDate(0, 0, cad)
	}
	return time.Time{}
}

// UpcomingMeeting is NextMeeting as seen today: none for a closed
// relationship, and a pair that has not met yet has its first meeting to
// hold, so its date is never in the past (it is today, not "46 days ago").
func UpcomingMeeting(s Summary, today time.Time) time.Time {
	if s.Rel.Status == StatusClosed {
		return time.Time{} // a closed relationship meets no more
	}
	next := NextMeeting(s)
	if !next.IsZero() && s.LastSession.IsZero() && next.Before(Day(today)) {
		return Day(today)
	}
	return next
}

// ProposeNextMeeting proposes the next meeting after a session on date,
// from the cadence (a week when none is agreed).
func ProposeNextMeeting(date time.Time, cadenceDays int) time.Time {
	if cadenceDays <= 0 {
		cadenceDays = 7
	}
	return Day(date).AddDate(0, 0, cadenceDays)
}

// DaysLate is how many whole calendar days date lies before today: 0 when
// date is today, ahead of it, or unset. It is the one rule for "overdue"
// and "late" that the screens, `due`, the brief and the Markdown export
// share: a follow-up due today is not overdue, one due yesterday is
// overdue by a day; a meeting one day past its date is late by a day.
func DaysLate(date, today time.Time) int {
	if date.IsZero() {
		return 0
	}
	if d := DaysBetween(date, today); d > 0 {
		return d
	}
	return 0
}

// MeetingLateDays is how many days the next meeting is behind today, for
// active relationships; 0 if it is not late.
func MeetingLateDays(s Summary, today time.Time) int {
	if !s.Rel.Live() {
		return 0
	}
	if s.LastSession.IsZero() {
		// Before the first meeting nothing is late: a pair entered with a
		// start date weeks ago has not missed anything yet.
		return 0
	}
	return DaysLate(NextMeeting(s), today)
}

// DueKind says what a due item is.
type DueKind string

const (
	DueFollowUp DueKind = "follow-up"
	DueMeeting  DueKind = "meeting"
	// The nudges: a first meeting not held yet, a health check due, a
	// pair silent for twice its cadence, a pair still getting to know each
	// other after several meetings, an agreement changed since it was
	// signed.
	DueFirst     DueKind = "first-meeting"
	DueHealth    DueKind = "health"
	DueQuiet     DueKind = "quiet"
	DueStuck     DueKind = "stuck"
	DueAgreement DueKind = "agreement"
)

// DueKinds lists every kind, in the order `due --kinds` documents them.
var DueKinds = []DueKind{DueFollowUp, DueMeeting, DueFirst, DueHealth, DueQuiet, DueStuck, DueAgreement}

// Nudge reports whether the kind is a nudge, something to act on now
// rather than a date to keep.
func (k DueKind) Nudge() bool {
	return k == DueHealth || k == DueQuiet || k == DueStuck || k == DueAgreement
}

// ParseDueKinds reads a comma-separated list of kinds ("" is every kind).
func ParseDueKinds(s string) (map[DueKind]bool, error) {
	out := map[DueKind]bool{}
	if strings.TrimSpace(s) == "" {
		for _, k := range DueKinds {
			out[k] = true
		}
		return out, nil
	}
	for _, w := range strings.Split(s, ",") {
		if strings.TrimSpace(w) == "" {
			continue // "health," names one kind
		}
		k := DueKind(strings.ToLower(strings.TrimSpace(w)))
		if !slices.Contains(DueKinds, k) {
			names := make([]string, len(DueKinds))
			for i, k := range DueKinds {
				names[i] = string(k)
			}
			return nil, fmt.Errorf("%q is not a kind: use %s", SanitizeLine(w), strings.Join(names, ", "))
		}
		out[k] = true
	}
	if len(out) == 0 {
		return ParseDueKinds("")
	}
	return out, nil
}

// Meeting reports whether the kind is a meeting: the next one, or the
// first one not held yet.
func (k DueKind) Meeting() bool { return k == DueMeeting || k == DueFirst }

// DueItem is one line of `mentorlog due` and the dashboard's due list.
type DueItem struct {
	Kind    DueKind
	RelID   ID
	With    string    // the other person's name
	Text    string    // the follow-up, "meeting", or what a nudge says
	Owner   Role      // for follow-ups
	Date    time.Time // due or meeting date
	Days    int       // days from today: negative = overdue/late
	Overdue bool
}

// DefaultDueHorizon is how many days ahead `due` looks.
const DefaultDueHorizon = 7

// Due lists overdue and upcoming follow-ups and meetings: everything due
// before today, and what falls within horizon days from today, with the
// nudges that hold today (see the DueKind constants). Closed, paused and
// archived relationships are left out. The result is sorted by
// date, then by person and text. open holds the open follow-ups of any
// relationships; those of relationships not in sums are ignored.
func Due(today time.Time, sums []Summary, open []FollowUp, horizon int) []DueItem {
	today = Day(today)
	limit := today.AddDate(0, 0, horizon)
	live := make(map[ID]Relationship, len(sums))
	var out []DueItem
	for _, s := range sums {
		if !s.Rel.Live() {
			continue
		}
		live[s.Rel.ID] = s.Rel
		out = append(out, Nudges(s, today)...)
		next := UpcomingMeeting(s, today)
		if next.IsZero() || next.After(limit) {
			continue
		}
		out = append(out, DueItem{Kind: MeetingKind(s), RelID: s.Rel.ID, With: s.Rel.Other(),
			Text: "meeting", Date: next, Days: DaysBetween(today, next), Overdue: MeetingLateDays(s, today) > 0})
	}
	for _, f := range open {
		r, ok := live[f.RelID]
		if !ok || f.Status != FollowUpOpen || f.Due.IsZero() {
			continue
		}
		due := Day(f.Due)
		if due.After(limit) {
			continue
		}
		out = append(out, DueItem{Kind: DueFollowUp, RelID: f.RelID, With: r.Other(), Text: f.Text,
			Owner: f.Owner, Date: due, Days: DaysBetween(today, due), Overdue: f.IsOverdue(today)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if a.With != b.With {
			return a.With < b.With
		}
		if a.Kind != b.Kind {
			return dueRank(a.Kind) < dueRank(b.Kind)
		}
		return a.Text < b.Text
	})
	return out
}

// MeetingKind is what a pair's next meeting is: their first (DueFirst)
// while they have not met, else DueMeeting.
func MeetingKind(s Summary) DueKind {
	if s.LastSession.IsZero() {
		return DueFirst
	}
	return DueMeeting
}

// dueRank orders the items of one day: meetings, then follow-ups, then
// the nudges.
func dueRank(k DueKind) int {
	switch {
	case k.Meeting():
		return 0
	case k == DueFollowUp:
		return 1
	}
	return 2 + slices.Index(DueKinds, k)
}

// Nudges are what an active relationship's summary asks to act on today,
// besides its dates: a health check due, no session in twice the agreed
// cadence, a pair still getting to know each other after several
// meetings, an agreement changed since it was signed.
func Nudges(s Summary, today time.Time) []DueItem {
	today = Day(today)
	if !s.Rel.Live() {
		return nil
	}
	var out []DueItem
	nudge := func(k DueKind, date time.Time, text string) {
		out = append(out, DueItem{Kind: k, RelID: s.Rel.ID, With: s.Rel.Other(), Text: text,
			Date: date, Days: DaysBetween(today, date), Overdue: DaysLate(date, today) > 0})
	}
	if HealthNudge(s) {
		nudge(DueHealth, today, "health check due: "+HealthDueWhy(s))
	}
	if cad := s.Rel.CadenceDays; cad > 0 && !s.LastSession.IsZero() {
		// Quiet a whole cadence after the meeting that was due: twice the
		// cadence after the last one, unless the pair agreed a later date.
		due := NextMeeting(s)
		quiet := due.AddDate(0, 0, cad)
		if DaysLate(quiet, today) > 0 {
			nudge(DueQuiet, quiet, "no session for "+Plural(DaysBetween(s.LastSession, today), "day")+
				", a whole cadence ("+Plural(cad, "day")+") past the meeting due "+FormatDate(due))
		}
	}
	if Stuck(s) {
		nudge(DueStuck, today, "still getting to know each other after "+Plural(s.Sessions, "session")+": no problem, skill or goal yet")
	}
	if s.SignedChanged {
		nudge(DueAgreement, today, "the agreement changed since it was signed: read it together and sign again")
	}
	return out
}

// SortFollowUps orders follow-ups for a screen: open before closed, overdue
// first, then by due date (undated last), then by creation; closed ones
// last, the most recently closed first (by when they were done, else by
// creation), as what was just finished is what is looked for there.
func SortFollowUps(fs []FollowUp, today time.Time) {
	today = Day(today)
	rank := func(f FollowUp) int {
		switch {
		case f.Status != FollowUpOpen:
			return 3
		case f.Due.IsZero():
			return 2
		case f.IsOverdue(today):
			return 0
		}
		return 1
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		ra, rb := rank(a), rank(b)
		if ra != rb {
			return ra < rb
		}
		if ra == 3 {
			if !a.DoneAt.Equal(b.DoneAt) {
				return a.DoneAt.After(b.DoneAt)
			}
			return a.Created.After(b.Created)
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return a.Created.Before(b.Created)
	})
}

// IsOverdue reports whether an open follow-up's due date is before today
// (see DaysLate).
func (f FollowUp) IsOverdue(today time.Time) bool {
	return f.Status == FollowUpOpen && DaysLate(f.Due, today) > 0
}

// HealthDueWhy says why a health check is due: the sessions held since
// the last one, or since the start when there has been none.
func HealthDueWhy(s Summary) string {
	if s.LastHealth.IsZero() {
		return "none yet, after " + Plural(s.SinceHealth, "session")
	}
	return Plural(s.SinceHealth, "session") + " since the last one on " + FormatDate(s.LastHealth)
}
