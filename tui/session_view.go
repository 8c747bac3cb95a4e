package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// What the session flow shows: its head, the review and follow-up lists,
// the recall of the last session, and its help.

// finishSummary is what finishing will record.
func (s *sessionFlow) finishSummary() []string {
	if s.sess.Ended {
		return []string{"it ended already: saving keeps your edits, nothing else changes"}
	}
	count := map[model.ReviewOutcome]int{}
	for _, r := range s.reviews {
		count[r.Outcome]++
	}
	reviewed := "no follow-up to review"
	if len(s.reviews) > 0 {
		reviewed = fmt.Sprintf("%s reviewed (%d done, %d dropped, %d carried over)", model.Plural(len(s.reviews), "follow-up"),
			count[model.OutcomeDone], count[model.OutcomeDropped], count[model.OutcomeCarried])
	}
	topic := ""
	if pick := s.forms[stepTopic].Choice(kTopic); pick != freePick && pick != "" && !strings.HasPrefix(pick, suggestPick) {
		topic = ", the topic marked held"
	}
	out := []string{"it records:", "  " + reviewed + ",", "  " + model.Plural(len(s.mine), "new follow-up") + topic + ","}
	out = append(out, fmt.Sprintf("  the reflection: %d of %d questions answered", s.reflection().Answered(), len(model.ReflectionQuestions)))
	if s.forms[stepNext].Value(kLayers) == "" {
		out = append(out, "  no layer marked: the heat map will not show this meeting")
	}
	return out
}

func (s *sessionFlow) View() string {
	st := s.d.styles
	w := max(30, s.width)
	state := st.Warn.Render("in progress")
	if s.sess.Ended {
		state = st.Good.Render("ended")
	}
	saved := st.Muted.Render("saved")
	switch {
	case readOnly(s.full):
		saved = st.Warn.Render("closed: read-only")
	case s.saving:
		saved = st.Muted.Render("saving…")
	case !s.saved:
		saved = st.Muted.Render("new, not saved yet")
	case s.Dirty():
		saved = st.Warn.Render("changed")
	}
	tail := "  " + state + " · " + saved
	head := []string{st.Title.Render(cut("Session with "+model.SanitizeLine(s.full.Rel.Other())+" · "+model.FormatDate(s.sess.Date), max(10, w-cells().StringWidth(tail)))) + tail}
	head = append(head, s.stepBar(w))
	if s.err != "" {
		head = append(head, st.Error.Render(cut(s.err, w)))
	} else {
		hint := stepHints[s.step]
		if s.step == stepTopic && len(s.suggest) > 0 {
			hint = nothingPlannedHint
		}
		head = append(head, st.Muted.Render(cut(hint, w)))
	}
	head = append(head, "")
	bh := max(1, s.height-flowHead)
	var body []string
	switch {
	case s.forms[s.step] != nil:
		body = strings.Split(s.forms[s.step].View(), "\n")
	case s.step == stepReview:
		body = s.reviewLines(w, bh)
	default:
		body = s.followUpLines(w, bh)
	}
	return strings.Join(append(head, fitLines(body, bh)...), "\n")
}

// stepBar names the steps, the current one marked. Where they do not all
// fit by name (60 columns), the others are their numbers only, so the last
// is not cut off.
func (s *sessionFlow) stepBar(w int) string {
	st := s.d.styles
	bar := func(named func(i int) bool) string {
		steps := make([]string, 0, stepCount)
		for i, n := range stepNames {
			label := strconv.Itoa(i + 1)
			if named(i) {
				label += " " + n
			}
			if i == s.step {
				steps = append(steps, st.Selected.Render(label))
			} else {
				steps = append(steps, st.Muted.Render(label))
			}
		}
		return strings.Join(steps, st.Muted.Render(" › "))
	}
	if b := bar(func(int) bool { return true }); cells().StringWidth(b) <= w {
		return b
	}
	return cut(bar(func(i int) bool { return i == s.step }), w)
}

// lastLines recall the last session's reflection as a new one starts.
func (s *sessionFlow) lastLines(w int) []string {
	if s.last == nil || s.sess.Ended {
		return nil
	}
	st := s.d.styles
	rf := s.last.Reflection
	out := []string{st.Subtitle.Render(cut("Last time ("+model.FormatDate(s.last.Date)+")", w))}
	for _, q := range []struct{ label, v string }{
		{"To change", rf.Change}, {"Before this one", rf.BeforeNext}, {"Next steps", rf.NextSteps},
	} {
		if strings.TrimSpace(q.v) != "" {
			out = append(out, "  "+st.Label.Render(padRight(q.label+":", 17))+st.Text.Render(one(q.v, w-21)))
		}
	}
	if len(out) == 1 {
		return nil
	}
	return append(out, "")
}

func (s *sessionFlow) ShortHelp() []key.Binding {
	k := s.keys
	next, prev, finish := k.NextStep, k.PrevStep, s.finishKey()
	// The keys that turn and end the session first: at 80 columns the
	// footer shows four or five.
	switch {
	case s.adding:
		return []key.Binding{next, finish, prev}
	case s.forms[s.step] != nil:
		return append(append([]key.Binding{next, finish}, s.forms[s.step].ShortHelp()...), prev)
	case readOnly(s.full):
		return []key.Binding{next, prev, k.Leave}
	case s.step == stepReview && len(s.reviews) == 0:
		return []key.Binding{next, k.Leave} // nothing to review: no outcome keys
	case s.step == stepReview:
		return []key.Binding{k.Done, k.Carry, k.Drop, next, k.Leave}
	}
	return []key.Binding{k.Add, k.Remove, next, finish, prev}
}

func (s *sessionFlow) FullHelp() [][]key.Binding {
	k := s.keys
	next, prev, finish := k.NextStep, k.PrevStep, s.finishKey()
	steps := []key.Binding{next, prev, finish}
	switch {
	case s.adding:
		return [][]key.Binding{steps}
	case s.forms[s.step] != nil:
		return append([][]key.Binding{steps}, s.forms[s.step].FullHelp()...)
	case readOnly(s.full):
		return [][]key.Binding{steps, k.lk.bindings(), {k.Leave}}
	case s.step == stepReview && len(s.reviews) == 0:
		return [][]key.Binding{steps, {k.Save, k.Leave}}
	case s.step == stepReview:
		return [][]key.Binding{steps, k.lk.bindings(), {k.Done, k.Carry, k.Drop, k.Cycle, k.Save, k.Leave}}
	}
	return [][]key.Binding{steps, k.lk.bindings(), {k.Add, k.Remove, k.Save, k.Leave}}
}

// The session's draft: what its steps' fields hold and the store does not
// yet. A session not saved yet has one draft per relationship.
func (s *sessionFlow) draftKey() string {
	if readOnly(s.full) {
		return ""
	}
	if !s.saved {
		return newSessionDraft(s.full.Rel.ID)
	}
	return "session/" + string(s.full.Rel.ID) + "/" + string(s.sess.ID)
}

func newSessionDraft(rel model.ID) string { return "session/" + string(rel) + "/new" }

func (s *sessionFlow) draftFields() map[string]string {
	out := map[string]string{}
	for i, f := range s.forms {
		if f == nil {
			continue
		}
		for k, v := range f.draftFields() {
			out[strconv.Itoa(i)+"/"+k] = v
		}
	}
	if s.adding && !s.entry.blank() {
		out["follow-up"], out["follow-up owner"], out["follow-up due"] = s.entry.draft()
	}
	if len(out) > 0 {
		out[draftStep] = strconv.Itoa(s.step) // put back where it was typed
	}
	return out
}

// draftStep is the key of the step a session's draft was kept on.
const draftStep = "step"

func (s *sessionFlow) restoreDraft(fields map[string]string) {
	by := map[int]map[string]string{}
	for k, v := range fields {
		i, name, ok := strings.Cut(k, "/")
		n, err := strconv.Atoi(i)
		if !ok || err != nil || n < 0 || n >= stepCount || s.forms[n] == nil {
			continue
		}
		if by[n] == nil {
			by[n] = map[string]string{}
		}
		by[n][name] = v
	}
	for n, vs := range by {
		s.forms[n].restoreDraft(vs)
	}
	if n, err := strconv.Atoi(fields[draftStep]); err == nil && n >= 0 && n < stepCount && n != s.step {
		s.show(n) // the focus needs no command: the cursor is the terminal's
	}
	if t := fields["follow-up"]; t != "" {
		s.step = stepFollowUps
		s.startAdding()
		due, ok := fields["follow-up due"]
		if !ok { // a draft kept before the due date was
			due = s.entry.due.Value()
		}
		s.entry.restore(t, fields["follow-up owner"], due)
	}
}

// focusHit opens the step with the field of a search hit, the cursor on
// its match.
func (s *sessionFlow) focusHit(h model.Hit) tea.Cmd {
	if h.Field == kTopic && s.sess.RoadmapID == "" {
		h.Field = kFree // a topic of the session's own is in the free topic field
	}
	for i, f := range s.forms {
		if f == nil {
			continue
		}
		if cmd, ok := f.focusHit(h); ok {
			s.step = i
			if s.sess.Ended {
				f.read() // read first, at the match, as from the list
				return nil
			}
			return cmd
		}
	}
	return nil
}

// nothingPlannedHint is the topic step's hint when nothing is planned.
const nothingPlannedHint = "Nothing planned: ←/→ on Topic offers topics for your stage, or type one."
