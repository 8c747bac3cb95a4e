package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// templatesScreen lists the agenda templates a relationship's roadmap can
// take topics from: the topics that suit the pair's stage first, then the
// mentor's own templates, kept across relationships. enter adds the
// selected one's topics to the roadmap (those not planned already); d
// deletes one of the mentor's own.
type templatesScreen struct {
	partState
	ts    []model.AgendaTemplate // the saved ones
	shown []model.AgendaTemplate // the stage's suggestions, then the saved ones: the rows
	list  rowList
	lk    listKeys
	keys  templateKeys

	loaded bool
	err    error
	used   bool // the write under way adds a template's topics: leave when it lands

	width, height int
}

type templateKeys struct {
	Use, Delete key.Binding
}

// templatesLoadedMsg carries the saved templates.
type templatesLoadedMsg struct {
	s   *templatesScreen
	ts  []model.AgendaTemplate
	err error
}

func (m templatesLoadedMsg) to() screen { return m.s }

func newTemplatesScreen(d deps, f model.Full) *templatesScreen {
	s := &templatesScreen{partState: partState{d: d, full: f}, lk: newListKeys(), width: 80, height: 20,
		keys: templateKeys{Use: keyOpen("add its topics (asks, then saves)"), Delete: keyDelete("delete the template")}}
	s.build()
	return s
}

func (s *templatesScreen) Init() tea.Cmd {
	j, me := s.d.j, s
	return func() tea.Msg {
		ts, err := j.Templates(context.Background())
		return templatesLoadedMsg{s: me, ts: ts, err: err}
	}
}

func (s *templatesScreen) Title() string      { return "Templates" }
func (s *templatesScreen) Capturing() bool    { return false }
func (s *templatesScreen) Dirty() bool        { return false }
func (s *templatesScreen) scopeRel() model.ID { return s.full.Rel.ID }

func (s *templatesScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.build()
	}
	s.height = h
	s.list.setHeight(max(2, h-3))
}

func (s *templatesScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case templatesLoadedMsg:
		s.loaded, s.err = true, msg.err
		s.ts = msg.ts
		s.build()
		return s, nil
	case writtenMsg:
		s.busy = false
		s.updateKeys()
		switch {
		case msg.err != nil:
			s.used = false
			return s, tea.Batch(fail(msg.err), s.Init())
		case s.used:
			return s, tea.Batch(s.d.pop(true), status(msg.note))
		}
		return s, tea.Batch(status(msg.note), s.Init())
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *templatesScreen) build() {
	st := s.d.styles
	w := max(20, s.width)
	all := append([]model.AgendaTemplate{model.StageTemplate(s.full, s.d.today())}, s.ts...)
	s.shown = all
	rows := make([][]string, len(all))
	sel := make([][]string, len(all))
	for i, t := range all {
		name := one(t.Name, w-20)
		count := st.Muted.Render(" · " + model.Plural(len(t.Topics), "topic"))
		rows[i] = []string{"  " + st.Text.Render(name) + count}
		sel[i] = []string{st.Accent.Render("▸ ") + st.Selected.Render(name) + count}
		for _, tp := range t.Topics {
			sel[i] = append(sel[i], st.Muted.Render(cut("    • "+model.SanitizeLine(tp), w)))
		}
	}
	s.list.set(rows, sel)
	s.updateKeys()
}

func (s *templatesScreen) updateKeys() {
	s.keys.Use.SetEnabled(!readOnly(s.full) && !s.busy)
	s.keys.Delete.SetEnabled(!s.busy) // on the stage's row it says there is nothing to delete
}

func (s *templatesScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if s.list.move(s.lk, msg) {
		s.updateKeys()
		return nil
	}
	c := s.list.cursor
	if c >= len(s.shown) {
		return nil
	}
	t := s.shown[c]
	switch {
	case key.Matches(msg, s.keys.Use) && s.keys.Use.Enabled():
		n := len(model.AppendTopics(s.full.Rel.ID, s.full.Roadmap, t.Topics, s.d.now()))
		if n == 0 {
			return status("Every topic of " + fmt.Sprintf("%q", one(t.Name, 40)) + " is planned already.")
		}
		return s.d.ask("Add "+model.Plural(n, "topic")+" from "+fmt.Sprintf("%q", one(t.Name, 40))+" to the roadmap?", func() tea.Cmd {
			s.busy, s.used = true, true
			s.updateKeys()
			j, rel := s.d.j, s.full.Rel.ID
			return write(s, "Added "+model.Plural(n, "topic")+" to the roadmap.", func(ctx context.Context) error {
				_, err := j.AddRoadmapTopics(ctx, rel, t.Topics)
				return err
			})
		})
	case key.Matches(msg, s.keys.Delete) && c == 0:
		return status("The stage's topics are built in: there is nothing to delete.")
	case key.Matches(msg, s.keys.Delete) && s.keys.Delete.Enabled():
		return s.d.ask("Delete the template "+fmt.Sprintf("%q", one(t.Name, 40))+"? Roadmaps that used it keep their topics.", func() tea.Cmd {
			s.busy = true
			j := s.d.j
			return write(s, "Deleted the template.", func(ctx context.Context) error { return j.DeleteTemplate(ctx, t.ID) })
		})
	}
	return nil
}

func (s *templatesScreen) View() string {
	st := s.d.styles
	head := "Add topics to the roadmap: those for your stage, or a template of yours."
	if readOnly(s.full) {
		head = errReadOnlyText
	}
	var b strings.Builder
	b.WriteString(st.Muted.Render(cut(head, s.width)))
	b.WriteString("\n\n")
	if s.err != nil {
		b.WriteString(st.Error.Render(cut("Could not read the templates: "+model.SanitizeLine(s.err.Error()), s.width)) + "\n")
	}
	b.WriteString(s.list.view())
	if s.loaded && len(s.ts) == 0 {
		b.WriteString("\n\n" + st.Muted.Render(sentence("No templates of your own yet: T on a roadmap keeps its topics as one.", s.width)))
	}
	return b.String()
}

func (s *templatesScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Use, s.keys.Delete}
}

func (s *templatesScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.lk.bindings(), {s.keys.Use, s.keys.Delete}}
}

// newTemplateForm keeps a roadmap's topics as an agenda template, under a
// name, to use with other relationships.
func newTemplateForm(d deps, f model.Full, topics []string) *formScreen {
	for i, tp := range topics {
		topics[i] = strings.TrimSpace(model.SanitizeLine(tp))
	}
	fm := newForm(d,
		lineField("name", "Name", "Roadmap with "+model.SanitizeLine(f.Rel.Other())).withPlaceholder("what the template is for"),
		infoField("topics", "Topics", func() []string { return topics }),
	)
	save := func(fm *form) (func(ctx context.Context) error, error) {
		now := d.now().UTC()
		t := model.AgendaTemplate{ID: model.NewID(now), Name: strings.TrimSpace(fm.Value("name")), Topics: topics}
		if err := t.Validate(); err != nil {
			return nil, err
		}
		j := d.j
		return func(ctx context.Context) error { return j.SaveTemplate(ctx, t) }, nil
	}
	s := newFormScreen(d, "Keep template", "The roadmap's topics, in order, to add to another relationship's roadmap with u.", fm, save)
	s.rel = f.Rel.ID
	s.savedMsg = "Template kept: u on any roadmap adds its topics."
	return s
}
