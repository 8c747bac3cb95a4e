package model

import (
	"strings"
	"time"
)

// SMARTPart names one part of a SMART goal.
type SMARTPart string

const (
	SMARTSpecific   SMARTPart = "specific"
	SMARTMeasurable SMARTPart = "measurable"
	SMARTAchievable SMARTPart = "achievable"
	SMARTRelevant   SMARTPart = "relevant"
	SMARTTimeBound  SMARTPart = "time-bound"
)

// SMARTParts lists the parts in order.
var SMARTParts = []SMARTPart{SMARTSpecific, SMARTMeasurable, SMARTAchievable, SMARTRelevant, SMARTTimeBound}

// Hint says what a part asks for, in the app's words.
func (p SMARTPart) Hint() string {
	switch p {
	case SMARTSpecific:
		return "what exactly will be different"
	case SMARTMeasurable:
		return "how progress is measured, and the target"
	case SMARTAchievable:
		return "why it is within reach, with what effort"
	case SMARTRelevant:
		return "why it matters (see layer 3, meaning and impact)"
	case SMARTTimeBound:
		return "the date it is due"
	}
	return ""
}

// MissingSMART lists the SMART parts the goal does not have yet, in order.
func (g Goal) MissingSMART() []SMARTPart {
	var out []SMARTPart
	if strings.TrimSpace(g.Specific) == "" {
		out = append(out, SMARTSpecific)
	}
	if strings.TrimSpace(g.Measure) == "" {
		out = append(out, SMARTMeasurable)
	}
	if strings.TrimSpace(g.Achievable) == "" {
		out = append(out, SMARTAchievable)
	}
	if strings.TrimSpace(g.Relevant) == "" {
		out = append(out, SMARTRelevant)
	}
	if g.Due.IsZero() {
		out = append(out, SMARTTimeBound)
	}
	return out
}

// LastProgress is the date of the newest progress entry, or the zero time.
func (g Goal) LastProgress() time.Time {
	var last time.Time
	for _, p := range g.Progress {
		if p.Date.After(last) {
			last = p.Date
		}
	}
	return last
}

// StaleAfterDays is how long an open goal may go without progress before
// it is shown as stalled.
const StaleAfterDays = 21

// Stalled reports whether an open goal has had no progress (or, with none
// at all, no change since it was created) for StaleAfterDays or more.
func (g Goal) Stalled(today time.Time) bool {
	if g.Status != GoalOpen {
		return false
	}
	since := g.LastProgress()
	if since.IsZero() {
		since = g.Created
	}
	if since.IsZero() {
		return false
	}
	return DaysBetween(since, today) >= StaleAfterDays
}

// StalledGoals returns the open goals without progress for weeks.
func StalledGoals(goals []Goal, today time.Time) []Goal {
	var out []Goal
	for _, g := range goals {
		if g.Stalled(today) {
			out = append(out, g)
		}
	}
	return out
}
