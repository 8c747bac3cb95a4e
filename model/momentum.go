package model

import "time"

// StuckAfterSessions is how many sessions a pair may hold before the
// dashboard warns that it has not moved past getting to know each other.
const StuckAfterSessions = 3

// Stuck reports whether a pair has held several sessions and still has no
// defined problem or skill and no goal.
func Stuck(s Summary) bool {
	return s.Sessions >= StuckAfterSessions && !s.HasProblem && s.Goals == 0
}

// GettingUnstuckTopics are conversation topics suggested to a stuck pair,
// in the order to take them: the past first, then the mentee's ambitions,
// goals, needs and challenges.
var GettingUnstuckTopics = []string{
	"Each of you: the path that led you here, the turns you did not plan",
	"The mentee's ambitions: where they want to be in two or three years",
	"The goals behind those ambitions: which one matters most right now",
	"What the mentee needs to get there: skills, people, room to try",
	"What is in the way today: the hardest challenge they face at work",
}

// HealthEverySessions is how many sessions may pass between health checks
// before one is suggested.
const HealthEverySessions = 4

// SessionsSinceHealth is the date of the newest health check (zero if
// none) and how many sessions fall on a later day (all of them if none).
func SessionsSinceHealth(sessions []Session, health []HealthCheck) (time.Time, int) {
	var last time.Time
	for _, h := range health {
		if h.Date.After(last) {
			last = h.Date
		}
	}
	n := 0
	for _, s := range sessions {
		if SinceCheck(s.Date, last) {
			n++
		}
	}
	return last, n
}

// SinceCheck reports whether a session on date counts as one since the
// health check of last (zero: none yet): its calendar day, in its own
// zone, is after the check's.
func SinceCheck(date, last time.Time) bool {
	return last.IsZero() || Day(date).After(Day(last))
}

// HealthNudge reports whether a pair should be told a health check is
// due: a live relationship (active, not archived) with enough sessions
// since the last check.
func HealthNudge(s Summary) bool {
	return s.Rel.Live() && HealthCheckDue(s.SinceHealth)
}

// HealthCheckDue reports whether a health check should be suggested, given
// the sessions held since the last check (or since the start).
func HealthCheckDue(sessionsSinceLastCheck int) bool {
	return sessionsSinceLastCheck >= HealthEverySessions
}
