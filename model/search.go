package model

import (
	"fmt"
	"strconv"
	"strings"
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
	Private  bool    `json:"private"` // the field is private notes
}

// SearchOptions narrows a search.
type SearchOptions struct {
	RelID     ID   // only this relationship, if set
	NoPrivate bool // leave out private fields (pair view)
	Limit     int  // at most this many hits (0 = 500)
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

// FieldLabel turns a record path into words: "stories[0].lesson" is
// "stories 1 · lesson", "private_notes" is "private notes".
func FieldLabel(path string) string {
	var parts []string
	for _, p := range strings.Split(path, ".") {
		if i := strings.IndexByte(p, '['); i >= 0 && strings.HasSuffix(p, "]") {
			if n, err := strconv.Atoi(p[i+1 : len(p)-1]); err == nil {
				p = p[:i] + " " + strconv.Itoa(n+1)
			}
		}
		parts = append(parts, strings.ReplaceAll(p, "_", " "))
	}
	return strings.Join(parts, " · ")
}
