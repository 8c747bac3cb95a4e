package model

import (
	"fmt"
	"strings"
	"time"
)

// The other models of a mentoring relationship, besides the six layers:
// three phases (building rapport, setting direction, recap and progress),
// four steps (building the relationship, negotiating agreements,
// developing the mentee, ending the relationship) and eight stages over
// about two years. A relationship is at one stage at a time; the stage
// says which step and phase that is. Stages is the one table that maps
// between the models.

// Phase is one of the three phases of a relationship.
type Phase int

const (
	PhaseRapport   Phase = 1 + iota // building rapport
	PhaseDirection                  // setting direction
	PhaseProgress                   // recap and progress
)

// Step is one of the four steps of the mentoring process.
type Step int

const (
	StepBuilding    Step = 1 + iota // building the relationship
	StepNegotiating                 // negotiating agreements
	StepDeveloping                  // developing the mentee
	StepEnding                      // ending the relationship
)

// Stage is one of the eight stages of the working model; 0 on a
// relationship means "not set by hand: derive it from the journal".
type Stage int

const (
	StageIntroduction Stage = 1 + iota
	StageFoundation
	StageOrientation
	StageCollaboration
	StageProblemSolving
	StagePersonal
	StageProfessional
	StageTransition
)

// PhaseInfo names a phase and says what it is about, in the app's words.
type PhaseInfo struct {
	Phase   Phase
	Name    string
	Purpose string
}

// StepInfo names a step and says what it is about.
type StepInfo struct {
	Step    Step
	Name    string
	Purpose string
}

// Topic is a meeting topic suggested for a stage, with the layer it works on.
type Topic struct {
	Text  string
	Layer Layer
}

// StageInfo is one row of the table that maps the models onto each
// other: the stage, the step and phase it belongs to, the layers its
// meetings mostly work on, and topics that suit it.
type StageInfo struct {
	Stage   Stage
	Name    string
	Purpose string
	Step    Step
	Phase   Phase
	Layers  []Layer
	Topics  []Topic
}

// Phases lists the three phases in order.
var Phases = []PhaseInfo{
	{PhaseRapport, "Building rapport", "Find out whether you can work together: get acquainted, agree why you meet, listen and be open."},
	{PhaseDirection, "Setting direction", "Decide what the relationship should achieve: aspirations, strengths, the top goals, and an agreement on how you work."},
	{PhaseProgress, "Recap and progress", "Work toward the goals: review progress at the start of a meeting and recap at its end. Usually the longest phase."},
}

// Steps lists the four steps in order.
var Steps = []StepInfo{
	{StepBuilding, "Building the relationship", "Take time to know each other and build trust; this step is not to be rushed or skipped."},
	{StepNegotiating, "Negotiating agreements", "Agree roles, a schedule, limits and how you like to work."},
	{StepDeveloping, "Developing the mentee", "Set goals, plan the activities that reach them and keep in touch: the longest step."},
	{StepEnding, "Ending the relationship", "Celebrate what was achieved, evaluate the outcomes and agree what the relationship becomes."},
}

// Stages is the table of the eight stages, in order.
var Stages = []StageInfo{
	{StageIntroduction, "Introduction", "Make the connection and get comfortable with each other before the real work starts.",
		StepBuilding, PhaseRapport, []Layer{LayerTrust}, []Topic{
			{GettingUnstuckTopics[0], LayerTrust},
			{"Skills, years in the field, common ground", LayerTrust},
			{"A success and a setback each of you learned from", LayerTrust},
		}},
	{StageFoundation, "Foundation", "Agree your roles and what you expect of the relationship, and write it down.",
		StepNegotiating, PhaseDirection, []Layer{LayerFoundation}, []Topic{
			{"What each of you wants from this and brings to it", LayerFoundation},
			{"Ground rules: how often, where, how to reach you", LayerFoundation},
			{"Read the agreement through together and sign it", LayerFoundation},
		}},
	{StageOrientation, "Orientation", "Get the mentee settled in the process: where they want to go and why, so motivation is high and nerves are low.",
		StepDeveloping, PhaseDirection, []Layer{LayerProblem, LayerMeaning}, []Topic{
			{"Where the mentee wants to be in two or three years", LayerProblem},
			{"The top three goals, and the one that matters most right now", LayerProblem},
			{"Why it matters to the mentee, the team, the company", LayerMeaning},
		}},
	{StageCollaboration, "Collaboration", "Work side by side on the goals; the mentor is a partner who cares how it goes.",
		StepDeveloping, PhaseProgress, []Layer{LayerCommitment}, []Topic{
			{"Ways forward: the options with their pros and cons", LayerCommitment},
			{"Pick one option and agree the first concrete steps", LayerCommitment},
			{"What moved since last time, and what did not", LayerReview},
		}},
	{StageProblemSolving, "Problem solving", "Name what holds the mentee's skills or performance back and find ways around it.",
		StepDeveloping, PhaseProgress, []Layer{LayerProblem, LayerCommitment}, []Topic{
			{"The hardest obstacle right now and how to get past it", LayerCommitment},
			{"Which part of the problem is the real bottleneck?", LayerProblem},
			{"Who else could help, and how to ask them", LayerSupport},
		}},
	{StagePersonal, "Personal framework", "Trust is deep now; build the mentee's confidence and sense of their own worth.",
		StepDeveloping, PhaseProgress, []Layer{LayerMeaning, LayerSupport}, []Topic{
			{"Where confidence is low, and one small win to build it", LayerMeaning},
			{"What the mentee needs and does not have yet", LayerSupport},
			{"What this work means now, against when you started", LayerMeaning},
		}},
	{StageProfessional, "Professional framework", "The mentor is a role model; the focus is on skills and on performance that keeps improving.",
		StepDeveloping, PhaseProgress, []Layer{LayerReview, LayerCommitment}, []Topic{
			{"Measure progress against the goals: what the numbers say", LayerReview},
			{"The next skill to grow, and a stretch task for it", LayerCommitment},
			{"Feedback both ways: what to keep and what to change", LayerReview},
		}},
	{StageTransition, "Transition", "The mentee works on their own, with the mentor still there to ask; wind down and hand over.",
		StepEnding, PhaseProgress, []Layer{LayerReview}, []Topic{
			{"Celebrate what was achieved", LayerReview},
			{"Evaluate the outcomes against the goals you set", LayerReview},
			{"What the relationship becomes next", LayerReview},
		}},
}

// Valid reports whether s is one of the eight stages (0, "derive", is not).
func (s Stage) Valid() bool { return s >= StageIntroduction && s <= StageTransition }

// Info returns the stage's row of Stages.
func (s Stage) Info() StageInfo {
	if !s.Valid() {
		return StageInfo{Stage: s, Name: "unknown stage"}
	}
	return Stages[s-1]
}

// Info returns the step's name and purpose.
func (s Step) Info() StepInfo {
	if s < StepBuilding || s > StepEnding {
		return StepInfo{Step: s, Name: "unknown step"}
	}
	return Steps[s-1]
}

// Info returns the phase's name and purpose.
func (p Phase) Info() PhaseInfo {
	if p < PhaseRapport || p > PhaseProgress {
		return PhaseInfo{Phase: p, Name: "unknown phase"}
	}
	return Phases[p-1]
}

// Label is "4 Collaboration".
func (s Stage) Label() string { return fmt.Sprintf("%d %s", int(s), s.Info().Name) }

// Standing is where a relationship stands in every model, with the
// reason the journal gives for it.
type Standing struct {
	Stage   Stage  // the stage in force: set by hand, else derived
	Derived Stage  // what the journal says
	Reason  string // why the journal says Derived
	ByHand  bool   // Stage was set by the pair
}

// Step is the step of the stage in force.
func (s Standing) Step() StepInfo { return s.Stage.Info().Step.Info() }

// Phase is the phase of the stage in force.
func (s Standing) Phase() PhaseInfo { return s.Stage.Info().Phase.Info() }

// Line is the standing in one line: "Stage 4 Collaboration · step 3
// Developing the mentee · phase Recap and progress".
func (s Standing) Line() string {
	st, ph := s.Step(), s.Phase()
	return fmt.Sprintf("Stage %s · step %d %s · phase %d %s", s.Stage.Label(), int(st.Step), st.Name, int(ph.Phase), ph.Name)
}

// Short is the standing in few words: "Stage 4 Collaboration · step 3 ·
// phase 3".
func (s Standing) Short() string {
	info := s.Stage.Info()
	return fmt.Sprintf("Stage %s · step %d · phase %d", s.Stage.Label(), int(info.Step), int(info.Phase))
}

// Why says where the stage comes from: the journal's reason, or that the
// pair set it and what the journal would say.
func (s Standing) Why() string {
	if !s.ByHand {
		return s.Reason
	}
	if s.Derived == s.Stage {
		return "set by hand; the journal agrees: " + s.Reason
	}
	return "set by hand; the journal suggests " + s.Derived.Label() + ": " + s.Reason
}

// Months of the working model: it spans about two years, and a pair this
// far in is nearing its transition.
const (
	personalAfterMonths     = 6
	achievedAfterMonths     = 9 // a goal achieved earlier is a win on the way, not yet a new stage
	professionalAfterMonths = 12
	transitionAfterMonths   = 21
	transitionAfterMeetings = 6 // a pair that barely met is not handing over, however long ago it started
)

// journeyFacts are what the stage is derived from.
type journeyFacts struct {
	f          Full
	months     int // whole months since the start
	held       int // sessions held
	comp       [7]float64
	signedBoth bool
}

func factsOf(f Full, today time.Time) journeyFacts {
	jf := journeyFacts{f: f, comp: f.Plan.Completion()}
	if !f.Rel.Started.IsZero() {
		jf.months = monthsBetween(f.Rel.Started, today)
	}
	for _, x := range f.Sessions {
		if x.Held() {
			jf.held++
		}
	}
	if f.History.More {
		// Of the whole history: those read that were held, and every one
		// left out (older sessions are held; one only started is new).
		jf.held += max(0, f.History.Summary.Sessions-len(f.Sessions))
	}
	jf.signedBoth = f.Plan.Foundation.FullySigned()
	return jf
}

// monthsBetween counts whole calendar months from a to b (0 if b is before a).
func monthsBetween(a, b time.Time) int {
	a, b = Day(a), Day(b)
	if b.Before(a) {
		return 0
	}
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return max(0, m)
}

// stageRules say when each stage is reached, from the last stage back:
// DeriveStage takes the furthest stage reached. Each returns the reason in
// words, or "".
var stageRules = map[Stage]func(j journeyFacts) string{
	StageTransition: func(j journeyFacts) string {
		switch {
		case j.f.Rel.Status == StatusClosed:
			return "the relationship is closed"
		case strings.TrimSpace(j.f.Plan.Closure.Accomplishments) != "" || strings.TrimSpace(j.f.Plan.Closure.Next) != "":
			return "the closure has been started"
		case j.months >= transitionAfterMonths && j.held >= transitionAfterMeetings:
			return fmt.Sprintf("%s since the start: the model spans about two years, so plan the handover", Plural(j.months, "month"))
		}
		return ""
	},
	StageProfessional: func(j journeyFacts) string {
		for _, g := range j.f.Goals {
			if g.Status == GoalAchieved && j.months >= achievedAfterMonths {
				return fmt.Sprintf("%s in and goal “%s” is achieved: the focus moves to skills and performance", Plural(j.months, "month"), SanitizeLine(g.Title))
			}
		}
		if j.months >= professionalAfterMonths && j.comp[LayerReview] >= 0.5 {
			return fmt.Sprintf("%s in, with measures of success and reviews written in layer 6", Plural(j.months, "month"))
		}
		return ""
	},
	StagePersonal: func(j journeyFacts) string {
		if j.months >= personalAfterMonths && j.held >= 6 && j.comp[LayerMeaning] >= 0.5 {
			return fmt.Sprintf("%s and %s in, with what the work means written down in layer 3", Plural(j.months, "month"), Plural(j.held, "meeting"))
		}
		return ""
	},
	StageProblemSolving: func(j journeyFacts) string {
		for _, o := range j.f.Plan.Commitment.Options {
			if strings.TrimSpace(o.Obstacles) != "" && strings.TrimSpace(o.Overcome) != "" {
				return fmt.Sprintf("option “%s” has its obstacles and how to get past them, in layer 4", SanitizeLine(o.Title))
			}
		}
		for _, r := range j.f.Plan.Review.Reviews {
			if strings.TrimSpace(r.Correction) != "" {
				return "a review records a course correction, in layer 6"
			}
		}
		return ""
	},
	StageCollaboration: func(j journeyFacts) string {
		if c := strings.TrimSpace(j.f.Plan.Commitment.Chosen); c != "" {
			return fmt.Sprintf("option “%s” is chosen, in layer 4", SanitizeLine(c))
		}
		for _, g := range j.f.Goals {
			if len(g.Progress) > 0 {
				return fmt.Sprintf("progress is recorded on goal “%s”", SanitizeLine(g.Title))
			}
		}
		return ""
	},
	StageOrientation: func(j journeyFacts) string {
		if len(j.f.Goals) > 0 {
			return fmt.Sprintf("a goal is set: “%s”", SanitizeLine(j.f.Goals[0].Title))
		}
		if strings.TrimSpace(j.f.Plan.Problem.Statement) != "" {
			return "the problem or skill is stated, in layer 2"
		}
		return ""
	},
	StageFoundation: func(j journeyFacts) string {
		if j.signedBoth {
			return "the agreement is signed by both of you"
		}
		if j.f.Plan.Foundation.ChangedSinceSigned() {
			return "the agreement changed since it was signed: read it together and sign again"
		}
		if j.comp[LayerFoundation] >= 0.25 {
			return fmt.Sprintf("the agreement is being written, %d%% filled in", int(j.comp[LayerFoundation]*100+0.5))
		}
		return ""
	},
	StageIntroduction: func(j journeyFacts) string {
		if j.held == 0 {
			return "you have not met yet"
		}
		if c := j.comp[LayerFoundation]; c > 0 {
			return fmt.Sprintf("getting to know each other: %s; the agreement %d%% filled in, no problem or goal written yet", Plural(j.held, "meeting"), int(c*100+0.5))
		}
		return fmt.Sprintf("getting to know each other: %s, and no agreement, problem or goal written yet", Plural(j.held, "meeting"))
	},
}

// DeriveStage says which stage the journal shows a relationship at, and
// why: the furthest stage whose sign is in the journal (a goal set, an
// option chosen, the agreement signed, the time since the start, …).
func DeriveStage(f Full, today time.Time) (Stage, string) {
	j := factsOf(f, today)
	for s := StageTransition; s > StageIntroduction; s-- {
		if why := stageRules[s](j); why != "" {
			return s, why
		}
	}
	return StageIntroduction, stageRules[StageIntroduction](j)
}

// StandingOf is where f stands today: its stage set by hand, or derived.
func StandingOf(f Full, today time.Time) Standing {
	d, why := DeriveStage(f, today)
	s := Standing{Stage: d, Derived: d, Reason: why}
	if f.Rel.Stage.Valid() {
		s.Stage, s.ByHand = f.Rel.Stage, true
	}
	return s
}

// SuggestTopics offers meeting topics for a relationship at stage st
// working on layer l: the stage's own topics first, then those of other
// stages that work on layer l, then those of the stages after st, without
// repeats, at most n.
func SuggestTopics(st Stage, l Layer, n int) []Topic {
	var out []Topic
	seen := map[string]bool{}
	add := func(t Topic) {
		if len(out) < n && !seen[t.Text] {
			seen[t.Text] = true
			out = append(out, t)
		}
	}
	for _, t := range st.Info().Topics {
		add(t)
	}
	for _, info := range Stages {
		for _, t := range info.Topics {
			if t.Layer == l {
				add(t)
			}
		}
	}
	for _, info := range Stages {
		if info.Stage > st {
			for _, t := range info.Topics {
				add(t)
			}
		}
	}
	return out
}

// TopicLayer is the layer of a suggested topic, if text is one.
func TopicLayer(text string) (Layer, bool) {
	text = strings.TrimSpace(text)
	for _, info := range Stages {
		for _, t := range info.Topics {
			if t.Text == text {
				return t.Layer, true
			}
		}
	}
	return 0, false
}
