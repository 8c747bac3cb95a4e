package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// HitKind says what kind of record a search hit is in.
type HitKind string

const (
	HitRelationship HitKind = "relationship"
	HitPlan         HitKind = "plan" // foundation, a layer or closure
	HitGoal         HitKind = "goal"
	HitRoadmap      HitKind = "roadmap"
	HitSession      HitKind = "session"
	HitFollowUp     HitKind = "follow-up"
	HitHealth       HitKind = "health"
)

// Hit is one matching line of a search.
type Hit struct {
	RelID    ID      `json:"rel_id"`
	With     string  `json:"with"` // the other person, for grouping
	Kind     HitKind `json:"kind"`
	RecordID ID      `json:"record_id"` // the goal, session, … (the relationship id for plan hits)
	Field    string  `json:"field"`     // e.g. "notes", "reflection.useful", "problem.statement"
	Layer    Layer   `json:"layer"`     // for plan hits: which part (0-6); closure is -1
	Date     string  `json:"date"`      // the record's date if it has one, YYYY-MM-DD
	Line     string  `json:"line"`      // the matching line, sanitized, at most ~200 characters around the hit
	Start    int     `json:"start"`     // byte offsets of the match within Line
	End      int     `json:"end"`
	Row      int     `json:"row"`     // the match's line within the field, from 0
	Col      int     `json:"col"`     // and its column there, in characters
	Private  bool    `json:"private"` // the field is private notes
}

// SearchOptions narrows a search.
type SearchOptions struct {
	RelID     ID   // only this relationship, if set
	NoPrivate bool // leave out private fields (pair view)
	Limit     int  // at most this many hits (0 = 500, less than 0 = every hit)
}

// Where names the part and the field of a hit as a person reads them:
// ("Layer 1 Trust", "mentor · common ground"), ("Session", "reflection ·
// next steps"), ("Goal", "progress 2 · note").
func (h Hit) Where() (part, field string) {
	path := h.Field
	switch h.Kind {
	case HitPlan:
		switch {
		case h.Layer < 0:
			part = "Closure"
		case h.Layer == LayerFoundation:
			part = "Agreement"
		default:
			part = fmt.Sprintf("Layer %d %s", int(h.Layer), h.Layer.Info().Short)
		}
		if i := strings.IndexByte(path, '.'); i >= 0 {
			path = path[i+1:] // the part's own name ("trust.") is in part
		}
	case HitRelationship:
		part = "Relationship"
	case HitGoal:
		part = "Goal"
	case HitRoadmap:
		part = "Roadmap"
	case HitSession:
		part = "Session"
	case HitFollowUp:
		part = "Follow-up"
	case HitHealth:
		part = "Health check"
	default:
		part = string(h.Kind)
	}
	return part, FieldLabel(path)
}

// fieldWords are the names of record fields as the forms call them.
var fieldWords = map[string]string{
	"shared_values": "shared value", "key_goals": "key goal", "frequency": "how often", "contact": "reaching each other",
	"no_contact": "when not to", "scope": "what is in scope", "mentor_wants": "what the mentor wants",
	"mentor_brings": "what the mentor brings", "mentee_wants": "what the mentee wants", "mentee_brings": "what the mentee brings",
	"years_in_field": "years in the field", "common_ground": "common ground", "stories": "story", "story": "the story",
	"lesson": "the lesson", "statement": "in one sentence", "parts": "its parts", "current": "where it stands now",
	"achieved": "what achieved looks like", "person": "to the person", "team": "to the team", "department": "to the department",
	"organisation": "to the organisation", "options": "option", "overcome": "how to overcome them", "chosen": "chosen option",
	"commitment": "the commitment", "people": "supporter", "resources": "resource", "ask_of_mentor": "asked of the mentor",
	"check_in_when": "check-ins: when", "check_in_how": "check-ins: how", "measures": "measure of success", "reviews": "review",
	"what_happened": "what happened", "correction": "course correction", "evaluations": "goal outcome", "next": "what comes next",
	"useful": "what was useful", "next_steps": "next steps", "before_next": "before next time", "change": "what to change",
	"measure": "measure and target",
}

// FieldLabel turns a record path into the words a person reads:
// "stories[0].lesson" is "story 1 · the lesson", "mentor.common_ground" is
// "mentor's common ground", "private_notes" is "private notes".
func FieldLabel(path string) string {
	var parts []string
	segs := strings.Split(path, ".")
	for i := 0; i < len(segs); i++ {
		p, n := segs[i], ""
		if j := strings.IndexByte(p, '['); j >= 0 && strings.HasSuffix(p, "]") {
			if k, err := strconv.Atoi(p[j+1 : len(p)-1]); err == nil {
				p, n = p[:j], " "+strconv.Itoa(k+1)
			}
		}
		w, ok := fieldWords[p]
		if !ok {
			w = strings.ReplaceAll(p, "_", " ")
		}
		if (p == "mentor" || p == "mentee") && i+1 < len(segs) {
			// A side's own field: "mentor's background".
			next := segs[i+1]
			nw, ok := fieldWords[next]
			if !ok {
				nw = strings.ReplaceAll(next, "_", " ")
			}
			parts = append(parts, p+"'s "+nw)
			i++
			continue
		}
		parts = append(parts, w+n)
	}
	return strings.Join(parts, " · ")
}

// WindowFor is the window of history (Window) that reaches back to h's
// record, with at least sessions sessions: from the day before its date
// (the date is of the record's own time zone), or, for a follow-up
// without one, the day before it was made. Other records are read whole
// in any window.
func WindowFor(h Hit, sessions int) Window {
	var at time.Time
	if day, err := time.Parse(time.DateOnly, h.Date); err == nil {
		at = day
	} else if h.Kind == HitFollowUp {
		at = h.RecordID.Time()
	}
	return WindowBack(at, sessions)
}

// WindowBack is the window of history (Window) that reaches back to the
// day of at, with at least sessions sessions: from the day before it, so
// that a date in its record's own time zone is in. A zero at is the
// newest sessions alone.
func WindowBack(at time.Time, sessions int) Window {
	w := Window{Sessions: sessions}
	if !at.IsZero() {
		w.Since = Day(at).AddDate(0, 0, -1)
	}
	return w
}

// OnlyAccents reports whether a query holds nothing to look for once its
// accents are set aside, as a search sets them aside: a lone combining
// accent, say. A blank query is not one (it asks for nothing).
func OnlyAccents(q string) bool {
	return strings.TrimSpace(q) != "" && strings.TrimSpace(Unaccented(q)) == ""
}
