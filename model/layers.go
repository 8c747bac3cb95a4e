package model

import "strings"

// Layer is a part of the mentoring model: 0 is the foundation agreement,
// 1 to 6 are the six layers.
type Layer int

const (
	LayerFoundation Layer = iota
	LayerTrust
	LayerProblem
	LayerMeaning
	LayerCommitment
	LayerSupport
	LayerReview
)

// LayerInfo names a layer and says what it is for, in the app's words.
type LayerInfo struct {
	Layer   Layer
	Short   string // a word or two, for the strip
	Title   string
	Purpose string
}

// Layers lists the foundation and the six layers in order.
var Layers = []LayerInfo{
	{LayerFoundation, "Foundation", "Foundation agreement",
		"Agree what you both value, what you are aiming for and how you will work together, then sign it."},
	{LayerTrust, "Trust", "Trust, rapport and credibility",
		"Get to know each other: backgrounds, skills, common ground, and stories of wins and setbacks with what they taught."},
	{LayerProblem, "Problem", "Define the problem or skill",
		"Say in one sentence what the mentee wants to solve or learn, split it into parts, and describe where it stands and what done looks like."},
	{LayerMeaning, "Meaning", "Meaning and impact",
		"Write down why it matters to the mentee, their team, their department and the organisation. Come back here when energy drops."},
	{LayerCommitment, "Commit", "Commitment and action",
		"Weigh the options with their pros, cons and obstacles, pick one, and state the commitment."},
	{LayerSupport, "Support", "Support and resources",
		"List who must help and what is needed from them, the resources with a fallback for each, and what the mentee asks of the mentor."},
	{LayerReview, "Review", "Review and feedback",
		"Agree when and how to check in, how success is measured, and record what happened, why, and how to correct course."},
}

// Info returns the layer's name and purpose.
func (l Layer) Info() LayerInfo {
	if l < 0 || int(l) >= len(Layers) {
		return LayerInfo{Layer: l, Short: "?", Title: "unknown layer"}
	}
	return Layers[l]
}

// Valid reports whether l is 0 to 6.
func (l Layer) Valid() bool { return l >= LayerFoundation && l <= LayerReview }

func filled(s string) float64 {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	return 1
}

func filledList(vs []string) float64 {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return 1
		}
	}
	return 0
}

func avg(vs ...float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	t := 0.0
	for _, v := range vs {
		t += v
	}
	return t / float64(len(vs))
}

func (p Profile) completion() float64 {
	return avg(filled(p.Background), filled(p.YearsInField), filled(p.Skills), filled(p.CommonGround))
}

// Completion says how far each layer of the plan is filled in, from 0 to 1,
// indexed by Layer.
func (p Plan) Completion() [7]float64 {
	var c [7]float64
	f := p.Foundation
	r := f.Rules
	rules := avg(filled(r.Frequency), filled(r.When), filled(r.Where), filled(r.Contact),
		filled(r.NoContact), filled(r.Confidentiality), filled(r.Scope), filled(r.Limits))
	signed := 0.0
	for _, party := range Parties {
		if s, ok := f.CurrentSignature(party); ok && s.Fingerprint == f.Fingerprint() {
			signed += 0.5
		}
	}
	c[LayerFoundation] = avg(filledList(f.SharedValues), filledList(f.KeyGoals), rules,
		filled(f.MentorWants), filled(f.MentorBrings), filled(f.MenteeWants), filled(f.MenteeBrings),
		filled(f.Expectations), filled(f.Schedule), signed)

	t := p.Trust
	stories, lessons := 0.0, 0.0
	for _, s := range t.Stories {
		if strings.TrimSpace(s.Story) != "" {
			stories = 1
		}
		if strings.TrimSpace(s.Lesson) != "" {
			lessons = 1
		}
	}
	c[LayerTrust] = avg(t.Mentor.completion(), t.Mentee.completion(), stories, lessons)

	pr := p.Problem
	c[LayerProblem] = avg(filled(pr.Statement), filledList(pr.Parts), filled(pr.Current), filled(pr.Achieved))

	m := p.Meaning
	c[LayerMeaning] = avg(filled(m.Person), filled(m.Team), filled(m.Department), filled(m.Organisation))

	cm := p.Commitment
	weighed := 0.0
	for _, o := range cm.Options {
		if strings.TrimSpace(o.Pros+o.Cons+o.Obstacles) != "" {
			weighed = 1
		}
	}
	opts := 0.0
	if len(cm.Options) > 0 {
		opts = 1
	}
	c[LayerCommitment] = avg(opts, weighed, filled(cm.Chosen), filled(cm.Commitment))

	s := p.Support
	people, res := 0.0, 0.0
	if len(s.People) > 0 {
		people = 1
	}
	if len(s.Resources) > 0 {
		res = 1
	}
	c[LayerSupport] = avg(people, res, filled(s.AskOfMentor))

	rv := p.Review
	reviews := 0.0
	if len(rv.Reviews) > 0 {
		reviews = 1
	}
	c[LayerReview] = avg(filled(rv.CheckInWhen), filled(rv.CheckInHow), filledList(rv.Measures), reviews)
	return c
}

// OptionChanged keeps the choice of layer 4 right when an option changes:
// the chosen option renamed stays chosen under its new title, and removed
// (newTitle "") leaves nothing chosen.
func (c *Commitment) OptionChanged(oldTitle, newTitle string) {
	if strings.TrimSpace(oldTitle) != "" && strings.TrimSpace(c.Chosen) == strings.TrimSpace(oldTitle) {
		c.Chosen = strings.TrimSpace(newTitle)
	}
}
