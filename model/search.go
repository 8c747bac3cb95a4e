package model

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
