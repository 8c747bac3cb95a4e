package model

import (
	"fmt"
	"strings"
)

// Role is a party of a relationship, and the journal owner's role in it.
type Role string

const (
	RoleMentor Role = "mentor"
	RoleMentee Role = "mentee"
	RolePeer   Role = "peer" // only as the owner's role: a peer pair still has a mentor and a mentee side
)

// Roles lists every owner role.
var Roles = []Role{RoleMentor, RoleMentee, RolePeer}

// Parties lists the two sides of every relationship.
var Parties = []Role{RoleMentor, RoleMentee}

// Valid reports whether r is an owner role.
func (r Role) Valid() bool { return r == RoleMentor || r == RoleMentee || r == RolePeer }

// ValidParty reports whether r is one of the two sides (mentor or mentee).
func (r Role) ValidParty() bool { return r == RoleMentor || r == RoleMentee }

// Opposite is the other side of a pair to r: the mentor for the mentee,
// the mentee for the mentor (and for a peer, whose partner writes as the
// mentor side).
func (r Role) Opposite() Role {
	if r == RoleMentee {
		return RoleMentor
	}
	return RoleMentee
}

// ParseRole accepts a role name in any case.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", fmt.Errorf("%q is not a role: use mentor, mentee or peer", s)
	}
	return r, nil
}

// RelStatus is a relationship's state.
type RelStatus string

const (
	StatusActive RelStatus = "active"
	StatusPaused RelStatus = "paused"
	StatusClosed RelStatus = "closed"
)

// RelStatuses lists every relationship status.
var RelStatuses = []RelStatus{StatusActive, StatusPaused, StatusClosed}

// Valid reports whether s is a relationship status.
func (s RelStatus) Valid() bool { return s == StatusActive || s == StatusPaused || s == StatusClosed }

// GoalStatus is a goal's state.
type GoalStatus string

const (
	GoalOpen     GoalStatus = "open"
	GoalAchieved GoalStatus = "achieved"
	GoalDropped  GoalStatus = "dropped"
)

// GoalStatuses lists every goal status.
var GoalStatuses = []GoalStatus{GoalOpen, GoalAchieved, GoalDropped}

// Valid reports whether s is a goal status.
func (s GoalStatus) Valid() bool { return s == GoalOpen || s == GoalAchieved || s == GoalDropped }

// TopicStatus is a roadmap item's state.
type TopicStatus string

const (
	TopicPlanned TopicStatus = "planned"
	TopicHeld    TopicStatus = "held"
	TopicSkipped TopicStatus = "skipped"
)

// TopicStatuses lists every roadmap status.
var TopicStatuses = []TopicStatus{TopicPlanned, TopicHeld, TopicSkipped}

// Valid reports whether s is a roadmap status.
func (s TopicStatus) Valid() bool { return s == TopicPlanned || s == TopicHeld || s == TopicSkipped }

// FollowUpStatus is an action item's state.
type FollowUpStatus string

const (
	FollowUpOpen    FollowUpStatus = "open"
	FollowUpDone    FollowUpStatus = "done"
	FollowUpDropped FollowUpStatus = "dropped"
)

// FollowUpStatuses lists every follow-up status.
var FollowUpStatuses = []FollowUpStatus{FollowUpOpen, FollowUpDone, FollowUpDropped}

// Valid reports whether s is a follow-up status.
func (s FollowUpStatus) Valid() bool {
	return s == FollowUpOpen || s == FollowUpDone || s == FollowUpDropped
}

// ReviewOutcome is what a session decided about a follow-up that was open
// when it started.
type ReviewOutcome string

const (
	OutcomeDone    ReviewOutcome = "done"
	OutcomeCarried ReviewOutcome = "carried" // still open, carried to the next meeting
	OutcomeDropped ReviewOutcome = "dropped"
)

// Valid reports whether o is a review outcome.
func (o ReviewOutcome) Valid() bool {
	return o == OutcomeDone || o == OutcomeCarried || o == OutcomeDropped
}

// Status is the state a review with this outcome leaves its follow-up in:
// done, dropped, or (carried over) open.
func (o ReviewOutcome) Status() FollowUpStatus {
	switch o {
	case OutcomeDone:
		return FollowUpDone
	case OutcomeDropped:
		return FollowUpDropped
	}
	return FollowUpOpen
}

// StoryKind says whether a story shared was a success or a failure.
type StoryKind string

const (
	StorySuccess StoryKind = "success"
	StoryFailure StoryKind = "failure"
)

// Valid reports whether k is a story kind (empty is allowed: not said).
func (k StoryKind) Valid() bool { return k == "" || k == StorySuccess || k == StoryFailure }

// SupportStatus is the state of a supporter or a resource (layer 5).
type SupportStatus string

const (
	SupportNeeded   SupportStatus = "needed"
	SupportAsked    SupportStatus = "asked"
	SupportSecured  SupportStatus = "secured"
	SupportDeclined SupportStatus = "unavailable"
)

// SupportStatuses lists every support status.
var SupportStatuses = []SupportStatus{SupportNeeded, SupportAsked, SupportSecured, SupportDeclined}

// Valid reports whether s is a support status (empty is allowed: not said).
func (s SupportStatus) Valid() bool {
	return s == "" || s == SupportNeeded || s == SupportAsked || s == SupportSecured || s == SupportDeclined
}
