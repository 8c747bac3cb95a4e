package tui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func init() {
	registerPart(part{Order: 10, Key: "g", Title: "Goals", Open: func(d deps, f model.Full) screen {
		return newGoalsScreen(d, f)
	}})
}

// goalsScreen lists a relationship's goals with their status, which SMART
// parts they still miss, and whether they stalled.
type goalsScreen struct {
	partState
	goals  []model.Goal // display order
	list   rowList
	lk     listKeys
	keys   goalKeys
	width  int
	height int
}

type goalKeys struct {
	crudKeys
	Progress key.Binding
}

func newGoalsScreen(d deps, f model.Full) *goalsScreen {
	k := goalKeys{crudKeys: newCrudKeys(), Progress: keyOpen("progress")}
	k.Edit = keyEdit("edit")
	s := &goalsScreen{partState: partState{d: d, full: f, newDraft: formDraftKey(f.Rel.ID, "New goal"), newNoun: "goal"}, lk: newListKeys(), keys: k, width: 80, height: 20}
	s.build()
	return s
}

func (s *goalsScreen) Init() tea.Cmd      { return s.lookNew(s) }
func (s *goalsScreen) Title() string      { return "Goals" }
func (s *goalsScreen) Capturing() bool    { return false }
func (s *goalsScreen) Dirty() bool        { return false }
func (s *goalsScreen) scopeRel() model.ID { return s.full.Rel.ID }

func (s *goalsScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.build()
	}
	s.height = h
	s.list.setHeight(max(2, h-3))
}

// sortGoals: open first, then achieved, then dropped; by due date
// (undated last), then by creation.
func sortGoals(gs []model.Goal) {
	rank := map[model.GoalStatus]int{model.GoalOpen: 0, model.GoalAchieved: 1, model.GoalDropped: 2}
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return a.Created.Before(b.Created)
	})
}

// smartLine says how SMART a goal is.
func smartLine(g model.Goal) string {
	miss := g.MissingSMART()
	if len(miss) == 0 {
		return "SMART 5/5"
	}
	names := make([]string, len(miss))
	for i, m := range miss {
		names[i] = string(m)
	}
	return fmt.Sprintf("SMART %d/5, missing %s", 5-len(miss), strings.Join(names, ", "))
}

func (s *goalsScreen) build() {
	st := s.d.styles
	w := max(20, s.width)
	today := s.d.today()
	s.goals = append([]model.Goal(nil), s.full.Goals...)
	sortGoals(s.goals)
	rows := make([][]string, len(s.goals))
	sel := make([][]string, len(s.goals))
	for i, g := range s.goals {
		mark := "○"
		switch g.Status {
		case model.GoalAchieved:
			mark = st.Good.Render("✓")
		case model.GoalDropped:
			mark = st.Muted.Render("×")
		}
		title := one(g.Title, w-30)
		var badge string
		if g.Stalled(today) {
			badge = "  " + st.Warn.Render("stalled")
		}
		if g.Status == model.GoalOpen && model.DaysLate(g.Due, today) > 0 {
			badge += "  " + st.Bad.Render("past due")
		}
		due := "no date"
		if !g.Due.IsZero() {
			due = "due " + model.FormatDate(g.Due)
		}
		detail := fmt.Sprintf("%s · %s · %s · %s", g.Status, due, smartLine(g), model.Plural(len(g.Progress), "progress entry"))
		if last := g.LastProgress(); !last.IsZero() {
			detail += ", last " + model.FormatDate(last)
		}
		var details []string // wrapped, not cut: the date of the last progress ends it
		for _, l := range wrapIndented(detail, 4, w) {
			details = append(details, st.Muted.Render(l))
		}
		rows[i] = append([]string{"  " + mark + " " + st.Text.Render(title) + badge}, details...)
		sel[i] = append([]string{st.Accent.Render("▸ ") + mark + " " + st.Selected.Render(title) + badge}, details...)
	}
	s.list.set(rows, sel)
	s.updateKeys()
}

func (s *goalsScreen) selected() (model.Goal, bool) {
	if s.list.cursor < 0 || s.list.cursor >= len(s.goals) {
		return model.Goal{}, false
	}
	return s.goals[s.list.cursor], true
}

func (s *goalsScreen) updateKeys() {
	has := len(s.goals) > 0
	s.keys.set(has, !readOnly(s.full))
	s.keys.Progress.SetEnabled(has)
	s.lk.setEnabled(len(s.goals) > 1)
}

func (s *goalsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	return s, s.update(s, msg)
}

func (s *goalsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	g, has := s.selected()
	if s.list.move(s.lk, msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.New):
		return s.d.push(newGoalForm(s.d, s.full, nil))
	case key.Matches(msg, k.Edit) && has:
		return s.d.push(newGoalForm(s.d, s.full, &g))
	case key.Matches(msg, k.Progress) && has:
		return s.d.push(newProgressScreen(s.d, s.full, g.ID))
	case key.Matches(msg, k.Delete) && has:
		return s.d.ask(fmt.Sprintf("Delete the goal %s and its progress?", model.Quote(one(g.Title, 40))), func() tea.Cmd {
			if s.busy {
				return nil
			}
			s.busy = true
			j, id := s.d.j, g.ID
			return write(s, "Deleted the goal "+model.Quote(one(g.Title, 40))+".", func(ctx context.Context) error {
				return j.DeleteGoal(ctx, id)
			})
		})
	}
	return nil
}

func (s *goalsScreen) View() string {
	st := s.d.styles
	var b strings.Builder
	open, stalled := 0, len(model.StalledGoals(s.full.Goals, s.d.today()))
	for _, g := range s.full.Goals {
		if g.Status == model.GoalOpen {
			open++
		}
	}
	head := fmt.Sprintf("%s, %d open", model.Plural(len(s.full.Goals), "goal"), open)
	if stalled > 0 {
		head += fmt.Sprintf(", %d stalled", stalled)
	}
	b.WriteString(st.Muted.Render(cut(head, s.width)) + "\n\n")
	if len(s.goals) == 0 {
		b.WriteString(sentence("No goals yet. Press n to write the first one: Specific, Measurable, Achievable, Relevant, Time-bound.", s.width))
	} else {
		b.WriteString(s.list.view())
	}
	return b.String()
}

func (s *goalsScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Progress, k.New, k.Edit, k.Delete}
}

func (s *goalsScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{s.lk.bindings(), {k.Progress, k.New, k.Edit, k.Delete}}
}

// meaningHint is layer 3 in one line, shown beside "relevant".
func meaningHint(f model.Full) string {
	m := f.Plan.Meaning
	for _, v := range []string{m.Person, m.Team, m.Department, m.Organisation} {
		if l := model.FirstLine(v); l != "" {
			return "why it matters (layer 3 has: " + model.SanitizeLine(l) + ")"
		}
	}
	return model.SMARTRelevant.Hint()
}

// newGoalForm writes a new goal (g nil) or edits one's SMART parts.
func newGoalForm(d deps, f model.Full, g *model.Goal) *formScreen {
	isNew := g == nil
	var x model.Goal
	if isNew {
		x = model.Goal{Status: model.GoalOpen}
	} else {
		x = *g
	}
	statuses := make([]string, len(model.GoalStatuses))
	for i, st := range model.GoalStatuses {
		statuses[i] = string(st)
	}
	fm := newForm(d,
		lineField("title", "Title", x.Title).withPlaceholder("the goal in a few words"),
		textField("specific", "Specific", x.Specific).withHint(model.SMARTSpecific.Hint()),
		textField("measure", "Measure and target", x.Measure).withHint(model.SMARTMeasurable.Hint()),
		textField("achievable", "Achievable", x.Achievable).withHint(model.SMARTAchievable.Hint()),
		textField("relevant", "Relevant", x.Relevant).withHint(meaningHint(f)),
		dateField("due", "Due", x.Due).withHint("time-bound: the date it is due"),
		choiceField("status", "Status", statuses, string(x.Status)),
	)
	read := func(fm *form) (model.Goal, error) {
		y := x
		y.Title = strings.TrimSpace(fm.Value("title"))
		y.Specific, y.Measure = fm.Value("specific"), fm.Value("measure")
		y.Achievable, y.Relevant = fm.Value("achievable"), fm.Value("relevant")
		y.Status = model.GoalStatus(fm.Choice("status"))
		due, err := fm.Date("due")
		y.Due = due
		return y, err
	}
	save := func(fm *form) (func(ctx context.Context) error, error) {
		if err := model.Editable(f.Rel); err != nil {
			return nil, err
		}
		y, derr := read(fm)
		now := d.now().UTC()
		if isNew {
			y.ID, y.RelID, y.Created = model.NewID(now), f.Rel.ID, now
		}
		y.Updated = now
		var probs model.Problems
		if derr != nil {
			probs = append(probs, model.Prefixed("", derr)...)
		}
		if err := y.Validate(); err != nil {
			probs = append(probs, model.Prefixed("", err)...)
		}
		if len(probs) > 0 {
			return nil, dedupe(probs)
		}
		j := d.j
		if isNew {
			return func(ctx context.Context) error { return j.SaveGoal(ctx, y) }, nil
		}
		return updateGoal(j, f.Rel.ID, y.ID, func(g *model.Goal) {
			g.Title, g.Specific, g.Measure, g.Achievable, g.Relevant = y.Title, y.Specific, y.Measure, y.Achievable, y.Relevant
			g.Due, g.Status = y.Due, y.Status
		}), nil
	}
	title := "New goal"
	if !isNew {
		title = "Goal: " + one(x.Title, 30)
	}
	s := newFormScreen(d, title, "A goal both of you can check: what exactly, how it is measured, why it is within reach, why it matters, and by when.", fm, save)
	s.forRel(f)
	s.savedMsg = "Goal saved."
	if !isNew {
		id := x.ID
		s.rebaseOn(f, func(f model.Full) *form {
			for _, g := range f.Goals {
				if g.ID == id {
					return newGoalForm(d, f, &g).form
				}
			}
			return nil // deleted meanwhile: the form stays as it is
		})
	}
	s.note = func(fm *form) string {
		y, _ := read(fm)
		if y.Title == "" && isNew {
			return d.styles.Muted.Render("SMART: start with a title, then fill the five parts.")
		}
		miss := y.MissingSMART()
		if len(miss) == 0 {
			return d.styles.Good.Render("SMART: all five parts are there.")
		}
		return d.styles.Warn.Render(smartLine(y))
	}
	return s
}

// progressScreen lists one goal's progress entries, newest first.
type progressScreen struct {
	partState
	goalID model.ID
	goal   model.Goal
	found  bool
	order  []int // display row -> index into goal.Progress
	list   rowList
	lk     listKeys
	keys   crudKeys
	head   []string
	width  int
	height int
}

func newProgressScreen(d deps, f model.Full, goalID model.ID) *progressScreen {
	s := &progressScreen{partState: partState{d: d, full: f}, goalID: goalID, lk: newListKeys(), keys: newCrudKeys(), width: 80, height: 20}
	s.build()
	return s
}

// focusHit puts the cursor on the progress entry of a search hit
// ("progress[2].note"), not on the newest.
func (s *progressScreen) focusHit(h model.Hit) tea.Cmd {
	var n int
	if _, err := fmt.Sscanf(h.Field, "progress[%d]", &n); err != nil {
		return nil
	}
	if r := slices.Index(s.order, n); r >= 0 {
		s.list.selectRow(r)
	}
	return nil
}

func (s *progressScreen) Init() tea.Cmd      { return nil }
func (s *progressScreen) Capturing() bool    { return false }
func (s *progressScreen) Dirty() bool        { return false }
func (s *progressScreen) scopeRel() model.ID { return s.full.Rel.ID }
func (s *progressScreen) Title() string {
	if !s.found {
		return "Progress"
	}
	return "Progress: " + one(s.goal.Title, 30)
}

func (s *progressScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.build()
	}
	s.height = h
	s.list.setHeight(max(2, h-len(s.head)-2))
}

func (s *progressScreen) build() {
	st := s.d.styles
	w := max(20, s.width)
	s.found = false
	for _, g := range s.full.Goals {
		if g.ID == s.goalID {
			s.goal, s.found = g, true
		}
	}
	g := s.goal
	s.head = []string{
		st.Title.Render(one(g.Title, w)),
		st.Muted.Render(cut(fmt.Sprintf("%s · %s", g.Status, smartLine(g)), w)),
	}
	if m := model.FirstLine(g.Measure); m != "" {
		s.head = append(s.head, cut("Measure and target: "+model.SanitizeLine(m), w))
	}
	if g.Stalled(s.d.today()) {
		s.head = append(s.head, st.Warn.Render(cut("No progress for weeks. "+meaningHint(s.full), w)))
	}
	s.order = make([]int, len(g.Progress))
	for i := range s.order {
		s.order[i] = i
	}
	sort.SliceStable(s.order, func(a, b int) bool {
		return g.Progress[s.order[a]].Date.After(g.Progress[s.order[b]].Date)
	})
	rows := make([][]string, len(s.order))
	sel := make([][]string, len(s.order))
	for r, i := range s.order {
		p := g.Progress[i]
		text := model.FormatDate(p.Date) + "  " + p.Value
		if p.Value != "" && p.Note != "" {
			text += " — "
		}
		text += model.FirstLine(p.Note)
		line := one(text, w-2)
		rows[r] = []string{"  " + line}
		sel[r] = []string{st.Accent.Render("▸ ") + st.Selected.Render(line)}
	}
	s.list.set(rows, sel)
	s.updateKeys()
}

func (s *progressScreen) updateKeys() {
	s.keys.set(len(s.order) > 0, s.found && !readOnly(s.full))
	s.keys.Edit.SetEnabled(len(s.order) > 0 && !readOnly(s.full))
	s.lk.setEnabled(len(s.order) > 1)
}

func (s *progressScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	return s, s.update(s, msg)
}

func (s *progressScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.list.move(s.lk, msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.New):
		return s.d.push(s.entryForm(-1))
	case key.Matches(msg, k.Edit) && s.list.cursor < len(s.order):
		return s.d.push(s.entryForm(s.order[s.list.cursor]))
	case key.Matches(msg, k.Delete) && s.list.cursor < len(s.order):
		i := s.order[s.list.cursor]
		return s.d.ask("Delete this progress entry?", func() tea.Cmd {
			if s.busy {
				return nil
			}
			s.busy = true
			return write(s, "Deleted the progress entry.", updateGoal(s.d.j, s.full.Rel.ID, s.goalID, func(g *model.Goal) {
				if i < len(g.Progress) {
					g.Progress = append(g.Progress[:i], g.Progress[i+1:]...)
				}
			}))
		})
	}
	return nil
}

// entryForm adds (i -1) or edits progress entry i.
func (s *progressScreen) entryForm(i int) *formScreen {
	d, f, goal := s.d, s.full, s.goal
	var p model.ProgressEntry
	if i >= 0 && i < len(goal.Progress) {
		p = goal.Progress[i]
	} else {
		i = -1
		p = model.ProgressEntry{Date: d.today()}
	}
	fm := progressForm(d, p)
	save := func(fm *form) (func(ctx context.Context) error, error) {
		if err := model.Editable(f.Rel); err != nil {
			return nil, err
		}
		date, derr := fm.Date("date")
		e := model.ProgressEntry{ID: p.ID, Date: date, Value: strings.TrimSpace(fm.Value("value")), Note: fm.Value("note")}
		g := goal
		g.Progress = append([]model.ProgressEntry(nil), g.Progress...)
		at := i
		if at < 0 {
			at = len(g.Progress)
			g.Progress = append(g.Progress, e)
		} else {
			g.Progress[at] = e
		}
		var probs model.Problems
		if derr != nil {
			probs = append(probs, model.Prefixed("", derr)...)
		}
		if err := g.Validate(); err != nil {
			probs = append(probs, model.Prefixed("", scoped(err, fmt.Sprintf("progress[%d]", at)))...)
		}
		if len(probs) > 0 {
			return nil, dedupe(probs)
		}
		return updateGoal(d.j, f.Rel.ID, goal.ID, func(g *model.Goal) {
			if i >= 0 && i < len(g.Progress) {
				g.Progress[i] = e
			} else {
				g.Progress = append(g.Progress, e)
			}
		}), nil
	}
	title := "New progress entry"
	if i >= 0 {
		title = "Progress entry"
	}
	fs := newFormScreen(d, title, "Goal: "+one(goal.Title, 60)+". Write a value, a note, or both.", fm, save)
	fs.forRel(f)
	fs.savedMsg = "Progress saved."
	if i >= 0 {
		fs.rebaseOn(f, func(f model.Full) *form {
			for _, g := range f.Goals {
				if g.ID == goal.ID && i < len(g.Progress) { // the entry its save writes to
					return progressForm(d, g.Progress[i])
				}
			}
			return nil
		})
	}
	return fs
}

// progressForm is the form of progress entry p.
func progressForm(d deps, p model.ProgressEntry) *form {
	return newForm(d,
		dateField("date", "Date", p.Date),
		lineField("value", "Value", p.Value).withPlaceholder("a measured value, e.g. 3 of 5 talks"),
		textField("note", "Note", p.Note).withHint("what happened"),
	)
}

func (s *progressScreen) View() string {
	st := s.d.styles
	if !s.found {
		return st.Muted.Render("This goal is no longer in the journal. esc goes back.")
	}
	var b strings.Builder
	b.WriteString(strings.Join(s.head, "\n"))
	b.WriteString("\n\n")
	if len(s.order) == 0 {
		b.WriteString(sentence("No progress yet. Press n to record the first step.", s.width))
	} else {
		b.WriteString(s.list.view())
	}
	return b.String()
}

func (s *progressScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.New, k.Edit, k.Delete}
}

func (s *progressScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{s.lk.bindings(), {k.New, k.Edit, k.Delete}}
}
