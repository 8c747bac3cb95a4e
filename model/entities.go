package model

import "time"

// Relationship is one mentoring pair in the journal.
type Relationship struct {
	ID          ID        `json:"id"`
	MentorName  string    `json:"mentor_name"`
	MenteeName  string    `json:"mentee_name"`
	OwnerRole   Role      `json:"owner_role"` // the journal owner's side
	Started     time.Time `json:"started"`    // a date
	Status      RelStatus `json:"status"`
	CadenceDays int       `json:"cadence_days"` // agreed days between meetings; 0 = no cadence agreed
	Layer       Layer     `json:"layer"`        // the layer the pair is working on now
	// Stage is the stage of the working model the pair says it is at;
	// 0 leaves it to the journal (DeriveStage).
	Stage    Stage `json:"stage,omitempty"`
	Archived bool  `json:"archived,omitempty"`
	// PrivateNotes are the owner's own notes on the relationship; never
	// shown in pair view or a shared export.
	PrivateNotes string    `json:"private_notes,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// Other is the name of the person on the other side from the owner. For a
// peer relationship it is the mentee side's name.
func (r Relationship) Other() string {
	if r.OwnerRole == RoleMentee {
		return r.MentorName
	}
	return r.MenteeName
}

// Own is the name of the journal's owner, the other side of Other.
func (r Relationship) Own() string {
	if r.OwnerRole == RoleMentee {
		return r.MenteeName
	}
	return r.MentorName
}

// Live reports whether the relationship is active and not archived: the
// only ones with meetings and follow-ups due, nudges and calendar events.
func (r Relationship) Live() bool { return r.Status == StatusActive && !r.Archived }

// NameOf returns the name of the given party.
func (r Relationship) NameOf(party Role) string {
	if party == RoleMentor {
		return r.MentorName
	}
	return r.MenteeName
}

// Plan holds the foundation and the six layers of one relationship, plus
// its closure: everything edited as free text or short lists. It is one
// record per relationship.
type Plan struct {
	RelID      ID         `json:"rel_id"`
	Foundation Foundation `json:"foundation"`
	Trust      Trust      `json:"trust"`      // layer 1
	Problem    Problem    `json:"problem"`    // layer 2
	Meaning    Meaning    `json:"meaning"`    // layer 3
	Commitment Commitment `json:"commitment"` // layer 4
	Support    Support    `json:"support"`    // layer 5
	Review     Review     `json:"review"`     // layer 6
	Closure    Closure    `json:"closure"`
	Updated    time.Time  `json:"updated"`
	// LayerEdited is when each layer (0 the foundation) was last changed
	// (Plan.StampEdits).
	LayerEdited map[Layer]time.Time `json:"layer_edited,omitempty"`
}

// Rules are the rules of engagement of the foundation agreement.
type Rules struct {
	Frequency       string `json:"frequency"`       // how often they meet
	When            string `json:"when"`            // days, times
	Where           string `json:"where"`           // place or medium
	Contact         string `json:"contact"`         // how to reach each other
	NoContact       string `json:"no_contact"`      // when not to
	Confidentiality string `json:"confidentiality"` // what stays between them
	Scope           string `json:"scope"`           // areas in scope
	Limits          string `json:"limits"`          // what is out of bounds
}

// Foundation is the written agreement the pair signs.
type Foundation struct {
	SharedValues []string `json:"shared_values"`
	KeyGoals     []string `json:"key_goals"`
	Rules        Rules    `json:"rules"`
	MentorWants  string   `json:"mentor_wants"`  // what the mentor wants to get from it
	MentorBrings string   `json:"mentor_brings"` // skills, questions, ideas, stories
	MenteeWants  string   `json:"mentee_wants"`
	MenteeBrings string   `json:"mentee_brings"`
	Expectations string   `json:"expectations"`
	Schedule     string   `json:"schedule"`
	// Signatures holds every signature ever made, oldest first; a party's
	// current signature is its newest one.
	Signatures []Signature `json:"signatures"`
}

// Signature records one party signing the agreement text.
type Signature struct {
	ID          ID        `json:"id,omitempty"` // names it when two journals merge (NameItems)
	Party       Role      `json:"party"`        // mentor or mentee
	Name        string    `json:"name"`         // typed by the signer
	At          time.Time `json:"at"`
	Fingerprint string    `json:"fingerprint"` // Foundation.Fingerprint() when signed
	Text        string    `json:"text"`        // Foundation.AgreementText() when signed, to show what changed
}

// Profile is what the pair learns about one person while getting to know
// each other.
type Profile struct {
	Background   string `json:"background"`
	YearsInField string `json:"years_in_field"`
	Skills       string `json:"skills"`
	CommonGround string `json:"common_ground"`
}

// Story is an experience shared to build trust, with its lesson.
type Story struct {
	ID     ID        `json:"id,omitempty"` // names it when two journals merge (NameItems)
	Teller string    `json:"teller"`       // who told it
	Kind   StoryKind `json:"kind"`
	Story  string    `json:"story"`
	Lesson string    `json:"lesson"`
}

// Trust is layer 1: trust, rapport and credibility.
type Trust struct {
	Mentor  Profile `json:"mentor"`
	Mentee  Profile `json:"mentee"`
	Stories []Story `json:"stories"`
}

// Problem is layer 2: the problem or skill, defined and broken down.
type Problem struct {
	Statement string   `json:"statement"` // in one sentence
	Parts     []string `json:"parts"`     // its breakdown
	Current   string   `json:"current"`   // where it stands now
	Achieved  string   `json:"achieved"`  // what done looks like
}

// Meaning is layer 3: why it matters, at four distances. It is the fuel
// shown again when progress stalls.
type Meaning struct {
	Person       string `json:"person"`
	Team         string `json:"team"`
	Department   string `json:"department"`
	Organisation string `json:"organisation"`
}

// Option is one way forward considered in layer 4.
type Option struct {
	ID        ID     `json:"id,omitempty"` // names it when two journals merge (NameItems)
	Title     string `json:"title"`
	Pros      string `json:"pros"`
	Cons      string `json:"cons"`
	Obstacles string `json:"obstacles"`
	Overcome  string `json:"overcome"` // how to get past the obstacles
}

// Commitment is layer 4: options weighed, one chosen, and a commitment.
type Commitment struct {
	Options    []Option `json:"options"`
	Chosen     string   `json:"chosen"` // the title of the chosen option
	Commitment string   `json:"commitment"`
}

// Supporter is a person whose support the plan needs (layer 5).
type Supporter struct {
	ID     ID            `json:"id,omitempty"` // names it when two journals merge (NameItems)
	Who    string        `json:"who"`
	What   string        `json:"what"` // what is needed of them
	How    string        `json:"how"`  // how to get it
	Status SupportStatus `json:"status"`
}

// Resource is a thing the plan needs (layer 5).
type Resource struct {
	ID       ID            `json:"id,omitempty"` // names it when two journals merge (NameItems)
	What     string        `json:"what"`
	Fallback string        `json:"fallback"` // if it is not available
	Status   SupportStatus `json:"status"`
}

// Support is layer 5: support and resources.
type Support struct {
	People      []Supporter `json:"people"`
	Resources   []Resource  `json:"resources"`
	AskOfMentor string      `json:"ask_of_mentor"` // what the mentee asks of the mentor
}

// ReviewEntry is one look back at how the plan went (layer 6).
type ReviewEntry struct {
	ID           ID        `json:"id,omitempty"` // names it when two journals merge (NameItems)
	Date         time.Time `json:"date"`
	WhatHappened string    `json:"what_happened"`
	Why          string    `json:"why"` // why it worked or not
	Correction   string    `json:"correction"`
}

// Review is layer 6: review and feedback.
type Review struct {
	CheckInWhen string        `json:"check_in_when"`
	CheckInHow  string        `json:"check_in_how"`
	Measures    []string      `json:"measures"` // measures of success
	Reviews     []ReviewEntry `json:"reviews"`
}

// GoalEvaluation is closure's verdict on one goal.
type GoalEvaluation struct {
	GoalID  ID     `json:"goal_id"`
	Outcome string `json:"outcome"`
}

// Closure is how the relationship ended well.
type Closure struct {
	Accomplishments string           `json:"accomplishments"` // celebrated
	Evaluations     []GoalEvaluation `json:"evaluations"`
	Next            string           `json:"next"` // what the relationship becomes
	ClosedAt        time.Time        `json:"closed_at"`
}

// ProgressEntry is one step recorded against a goal.
type ProgressEntry struct {
	ID    ID        `json:"id,omitempty"` // names it when two journals merge (NameItems)
	Date  time.Time `json:"date"`
	Value string    `json:"value"` // a measured value, if any ("3 of 5 talks")
	Note  string    `json:"note"`
}

// Goal is a SMART goal of a relationship.
type Goal struct {
	ID         ID              `json:"id"`
	RelID      ID              `json:"rel_id"`
	Title      string          `json:"title"`
	Specific   string          `json:"specific"`
	Measure    string          `json:"measure"` // measure and target
	Achievable string          `json:"achievable"`
	Relevant   string          `json:"relevant"` // why it matters; layer 3 is its fuel
	Due        time.Time       `json:"due"`      // time-bound: a date
	Status     GoalStatus      `json:"status"`
	Progress   []ProgressEntry `json:"progress"`
	Created    time.Time       `json:"created"`
	Updated    time.Time       `json:"updated"`
}

// RoadmapItem is a topic planned for a future meeting.
type RoadmapItem struct {
	ID        ID          `json:"id"`
	RelID     ID          `json:"rel_id"`
	Position  int         `json:"position"` // order, ascending
	Topic     string      `json:"topic"`
	Date      time.Time   `json:"date"` // optional
	GoalID    ID          `json:"goal_id,omitempty"`
	Status    TopicStatus `json:"status"`
	SessionID ID          `json:"session_id,omitempty"` // the session that held it
	Created   time.Time   `json:"created"`
	Updated   time.Time   `json:"updated"`
}

// Reflection holds the four end-of-session questions. An empty answer is
// unanswered (skipped).
type Reflection struct {
	Useful     string `json:"useful"`      // what was useful today
	NextSteps  string `json:"next_steps"`  // next steps
	BeforeNext string `json:"before_next"` // what each will do, learn or explore before the next meeting
	Change     string `json:"change"`      // what to change for the next one
}

// FollowUpReview is what a session decided on a follow-up open when it
// started.
type FollowUpReview struct {
	FollowUpID ID            `json:"follow_up_id"`
	Text       string        `json:"text"` // the follow-up's text then
	Outcome    ReviewOutcome `json:"outcome"`
}

// Session is one meeting.
type Session struct {
	ID        ID        `json:"id"`
	RelID     ID        `json:"rel_id"`
	Date      time.Time `json:"date"`
	Minutes   int       `json:"minutes"` // length
	Topic     string    `json:"topic"`
	RoadmapID ID        `json:"roadmap_id,omitempty"`
	// The head above and below comes before the texts: the store reads
	// a session's head without its texts, up to the last of date, ended
	// and next meeting, so layers must stay before ended.
	// Layers are the layers the meeting worked on, sorted (SetLayers).
	Layers       []Layer          `json:"layers,omitempty"`
	Ended        bool             `json:"ended"` // reflection reached; false while the session is running
	NextMeeting  time.Time        `json:"next_meeting"`
	Agenda       string           `json:"agenda"`
	Notes        string           `json:"notes"`
	Recap        string           `json:"recap"`
	PrivateNotes string           `json:"private_notes"` // never in pair view or a shared export
	Reviewed     []FollowUpReview `json:"reviewed"`
	Reflection   Reflection       `json:"reflection"`
	Created      time.Time        `json:"created"`
	Updated      time.Time        `json:"updated"`
}

// FollowUp is an action item with an owner and a due date.
type FollowUp struct {
	ID        ID             `json:"id"`
	RelID     ID             `json:"rel_id"`
	SessionID ID             `json:"session_id,omitempty"` // the session it came from
	Text      string         `json:"text"`
	Owner     Role           `json:"owner"` // mentor or mentee
	Due       time.Time      `json:"due"`   // optional
	Status    FollowUpStatus `json:"status"`
	DoneAt    time.Time      `json:"done_at"`
	Created   time.Time      `json:"created"`
	Updated   time.Time      `json:"updated"`
}

// HealthCheck is one party's 1–5 rating of the relationship's qualities.
type HealthCheck struct {
	ID      ID              `json:"id"`
	RelID   ID              `json:"rel_id"`
	Date    time.Time       `json:"date"`
	Party   Role            `json:"party"` // who rated: mentor or mentee
	Ratings map[Quality]int `json:"ratings"`
	Comment string          `json:"comment"`
	Created time.Time       `json:"created"`
}

// Quality is one quality of a healthy relationship.
type Quality string

const (
	QArticulation Quality = "articulation"
	QListening    Quality = "listening"
	QRespect      Quality = "respect"
	QGoalClarity  Quality = "goal_clarity"
	QChallenge    Quality = "challenge"
	QSelfAware    Quality = "self_awareness"
	QLearning     Quality = "commitment_to_learning"
	QPreparation  Quality = "preparation"
)

// Qualities lists the rated qualities in display order.
var Qualities = []Quality{QArticulation, QListening, QRespect, QGoalClarity, QChallenge, QSelfAware, QLearning, QPreparation}

// Label is a quality's name for people.
func (q Quality) Label() string {
	switch q {
	case QArticulation:
		return "Articulation"
	case QListening:
		return "Listening"
	case QRespect:
		return "Respect"
	case QGoalClarity:
		return "Goal clarity"
	case QChallenge:
		return "Challenge"
	case QSelfAware:
		return "Self-awareness"
	case QLearning:
		return "Commitment to learning"
	case QPreparation:
		return "Preparation"
	}
	return string(q)
}

// Valid reports whether q is a known quality.
func (q Quality) Valid() bool {
	for _, k := range Qualities {
		if k == q {
			return true
		}
	}
	return false
}

// Summary is what the dashboard shows of a relationship. The store keeps it
// current on every save so the dashboard never reads the history.
type Summary struct {
	Rel           Relationship `json:"rel"`
	Sessions      int          `json:"sessions"` // sessions, held or only started
	LastSession   time.Time    `json:"last_session"`
	NextMeeting   time.Time    `json:"next_meeting"` // as agreed at the last session; zero if none
	OpenGoals     int          `json:"open_goals"`
	Goals         int          `json:"goals"`
	HasProblem    bool         `json:"has_problem"` // layer 2 statement written
	OpenFollowUps int          `json:"open_follow_ups"`
	// OpenDue lists the due dates of open follow-ups that have one, so that
	// overdue counts can be made for any day without reading follow-ups.
	OpenDue    []time.Time `json:"open_due"`
	Completion [7]float64  `json:"completion"` // per layer, 0..1, index = Layer
	// Recent counts, per layer, the latest RecentSessions sessions held
	// that worked on it; RecentMarked is how many of them have their
	// layers recorded (RecentLayers).
	Recent       [7]int `json:"recent_layers"`
	RecentMarked int    `json:"recent_marked"`
	// LastHealth is the date of the newest health check; SinceHealth the
	// sessions after it (all of them when there is none).
	LastHealth  time.Time `json:"last_health"`
	SinceHealth int       `json:"since_health"`
	// SignedChanged: a party's newest signature is of an older text of
	// the agreement.
	SignedChanged bool `json:"signed_changed,omitempty"`
	// NextTopic is the next planned roadmap topic (Full.NextTopic).
	NextTopic string `json:"next_topic,omitempty"`
	// Conflicts are the open conflicts of an exchanged relationship
	// (Partner.Conflicts), read with the summaries, not stored in them.
	Conflicts int `json:"-"`
}

// Overdue counts open follow-ups due before today (see DaysLate).
func (s Summary) Overdue(today time.Time) int {
	n := 0
	for _, d := range s.OpenDue {
		if DaysLate(d, today) > 0 {
			n++
		}
	}
	return n
}

// Full is a relationship with all its parts, as one screen or an export needs.
type Full struct {
	Rel       Relationship  `json:"relationship"`
	Plan      Plan          `json:"plan"`
	Goals     []Goal        `json:"goals"`
	Roadmap   []RoadmapItem `json:"roadmap"`    // by position
	Sessions  []Session     `json:"sessions"`   // newest first
	FollowUps []FollowUp    `json:"follow_ups"` // by due date, undated last
	Health    []HealthCheck `json:"health"`     // oldest first
	// Partner is what the journal knows of the other journal of the
	// relationship (two laptops); it is the journal's own, never exported.
	Partner Partner `json:"-"`
	// Revisions are, in an archive only, the revisions of its records as
	// the journal stores them, so that an import merges them as a bundle
	// is merged. A record without one has every field at the empty clock.
	Revisions []Revision `json:"revisions,omitempty"`
	// History says whether Sessions and FollowUps hold the whole history
	// or only its newest part (a Window); never exported.
	History History `json:"-"`
}

// Window bounds the history of a relationship read for the screens: the
// newest Sessions sessions, or every one since Since if that reaches
// further, and the follow-ups of that time (due since the day of the
// oldest session read or of Since; undated ones made since then) with
// every open one, and the records Keep names. A window of no Sessions and
// no Since is the whole history (Whole). A long relationship opens as fast
// as a short one this way.
type Window struct {
	Sessions int
	Since    time.Time
	// Keep names sessions and follow-ups read whatever their dates: those
	// a screen is on (a follow-up just marked done, a session moved back
	// in time), which must not drop out of it.
	Keep []ID
}

// Whole reports whether w is the whole history.
func (w Window) Whole() bool { return w.Sessions == 0 && w.Since.IsZero() }

// Page asks for a run of a relationship's sessions, newest first: N of
// them from position From (0 is the newest), or, when Around names one of
// them, the run of N that holds it, from a multiple of N. A list reads a
// long history this way, a page where it shows one.
type Page struct {
	From, N int
	Around  ID
}

// PageStart is the first position of the page of n sessions that holds
// position i: pages start at multiples of n.
func PageStart(i, n int) int { return i - i%max(1, n) }

// SessionPage is a run of sessions read (Page): Sessions are those from
// position From on, newest first (NewestFirst), of Total in all.
type SessionPage struct {
	From, Total int
	Sessions    []Session
}

// History says how much of its history a Full holds. When More, Sessions
// and FollowUps hold only the newest part of it (a Window), and Summary
// is the stored summary of the whole, which Summarize returns: counts,
// the last session and the sessions since the last health check are of
// the whole history, not of what was read.
type History struct {
	More    bool
	Summary Summary
	// Read is how many of the newest sessions the window read; Sessions
	// holds those and the ones it kept (Window.Keep).
	Read int
	// HeldOn is the date of each session left out that a held roadmap
	// topic names (Full.HeldOn).
	HeldOn map[ID]time.Time
}
