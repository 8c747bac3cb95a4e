package tui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// The editors of the foundation (0) and the six layers (1-6). Each is a
// formScreen over exactly the fields of its part of model.Plan, with the
// layer's purpose at the top. Lists of structured entries (stories,
// options, supporters, resources, reviews) are link fields that open a
// list screen (layer_items.go); those save on their own, and the editor
// refreshes their summaries when it comes back on top.
//
// Saving reads the plan as it is in the journal, applies this layer's
// fields only, validates and saves (updatePlan), so the layer editors and
// the list screens never overwrite each other.

// conflictsMsg brings a layer editor the conflicts of its relationship.
type conflictsMsg struct {
	s   screen
	ex  model.Exchange
	err error
}

func (m conflictsMsg) to() screen { return m.s }

// markConflicts says on each field of the plan in conflict that it is: it
// shows one version, and saving it is refused until one is chosen.
func markConflicts(fm *form, cs []model.Conflict) {
	for _, c := range cs {
		if c.Kind != model.KindPlan {
			continue
		}
		if i := fm.fieldForRecord(c.Path); i >= 0 {
			fm.fields[i].err = "in conflict: your partner's version and yours are both kept; choose on E (Exchange) of the relationship"
		}
	}
}

// layerState is what the closures of one layer editor share.
type layerState struct {
	d       deps
	full    model.Full
	req     uint64
	formRef *form
}

func (ls *layerState) plan() model.Plan { return ls.full.Plan }

// newLayerEditor opens the editor of layer l of a relationship.
func newLayerEditor(d deps, f model.Full, l model.Layer) screen {
	ls := &layerState{d: d, full: f}
	p := f.Plan
	var fields []*field
	var apply func(fm *form) func(p *model.Plan)
	switch l {
	case model.LayerFoundation:
		fd := p.Foundation
		r := fd.Rules
		fields = []*field{
			listField("foundation.shared values", "Shared values", fd.SharedValues).withHint("one a line"),
			listField("foundation.key goals", "Key goals", fd.KeyGoals).withHint("one a line"),
			lineField("foundation.rules.frequency", "How often", r.Frequency).withPlaceholder("e.g. every two weeks"),
			lineField("foundation.rules.when", "When", r.When).withPlaceholder("days and times"),
			lineField("foundation.rules.where", "Where", r.Where).withPlaceholder("a place, or a video call"),
			lineField("foundation.rules.contact", "Reach each other", r.Contact).withPlaceholder("how, between meetings"),
			lineField("foundation.rules.no contact", "Not when", r.NoContact).withPlaceholder("times or ways that are off limits"),
			lineField("foundation.rules.confidentiality", "Confidentiality", r.Confidentiality).withPlaceholder("what stays between you"),
			lineField("foundation.rules.scope", "In scope", r.Scope).withPlaceholder("areas you will work on"),
			lineField("foundation.rules.limits", "Limits", r.Limits).withPlaceholder("what is out of bounds"),
			textField("foundation.mentor wants", "The mentor wants", fd.MentorWants).withHint("what the mentor hopes to get from it"),
			textField("foundation.mentor brings", "The mentor brings", fd.MentorBrings).withHint("skills, questions, ideas, stories"),
			textField("foundation.mentee wants", "The mentee wants", fd.MenteeWants),
			textField("foundation.mentee brings", "The mentee brings", fd.MenteeBrings),
			textField("foundation.expectations", "Expectations", fd.Expectations),
			textField("foundation.schedule", "Schedule", fd.Schedule).withHint("dates, milestones, how long it runs"),
		}
		fields = append([]*field{infoField("foundation.signatures", "Signatures", func() []string {
			return signLines(d, ls.full, ls.formRef)
		})}, fields...)
		apply = func(fm *form) func(p *model.Plan) {
			v := foundationFrom(fm)
			return func(p *model.Plan) {
				sigs := p.Foundation.Signatures
				p.Foundation = v
				p.Foundation.Signatures = sigs
			}
		}
	case model.LayerTrust:
		t := p.Trust
		prof := func(who string, pr model.Profile) []*field {
			k := "trust." + who + "."
			name := firstWord(model.SanitizeLine(f.Rel.NameOf(model.Role(who))))
			if name == "" {
				name = "The " + who
			}
			return []*field{
				textField(k+"background", name+": background", pr.Background),
				lineField(k+"years in field", name+": years in field", pr.YearsInField),
				textField(k+"skills", name+": skills", pr.Skills),
				textField(k+"common ground", name+": common ground", pr.CommonGround).withHint("what you share"),
			}
		}
		fields = append(prof("mentor", t.Mentor), prof("mentee", t.Mentee)...)
		fields = append(fields, linkField("trust.stories", "Stories shared", func() []string {
			return storySummary(ls.plan().Trust.Stories)
		}, func() tea.Cmd { return d.push(newStoriesScreen(d, ls.full)) }))
		apply = func(fm *form) func(p *model.Plan) {
			get := func(who string) model.Profile {
				k := "trust." + who + "."
				return model.Profile{Background: fm.Value(k + "background"), YearsInField: strings.TrimSpace(fm.Value(k + "years in field")),
					Skills: fm.Value(k + "skills"), CommonGround: fm.Value(k + "common ground")}
			}
			mentor, mentee := get("mentor"), get("mentee")
			return func(p *model.Plan) { p.Trust.Mentor, p.Trust.Mentee = mentor, mentee }
		}
	case model.LayerProblem:
		pb := p.Problem
		fields = []*field{
			lineField("problem.statement", "In one sentence", pb.Statement).withPlaceholder("the problem to solve or the skill to learn"),
			listField("problem.parts", "Its parts", pb.Parts).withHint("break it down, one part a line"),
			textField("problem.current", "Where it stands now", pb.Current),
			textField("problem.achieved", "What achieved looks like", pb.Achieved),
		}
		apply = func(fm *form) func(p *model.Plan) {
			v := model.Problem{Statement: strings.TrimSpace(fm.Value("problem.statement")), Parts: fm.List("problem.parts"),
				Current: fm.Value("problem.current"), Achieved: fm.Value("problem.achieved")}
			return func(p *model.Plan) { p.Problem = v }
		}
	case model.LayerMeaning:
		m := p.Meaning
		fields = []*field{
			textField("meaning.person", "For the mentee", m.Person),
			textField("meaning.team", "For their team", m.Team),
			textField("meaning.department", "For the department", m.Department),
			textField("meaning.organisation", "For the organisation", m.Organisation),
		}
		apply = func(fm *form) func(p *model.Plan) {
			v := model.Meaning{Person: fm.Value("meaning.person"), Team: fm.Value("meaning.team"),
				Department: fm.Value("meaning.department"), Organisation: fm.Value("meaning.organisation")}
			return func(p *model.Plan) { p.Meaning = v }
		}
	case model.LayerCommitment:
		c := p.Commitment
		vals, labels := optionChoices(c.Options)
		fields = []*field{
			linkField("commitment.options", "Options", func() []string {
				return optionSummary(ls.plan().Commitment.Options)
			}, func() tea.Cmd { return d.push(newOptionsScreen(d, ls.full)) }),
			choiceField("commitment.chosen", "Chosen option", vals, c.Chosen).withLabels(labels),
			textField("commitment.commitment", "The commitment", c.Commitment).withHint("who will do what, by when"),
		}
		apply = func(fm *form) func(p *model.Plan) {
			chosen, com := fm.Choice("commitment.chosen"), fm.Value("commitment.commitment")
			return func(p *model.Plan) { p.Commitment.Chosen, p.Commitment.Commitment = chosen, com }
		}
	case model.LayerSupport:
		sp := p.Support
		fields = []*field{
			linkField("support.people", "People", func() []string {
				return supporterSummary(ls.plan().Support.People)
			}, func() tea.Cmd { return d.push(newSupportersScreen(d, ls.full)) }),
			linkField("support.resources", "Resources", func() []string {
				return resourceSummary(ls.plan().Support.Resources)
			}, func() tea.Cmd { return d.push(newResourcesScreen(d, ls.full)) }),
			textField("support.ask of mentor", "Asked of the mentor", sp.AskOfMentor).withHint("what the mentee asks the mentor to do"),
		}
		apply = func(fm *form) func(p *model.Plan) {
			v := fm.Value("support.ask of mentor")
			return func(p *model.Plan) { p.Support.AskOfMentor = v }
		}
	default: // model.LayerReview
		l = model.LayerReview
		rv := p.Review
		fields = []*field{
			lineField("review.check-in when", "Check in when", rv.CheckInWhen).withPlaceholder("e.g. the first meeting of each month"),
			lineField("review.check-in how", "Check in how", rv.CheckInHow).withPlaceholder("e.g. ten minutes on the plan"),
			listField("review.measures", "Measures of success", rv.Measures).withHint("one a line"),
			linkField("review.reviews", "Reviews", func() []string {
				return reviewSummary(ls.plan().Review.Reviews)
			}, func() tea.Cmd { return d.push(newReviewsScreen(d, ls.full)) }),
		}
		apply = func(fm *form) func(p *model.Plan) {
			when, how := strings.TrimSpace(fm.Value("review.check-in when")), strings.TrimSpace(fm.Value("review.check-in how"))
			ms := fm.List("review.measures")
			return func(p *model.Plan) { p.Review.CheckInWhen, p.Review.CheckInHow, p.Review.Measures = when, how, ms }
		}
	}
	fm := newForm(d, fields...)
	ls.formRef = fm
	info := l.Info()
	title := fmt.Sprintf("%d %s", int(l), info.Short)
	var s *formScreen
	save := func(fm *form) (func(ctx context.Context) error, error) {
		if err := model.Editable(ls.full.Rel); err != nil {
			return nil, err
		}
		change := apply(fm)
		local := ls.full.Plan
		local.RelID = ls.full.Rel.ID
		change(&local)
		if err := local.Validate(); err != nil {
			return nil, err
		}
		s.savedMsg = info.Title + " saved."
		if l == model.LayerFoundation {
			s.savedMsg += resignNote(ls.full.Rel, local.Foundation)
		}
		return updatePlan(d.j, ls.full.Rel.ID, change), nil
	}
	s = newFormScreen(d, title, info.Title+" — "+info.Purpose, fm, save)
	s.forRel(f)
	s.savedMsg = info.Title + " saved."
	if f.Partner.Conflicts > 0 {
		// A field in conflict shows one version: say that both are kept,
		// and where to choose, at the top and on each such field.
		s.note = func(*form) string {
			n := ls.full.Partner.Conflicts
			if n == 0 {
				return ""
			}
			return d.styles.Warn.Render(model.Plural(n, "conflict") + " from an exchange: E on the relationship shows both versions")
		}
		s.start = func(s *formScreen) tea.Cmd {
			j, id := d.j, f.Rel.ID
			return func() tea.Msg {
				ex, err := j.Exchange(context.Background(), id)
				return conflictsMsg{s: s, ex: ex, err: err}
			}
		}
	}
	s.reload = func(s *formScreen) tea.Cmd {
		ls.req = newReqID()
		return loadFull(d.j, ls.full.Rel.ID, windowOf(ls.full), s, ls.req)
	}
	s.onMsg = func(s *formScreen, msg tea.Msg) (bool, tea.Cmd) {
		if c, ok := msg.(conflictsMsg); ok {
			if c.err == nil {
				markConflicts(fm, c.ex.Conflicts)
			}
			return true, nil
		}
		m, ok := msg.(fullLoadedMsg)
		if !ok {
			return false, nil
		}
		if m.req != ls.req {
			return true, nil
		}
		if m.err != nil {
			return true, fail(m.err)
		}
		ls.full = m.full
		if ch := fm.Field("commitment.chosen"); ch != nil {
			untouched := ch.value() == ch.initial
			vals, labels := optionChoices(m.full.Plan.Commitment.Options)
			ch.setChoices(vals, labels)
			if stored := m.full.Plan.Commitment.Chosen; untouched {
				// Not picked here: show the choice as stored (the options
				// list may have renamed or removed the chosen option).
				ch.selectValue(stored)
				ch.initial = stored
			}
		}
		if !s.saving {
			// What was saved meanwhile over this editor shows where
			// nothing is typed here (form.rebase).
			fm.rebase(newLayerEditor(d, m.full, l).(*formScreen).form)
		}
		return true, nil
	}
	return s
}

// foundationFrom reads the agreement's fields from the form (no signatures).
func foundationFrom(fm *form) model.Foundation {
	v := func(k string) string { return fm.Value("foundation." + k) }
	line := func(k string) string { return strings.TrimSpace(v(k)) }
	return model.Foundation{
		SharedValues: fm.List("foundation.shared values"),
		KeyGoals:     fm.List("foundation.key goals"),
		Rules: model.Rules{
			Frequency: line("rules.frequency"), When: line("rules.when"), Where: line("rules.where"),
			Contact: line("rules.contact"), NoContact: line("rules.no contact"),
			Confidentiality: line("rules.confidentiality"), Scope: line("rules.scope"), Limits: line("rules.limits"),
		},
		MentorWants: v("mentor wants"), MentorBrings: v("mentor brings"),
		MenteeWants: v("mentee wants"), MenteeBrings: v("mentee brings"),
		Expectations: v("expectations"), Schedule: v("schedule"),
	}
}

// resignNote says who must sign the agreement again after a save that
// changed it since they signed, or nothing.
func resignNote(r model.Relationship, fd model.Foundation) string {
	var who []string
	for _, sig := range fd.ToSignAgain() {
		who = append(who, partyName(r, sig.Party))
	}
	if len(who) == 0 {
		return ""
	}
	return " It changed since " + strings.Join(who, " and ") + " signed: sign again in pair view (p)."
}

// signLines shows where each party stands with the agreement as it is in
// the form right now: typing changes the text, and so the signatures'
// state. Signing itself happens in pair view.
func signLines(d deps, f model.Full, fm *form) []string {
	st := d.styles
	fd := f.Plan.Foundation
	if fm != nil {
		sigs := fd.Signatures
		fd = foundationFrom(fm)
		fd.Signatures = sigs
	}
	var out []string
	for _, party := range model.Parties {
		state, sig := fd.SignStateOf(party)
		who := partyName(f.Rel, party)
		switch state {
		case model.Signed:
			out = append(out, st.Good.Render("✓ ")+who+": signed as "+model.SanitizeLine(sig.Name)+" on "+model.FormatDate(sig.At))
		case model.ChangedSinceSigned:
			out = append(out, st.Warn.Render("! ")+who+": changed since signed on "+model.FormatDate(sig.At)+" (sign again in pair view)")
		default:
			out = append(out, st.Muted.Render("· ")+who+": not signed (both sign in pair view)")
		}
	}
	return out
}

// firstWord is a person's first name, for short labels.
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
