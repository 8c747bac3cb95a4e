package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Exchange is what the app shows of a relationship's exchanges with the
// other journal: who that is, when they last exchanged, and the conflicts
// left to resolve.
type Exchange struct {
	Me        string // this journal's id
	Partner   Partner
	Known     bool // there was an exchange (or a recipient was given)
	Conflicts []Conflict
}

// ReceiveOptions say which relationship a bundle is for when the journal
// cannot tell.
type ReceiveOptions struct {
	Into ID // merge into this relationship of the journal
	// Chosen: the person chose Into (receive --into, or answering which
	// one it is), so it is merged even if the names differ.
	Chosen bool
	New    bool // make a new relationship even if one has the same names
}

// Received says what a bundle brought.
type Received struct {
	RelID                 ID
	Name                  string // the other person
	Created               bool   // the relationship is new to this journal
	New, Updated, Deleted int    // records
	// Kinds counts the records new, updated or deleted by kind (KindRel,
	// KindSession, …).
	Kinds           map[string]int
	Conflicts       int // open conflicts in the relationship after it
	ConflictsBefore int
	Resolved        int // conflicts the other side resolved
	Party           Role
	Written         time.Time
	Candidates      []Relationship // relationships with the sender's names, when it cannot tell
	NothingNew      bool
	// SameRole: the first bundle received into a relationship added in
	// this journal comes from the same side (two mentors, or two
	// mentees): one of two laptops of one person, or a role chosen wrong.
	SameRole bool
}

// When is the wall time of a clock reading.
func (d Dot) When() time.Time { return time.UnixMilli(int64(d.At >> 16)).UTC() }

var itemNouns = map[string]string{
	"signatures": "signature", "stories": "story", "options": "option", "people": "supporter",
	"resources": "resource", "reviews": "review", "progress": "progress entry",
}

var planParts = map[string]string{
	"foundation": "Agreement", "trust": "Layer 1 (trust)", "problem": "Layer 2 (the problem)",
	"meaning": "Layer 3 (meaning)", "commitment": "Layer 4 (commitment)", "support": "Layer 5 (support)",
	"review": "Layer 6 (review)", "closure": "Closure",
}

// Place says in words where a conflict is: the record, then the field,
// such as "Follow-up “read the book” · text" or "Layer 2 (the problem) ·
// statement".
func (c Conflict) Place(f Full) string {
	segs := splitPath(c.Path)
	var where []string
	switch c.Kind {
	case KindRel:
		where = append(where, "Relationship")
	case KindPlan:
		if len(segs) > 0 {
			if p, ok := planParts[segs[0]]; ok {
				where = append(where, p)
				segs = segs[1:]
			}
		}
	case KindGoal, KindRoadmap, KindSession, KindFollowUp, KindHealth:
		noun := kindNouns[c.Kind]
		where = append(where, strings.ToUpper(noun[:1])+noun[1:]+quoted(f, c.ID))
	}
	for _, s := range segs {
		if b := strings.IndexByte(s, '['); b > 0 {
			noun := itemNouns[s[:b]]
			if noun == "" {
				noun = strings.ReplaceAll(s[:b], "_", " ")
			}
			where = append(where, noun)
			continue
		}
		where = append(where, strings.ReplaceAll(s, "_", " "))
	}
	if c.Deleted() {
		where = append(where, "deleted on one side, changed on the other")
	}
	return strings.Join(where, " · ")
}

// quoted names a record of f by its title, topic, text or date.
func quoted(f Full, id ID) string {
	q := func(s string) string { return " “" + SanitizeLine(FirstLine(s)) + "”" }
	for _, x := range f.Goals {
		if x.ID == id {
			return q(x.Title)
		}
	}
	for _, x := range f.Roadmap {
		if x.ID == id {
			return q(x.Topic)
		}
	}
	for _, x := range f.Sessions {
		if x.ID == id {
			return " of " + FormatDate(x.Date)
		}
	}
	for _, x := range f.FollowUps {
		if x.ID == id {
			return q(x.Text)
		}
	}
	for _, x := range f.Health {
		if x.ID == id {
			return " of " + FormatDate(x.Date)
		}
	}
	return ""
}

// Text is a version's value as a person reads it: a text as it is, a
// record or list item kept or deleted, anything else as written.
func (c Conflict) Text(v Version) string {
	if c.Deleted() {
		if bytes.Equal(v.Value, Deleted) {
			return "delete it"
		}
		return "keep it, with the changes made meanwhile"
	}
	if Blank(v) {
		return "(empty)"
	}
	var s string
	if json.Unmarshal(v.Value, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return FormatDate(t)
		}
		return s
	}
	var list []string
	if json.Unmarshal(v.Value, &list) == nil {
		return JoinList(list)
	}
	return string(v.Value)
}

// Blank tells whether version v left the field empty: nothing to keep
// when the versions are combined.
func Blank(v Version) bool {
	switch string(v.Value) {
	case "", `""`, `null`, `[]`:
		return true
	}
	return false
}

// Editable reports whether a person can write a value combining the
// versions: a text, or a list of lines.
func (c Conflict) Editable() bool {
	if c.Deleted() {
		return false
	}
	for _, v := range c.Versions {
		if v.Value == nil {
			continue
		}
		var s string
		var list []string
		if json.Unmarshal(v.Value, &s) == nil {
			if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return false // a date: pick one
			}
			continue
		}
		if json.Unmarshal(v.Value, &list) != nil {
			return false
		}
	}
	return true
}

// Combined is the value for text written to resolve c: a string, or for a
// list one item per line.
func (c Conflict) Combined(text string) json.RawMessage {
	for _, v := range c.Versions {
		var list []string
		if v.Value != nil && json.Unmarshal(v.Value, &list) == nil {
			b, _ := json.Marshal(SplitList(text))
			return b
		}
	}
	b, _ := json.Marshal(text)
	return b
}

// Counts says in words what a bundle brought: "2 new, 1 updated".
func (r Received) Counts() string {
	var out []string
	for _, c := range []struct {
		n    int
		word string
	}{{r.New, "new"}, {r.Updated, "updated"}, {r.Deleted, "deleted"}} {
		if c.n > 0 {
			out = append(out, fmt.Sprintf("%d %s", c.n, c.word))
		}
	}
	if len(out) == 0 {
		return "nothing new"
	}
	var what []string
	for _, k := range SharedKinds {
		switch n := r.Kinds[k]; {
		case n == 0:
		case k == KindRel || k == KindPlan: // one a relationship
			what = append(what, "the "+kindNouns[k])
		default:
			what = append(what, Plural(n, kindNouns[k]))
		}
	}
	if len(what) == 0 {
		return strings.Join(out, ", ")
	}
	return strings.Join(out, ", ") + " (" + strings.Join(what, ", ") + ")"
}

// kindNouns name a record of each kind in words.
var kindNouns = map[string]string{KindRel: "relationship", KindPlan: "agreement and layers", KindGoal: "goal",
	KindRoadmap: "roadmap topic", KindSession: "session", KindFollowUp: "follow-up", KindHealth: "health check"}
