package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func init() {
	registerPart(part{Order: 15, Key: "r", Title: "Roadmap", Open: func(d deps, f model.Full) screen {
		return newRoadmapScreen(d, f)
	}})
}

// roadmapScreen lists the topics planned for coming meetings in order.
// K and J move a topic; the new order shows at once and is saved in the
// background, one write at a time, the newest order last.
type roadmapScreen struct {
	partState
	items []model.RoadmapItem // display order
	list  rowList
	lk    listKeys
	keys  roadmapKeys

	moving    bool     // a reorder is being written
	moveAgain bool     // the order changed again meanwhile
	planned   model.ID // put the cursor on this topic at the next build (one just planned)

	width, height int
}

type roadmapKeys struct {
	crudKeys
	MoveUp, MoveDown key.Binding
	Use, Keep        key.Binding // a template
}

// roadmapMovedMsg reports a reorder write.
type roadmapMovedMsg struct {
	s   *roadmapScreen
	err error
}

func (m roadmapMovedMsg) to() screen      { return m.s }
func (m roadmapMovedMsg) writeErr() error { return m.err }

func newRoadmapScreen(d deps, f model.Full) *roadmapScreen {
	k := roadmapKeys{crudKeys: newCrudKeys(),
		MoveUp:   key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K", "move up")),
		MoveDown: key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J", "move down")),
		Use:      bind("add topics from a template", "u"),
		Keep:     bind("keep these topics as a template", "T"),
	}
	s := &roadmapScreen{partState: partState{d: d, full: f, newDraft: formDraftKey(f.Rel.ID, "New topic"), newNoun: "topic"}, lk: newListKeys(), keys: k, width: 80, height: 20}
	s.items = append([]model.RoadmapItem(nil), f.Roadmap...)
	s.build()
	return s
}

func (s *roadmapScreen) Init() tea.Cmd      { return s.lookNew(s) }
func (s *roadmapScreen) Title() string      { return "Roadmap" }
func (s *roadmapScreen) Capturing() bool    { return false }
func (s *roadmapScreen) Dirty() bool        { return false }
func (s *roadmapScreen) scopeRel() model.ID { return s.full.Rel.ID }

func (s *roadmapScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.build()
	}
	s.height = h
	s.list.setHeight(max(2, h-3))
}

func (s *roadmapScreen) goalTitle(id model.ID) string {
	for _, g := range s.full.Goals {
		if g.ID == id {
			return g.Title
		}
	}
	return ""
}

// selectID puts the cursor on a topic.
func (s *roadmapScreen) selectID(id model.ID) {
	for i, x := range s.items {
		if x.ID == id {
			s.list.selectRow(i)
			s.updateKeys()
		}
	}
}

func (s *roadmapScreen) build() {
	st := s.d.styles
	w := max(20, s.width)
	rows := make([][]string, len(s.items))
	sel := make([][]string, len(s.items))
	for i, x := range s.items {
		num := fmt.Sprintf("%2d. ", i+1)
		topic := one(x.Topic, w-8)
		var meta []string
		switch held, ok := s.full.HeldOn(x); {
		case ok:
			meta = append(meta, "held on "+model.FormatDate(held))
		case !x.Date.IsZero():
			meta = append(meta, string(x.Status), model.FormatDate(x.Date))
		default:
			meta = append(meta, string(x.Status), "no date")
		}
		if x.GoalID != "" {
			if t := s.goalTitle(x.GoalID); t != "" {
				meta = append(meta, "goal: "+model.SanitizeLine(t))
			}
		}
		detail := st.Muted.Render(cut("      "+strings.Join(meta, " · "), w))
		style := st.Text
		if x.Status != model.TopicPlanned {
			style = st.Muted
		}
		rows[i] = []string{"  " + num + style.Render(topic), detail}
		sel[i] = []string{st.Accent.Render("▸ ") + num + st.Selected.Render(topic), detail}
	}
	s.list.set(rows, sel)
	s.updateKeys()
}

func (s *roadmapScreen) updateKeys() {
	has := len(s.items) > 0
	writable := !readOnly(s.full)
	s.keys.set(has, writable)
	s.keys.MoveUp.SetEnabled(writable && s.list.cursor > 0)
	s.keys.MoveDown.SetEnabled(writable && s.list.cursor < len(s.items)-1)
	s.keys.Use.SetEnabled(writable)
	s.keys.Keep.SetEnabled(true)
	s.lk.setEnabled(len(s.items) > 1)
}

func (s *roadmapScreen) reload() tea.Cmd { return s.partState.reload(s) }

func (s *roadmapScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case fullLoadedMsg:
		if msg.req != s.req {
			return s, nil
		}
		if msg.err != nil {
			return s, fail(msg.err)
		}
		s.full = msg.full
		if !s.moving {
			s.items = append([]model.RoadmapItem(nil), msg.full.Roadmap...)
		}
		s.build()
		if s.planned != "" {
			s.selectID(s.planned)
			s.planned = "" // found or gone: done with it
		}
		return s, nil
	case roadmapMovedMsg:
		s.moving = false
		if msg.err != nil {
			s.moveAgain = false
			return s, tea.Batch(fail(msg.err), s.reload())
		}
		if s.moveAgain {
			s.moveAgain = false
			return s, s.saveOrder()
		}
		return s, nil
	}
	return s, s.update(s, msg)
}

// saveOrder writes the shown order, unless a write is under way: then it
// is written when that one ends.
func (s *roadmapScreen) saveOrder() tea.Cmd {
	if s.moving {
		s.moveAgain = true
		return nil
	}
	s.moving = true
	ids := make([]model.ID, len(s.items))
	for i, x := range s.items {
		ids[i] = x.ID
	}
	j, rel, me := s.d.j, s.full.Rel.ID, s
	return func() tea.Msg {
		return roadmapMovedMsg{s: me, err: j.ReorderRoadmap(context.Background(), rel, ids)}
	}
}

func (s *roadmapScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	c := s.list.cursor
	if s.list.move(s.lk, msg) {
		s.updateKeys()
		return nil
	}
	switch {
	case key.Matches(msg, k.MoveUp) && c > 0:
		s.items[c-1], s.items[c] = s.items[c], s.items[c-1]
		s.list.cursor--
		s.build()
		return s.saveOrder()
	case key.Matches(msg, k.MoveDown) && c < len(s.items)-1:
		s.items[c+1], s.items[c] = s.items[c], s.items[c+1]
		s.list.cursor++
		s.build()
		return s.saveOrder()
	case key.Matches(msg, k.New):
		return s.d.push(newRoadmapForm(s.d, s.full, nil, len(s.items), func(id model.ID) { s.planned = id }))
	case key.Matches(msg, k.Use):
		return s.d.push(newTemplatesScreen(s.d, s.full))
	case key.Matches(msg, k.Keep) && len(s.items) == 0:
		return status("Nothing to keep: the roadmap has no topics yet.")
	case key.Matches(msg, k.Keep):
		topics := make([]string, len(s.items))
		for i, x := range s.items {
			topics[i] = x.Topic
		}
		return s.d.push(newTemplateForm(s.d, s.full, topics))
	case key.Matches(msg, k.Edit) && c < len(s.items):
		x := s.items[c]
		return s.d.push(newRoadmapForm(s.d, s.full, &x, x.Position, nil))
	case key.Matches(msg, k.Delete) && c < len(s.items):
		id := s.items[c].ID
		return s.d.ask("Delete the topic "+model.Quote(one(s.items[c].Topic, 40))+"?", func() tea.Cmd {
			if s.busy {
				return nil
			}
			s.busy = true
			j := s.d.j
			return write(s, "Deleted the topic.", func(ctx context.Context) error { return j.DeleteRoadmapItem(ctx, id) })
		})
	}
	return nil
}

func (s *roadmapScreen) View() string {
	st := s.d.styles
	var b strings.Builder
	planned := 0
	for _, x := range s.items {
		if x.Status == model.TopicPlanned {
			planned++
		}
	}
	b.WriteString(st.Muted.Render(cut(fmt.Sprintf("%s, %d planned — the order you mean to take them in", model.Plural(len(s.items), "topic"), planned), s.width)))
	b.WriteString("\n\n")
	switch {
	case len(s.items) == 0 && readOnly(s.full):
		b.WriteString(cut("No topics: the relationship is closed.", s.width))
	case len(s.items) == 0:
		b.WriteString(sentence("No topics yet. Press n to plan what to talk about in the coming meetings,", s.width) + "\n")
		b.WriteString(sentence("or u for topics that suit stage "+model.StandingOf(s.full, s.d.today()).Stage.Label()+", or a template.", s.width))
	default:
		b.WriteString(s.list.view())
	}
	return b.String()
}

func (s *roadmapScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.New, k.Edit, k.MoveUp, k.MoveDown, k.Delete, k.Use}
}

func (s *roadmapScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{s.lk.bindings(), {k.New, k.Edit, k.Delete}, {k.MoveUp, k.MoveDown}, {k.Use, k.Keep}}
}

// newRoadmapForm plans a topic (x nil, at position pos) or edits one. On
// planning one, onCreated gets its id (in Update, before the write).
func newRoadmapForm(d deps, f model.Full, x *model.RoadmapItem, pos int, onCreated func(model.ID)) *formScreen {
	isNew := x == nil
	var it model.RoadmapItem
	if isNew {
		it = model.RoadmapItem{Status: model.TopicPlanned, Position: pos}
	} else {
		it = *x
	}
	goalVals, goalLabels := []string{""}, []string{"none"}
	for _, g := range f.Goals {
		goalVals = append(goalVals, string(g.ID))
		goalLabels = append(goalLabels, model.SanitizeLine(g.Title))
	}
	statuses := make([]string, len(model.TopicStatuses))
	for i, st := range model.TopicStatuses {
		statuses[i] = string(st)
	}
	fm := newForm(d,
		lineField("topic", "Topic", it.Topic).withPlaceholder("what to talk about"),
		dateField("date", "Date", it.Date).withHint("optional"),
		choiceField("goal_id", "Goal", goalVals, string(it.GoalID)).withLabels(goalLabels),
		choiceField("status", "Status", statuses, string(it.Status)),
	)
	save := func(fm *form) (func(ctx context.Context) error, error) {
		if err := model.Editable(f.Rel); err != nil {
			return nil, err
		}
		y := it
		y.Topic = strings.TrimSpace(fm.Value("topic"))
		y.GoalID = model.ID(fm.Choice("goal_id"))
		y.Status = model.TopicStatus(fm.Choice("status"))
		date, derr := fm.Date("date")
		y.Date = date
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
		if isNew && onCreated != nil {
			onCreated(y.ID)
		}
		j := d.j
		return func(ctx context.Context) error { return j.SaveRoadmapItem(ctx, y) }, nil
	}
	title := "New topic"
	if !isNew {
		title = "Topic"
	}
	s := newFormScreen(d, title, "", fm, save)
	s.forRel(f)
	s.savedMsg = "Topic saved."
	if !isNew {
		id := it.ID
		s.rebaseOn(f, func(f model.Full) *form {
			for _, x := range f.Roadmap {
				if x.ID == id {
					return newRoadmapForm(d, f, &x, x.Position, nil).form
				}
			}
			return nil // deleted meanwhile: the form stays as it is
		})
	}
	return s
}
