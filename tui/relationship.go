package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// relationshipScreen is one relationship: a strip of the foundation and
// the six layers with how complete each is, the other parts (goals,
// roadmap, sessions, …) with their keys, and momentum notes.
type relationshipScreen struct {
	d  deps
	id model.ID

	full   model.Full
	loaded bool
	req    uint64
	err    error
	saving bool

	cursor int // over the seven layers, then the parts
	keys   relKeys
	lk     listKeys

	// Rendered once per load or width: each item normal and selected, the
	// head lines and the momentum notes.
	items      []string
	itemsSel   []string
	itemNotes  []string // the line under the strip for the selected item
	head       []string
	notes      []string
	heat       []string // the heat map with its title
	twoColumns bool

	width, height int
}

type relKeys struct {
	Layer, Open, SetLayer, Edit, Calendar key.Binding
	Parts                                 []key.Binding
}

func newRelKeys() relKeys {
	k := relKeys{
		Layer:    key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6"), key.WithHelp("0-6", "layer")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		SetLayer: key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "set current")),
		Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit details")),
		Calendar: bind("calendar file (.ics)", "i"),
	}
	for _, p := range parts {
		k.Parts = append(k.Parts, key.NewBinding(key.WithKeys(p.Key), key.WithHelp(p.Key, strings.ToLower(p.Title))))
	}
	return k
}

func newRelationshipScreen(d deps, id model.ID) *relationshipScreen {
	s := &relationshipScreen{d: d, id: id, keys: newRelKeys(), lk: newListKeys(), width: 80, height: 20}
	s.lk.PageUp.SetEnabled(false)
	s.lk.PageDown.SetEnabled(false)
	s.updateKeys()
	return s
}

func (s *relationshipScreen) Init() tea.Cmd { return s.load() }

func (s *relationshipScreen) load() tea.Cmd {
	s.req = newReqID()
	return loadFull(s.d.j, s.id, windowOf(s.full), s, s.req)
}

func (s *relationshipScreen) Title() string {
	if !s.loaded || s.err != nil {
		return "Relationship"
	}
	return model.SanitizeLine(s.full.Rel.Other())
}

func (s *relationshipScreen) Capturing() bool    { return false }
func (s *relationshipScreen) loading() bool      { return !s.loaded }
func (s *relationshipScreen) Dirty() bool        { return false }
func (s *relationshipScreen) scopeRel() model.ID { return s.id }

func (s *relationshipScreen) SetSize(w, h int) {
	changed := w != s.width
	s.width, s.height = w, h
	if changed && s.loaded {
		s.build()
	}
}

func (s *relationshipScreen) count() int { return len(model.Layers) + len(parts) }

func (s *relationshipScreen) updateKeys() {
	ok := s.loaded && s.err == nil
	s.keys.Layer.SetEnabled(ok)
	s.keys.Open.SetEnabled(ok)
	s.keys.Edit.SetEnabled(ok)
	s.keys.Calendar.SetEnabled(ok)
	for i := range s.keys.Parts {
		s.keys.Parts[i].SetEnabled(ok)
	}
	s.keys.SetLayer.SetEnabled(ok && !s.saving && s.cursor < len(model.Layers) &&
		model.Layer(s.cursor) != s.full.Rel.Layer && !readOnly(s.full))
	s.lk.Up.SetEnabled(ok)
	s.lk.Down.SetEnabled(ok)
	s.lk.Top.SetEnabled(ok)
	s.lk.Bottom.SetEnabled(ok)
}

func (s *relationshipScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case fullLoadedMsg:
		if msg.req != s.req {
			return s, nil
		}
		s.loaded, s.err = true, msg.err
		if msg.err == nil {
			s.full = msg.full
			s.build()
		}
		s.updateKeys()
		return s, nil
	case writtenMsg:
		s.saving = false
		s.updateKeys()
		if msg.err != nil {
			return s, tea.Batch(fail(msg.err), s.load())
		}
		return s, tea.Batch(status(msg.note), s.load())
	case reloadMsg:
		return s, s.load()
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *relationshipScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if !s.loaded || s.err != nil {
		return nil
	}
	if c, ok := s.lk.move(msg, s.cursor, s.count(), s.count()); ok {
		s.cursor = c
		s.updateKeys()
		return nil
	}
	k := s.keys
	switch {
	case key.Matches(msg, k.Layer):
		l, _ := strconv.Atoi(msg.String())
		s.cursor = l
		s.updateKeys()
		return s.openItem(l)
	case key.Matches(msg, k.Open):
		return s.openItem(s.cursor)
	case key.Matches(msg, k.SetLayer):
		return s.setLayer(model.Layer(s.cursor))
	case key.Matches(msg, k.Edit):
		r := s.full.Rel
		return s.d.push(newRelationshipForm(s.d, &r, nil))
	case key.Matches(msg, k.Calendar):
		return writeCalendar(s.d, s.full)
	}
	for i, b := range k.Parts {
		if key.Matches(msg, b) {
			s.cursor = len(model.Layers) + i
			s.updateKeys()
			return s.openItem(s.cursor)
		}
	}
	return nil
}

// openItem opens layer i (0-6) or part i-7.
func (s *relationshipScreen) openItem(i int) tea.Cmd {
	if i < len(model.Layers) {
		return s.d.push(newLayerEditor(s.d, s.full, model.Layer(i)))
	}
	i -= len(model.Layers)
	if i < len(parts) {
		if sc := parts[i].Open(s.d, s.full); sc != nil {
			return s.d.push(sc)
		}
	}
	return nil
}

func (s *relationshipScreen) setLayer(l model.Layer) tea.Cmd {
	if err := model.Editable(s.full.Rel); err != nil {
		return fail(err)
	}
	s.saving = true
	s.updateKeys()
	j, id := s.d.j, s.full.Rel.ID
	note := fmt.Sprintf("Current layer: %d %s.", int(l), l.Info().Title)
	return write(s, note, func(ctx context.Context) error {
		_, _, err := j.UpdateRelationship(ctx, id, func(r *model.Relationship, _ *model.Plan) error {
			r.Layer = l
			return r.Validate()
		})
		return err
	})
}

const barWidth = 10

// bar draws a completion bar of barWidth cells.
func (s *relationshipScreen) bar(v float64) string {
	st := s.d.styles
	n := int(v*barWidth + 0.5)
	n = min(max(n, 0), barWidth)
	return st.BarFull.Render(strings.Repeat("█", n)) + st.BarEmpty.Render(strings.Repeat("░", barWidth-n))
}

// build renders everything that depends on the data and the width.
func (s *relationshipScreen) build() {
	st := s.d.styles
	f := s.full
	r := f.Rel
	w := max(20, s.width)
	today := s.d.today()
	sum := model.Summarize(f)

	// Head: who, role, status, rhythm; then meetings and counts.
	line1 := st.Title.Render(one(r.Other(), w/2)) + st.Muted.Render(
		fmt.Sprintf(" · you are the %s · %s · since %s", r.OwnerRole, r.Status, model.FormatDate(r.Started)))
	if r.CadenceDays > 0 {
		line1 += st.Muted.Render(" · every " + model.Plural(r.CadenceDays, "day"))
	}
	line2, closed := "", ""
	if readOnly(f) {
		closed = st.Warn.Render("closed: read-only") + st.Muted.Render(" · ")
	}
	met := "" // said where the line has room for it
	if !sum.LastSession.IsZero() {
		met = st.Muted.Render(lastMet(sum) + " · ")
	}
	if t := model.UpcomingMeeting(sum, today); !t.IsZero() {
		what := "next meeting "
		if sum.LastSession.IsZero() {
			what = "first meeting "
		}
		line2 += st.Muted.Render(what + model.FormatDate(t))
		if late := model.MeetingLateDays(sum, today); late > 0 {
			line2 += " " + st.Warn.Render("("+model.Plural(late, "day")+" late)")
		}
		line2 += st.Muted.Render(" · ")
	}
	open := 0
	for _, g := range f.Goals {
		if g.Status == model.GoalOpen {
			open++
		}
	}
	goals := "no goals yet"
	if len(f.Goals) > 0 {
		goals = fmt.Sprintf("%d of %s open", open, model.Plural(len(f.Goals), "goal"))
	}
	line2 += st.Muted.Render(model.Plural(sum.Sessions, "session") + " · " + goals + " · " +
		model.Plural(sum.OpenFollowUps, "follow-up") + " open")
	if with := closed + met + line2; cells().StringWidth(with) <= w {
		line2 = with
	} else {
		line2 = closed + line2
	}
	std := model.StandingOf(f, today)
	stage := std.Line()
	if std.ByHand {
		stage += " (set by hand)"
	}
	if cells().StringWidth(stage) > w {
		stage = std.Short()
		if std.ByHand {
			stage += " (set by hand)"
		}
		stage += " · v: journey"
	}
	line3 := st.Muted.Render(stage)
	s.head = []string{cut(line1, w), cut(line2, w), cut(line3, w)}

	// The strip and the parts.
	comp := f.Plan.Completion()
	s.items = s.items[:0]
	s.itemsSel = s.itemsSel[:0]
	s.itemNotes = s.itemNotes[:0]
	for _, l := range model.Layers {
		label := padRight(fmt.Sprintf("%d %s", int(l.Layer), l.Short), 13)
		pct := fmt.Sprintf("%3d%%", int(comp[l.Layer]*100+0.5))
		tail := ""
		if l.Layer == r.Layer {
			tail = "  " + st.Accent.Render("◆ current")
		}
		body := s.bar(comp[l.Layer]) + " " + st.Muted.Render(pct) + tail
		s.items = append(s.items, "  "+st.Text.Render(label)+body)
		s.itemsSel = append(s.itemsSel, st.Accent.Render("▸ ")+st.Selected.Render(label)+body)
		s.itemNotes = append(s.itemNotes, l.Title+": "+l.Purpose)
	}
	for _, p := range parts {
		label := p.Key + " " + p.Title
		extra := s.partNote(p.Key)
		s.items = append(s.items, "  "+st.Text.Render(label)+st.Muted.Render(extra))
		s.itemsSel = append(s.itemsSel, st.Accent.Render("▸ ")+st.Selected.Render(label)+st.Muted.Render(extra))
		s.itemNotes = append(s.itemNotes, "Opens "+p.Title+" (key "+p.Key+").")
	}
	s.twoColumns = w >= 64

	// Momentum: a late meeting, a stuck pair with topics to try, stalled
	// goals with why they matter (layer 3), a health check due. The prep
	// brief shows the same lines.
	s.notes = s.notes[:0]
	for _, l := range momentumLines(s.d, f) {
		s.notes = append(s.notes, cut(l, w))
	}
	s.heat = append([]string{st.Subtitle.Render("Layers worked on, by month") + st.Muted.Render(" (v: journey)")}, heatMapLines(s.d, f, w)...)
	s.cursor = min(s.cursor, s.count()-1)
	s.updateKeys()
}

// partNote adds a short count to the goals and roadmap entries.
func (s *relationshipScreen) partNote(k string) string {
	f := s.full
	switch k {
	case "g":
		open := 0
		for _, g := range f.Goals {
			if g.Status == model.GoalOpen {
				open++
			}
		}
		if len(f.Goals) == 0 {
			return " · none yet"
		}
		return fmt.Sprintf(" · %d open", open)
	case "r":
		planned := 0
		for _, x := range f.Roadmap {
			if x.Status == model.TopicPlanned {
				planned++
			}
		}
		return fmt.Sprintf(" · %d planned", planned)
	case "E":
		p := f.Partner
		switch {
		case p.Conflicts > 0:
			return " · " + model.Plural(p.Conflicts, "conflict") // "to resolve" did not fit at 80 columns
		case !p.LastExchange().IsZero():
			return " · last " + model.FormatDate(p.LastExchange())
		}
		return " · not yet"
	}
	return ""
}

func (s *relationshipScreen) View() string {
	st := s.d.styles
	w := s.width
	switch {
	case !s.loaded:
		return st.Muted.Render("Loading…")
	case s.err != nil:
		return st.Error.Render(cut("Could not read this relationship: "+model.SanitizeLine(s.err.Error()), w)) + "\n" +
			st.Muted.Render("esc goes back.")
	}
	item := func(i int) string {
		if i == s.cursor {
			return s.itemsSel[i]
		}
		return s.items[i]
	}
	// The list of layers and parts, and the line of the cursor in it.
	var list []string
	at := 0
	nl := len(model.Layers)
	header := st.Subtitle.Render("Layers")
	if s.twoColumns {
		colW := 42
		header = padRight(header, colW) + st.Subtitle.Render("Parts")
		list = append(list, header)
		rows := max(nl, len(parts))
		for i := 0; i < rows; i++ {
			left := ""
			if i < nl {
				left = item(i)
			}
			right := ""
			if i < len(parts) {
				right = item(nl + i)
			}
			list = append(list, padRight(cut(left, colW-1), colW)+cut(right, max(0, w-colW)))
		}
		at = 1 + s.cursor
		if s.cursor >= nl {
			at = 1 + s.cursor - nl
		}
	} else {
		list = append(list, header)
		for i := 0; i < nl; i++ {
			list = append(list, cut(item(i), w))
		}
		list = append(list, st.Subtitle.Render("Parts"))
		for i := range parts {
			list = append(list, cut(item(nl+i), w))
		}
		at = 1 + s.cursor
		if s.cursor >= nl {
			at = 2 + s.cursor
		}
	}
	about := appendWrapped([]string{""}, st.Muted, s.itemNotes[s.cursor], w)
	// Where the screen is too short for all of it, the list scrolls so the
	// cursor's row and what it opens stay in view (at 60×20 the parts were
	// cut off, the cursor with them).
	lines := append(append([]string{}, s.head...), "")
	if room := max(1, s.height-len(lines)-len(about)); len(list) > room {
		from := min(max(0, at-room/2), len(list)-room)
		list = list[from : from+room]
	}
	lines = append(append(lines, list...), about...)
	if len(s.notes) > 0 {
		lines = append(lines, "")
		lines = append(lines, s.notes...)
	}
	// The heat map of the layers worked on, where the screen has room.
	if len(lines)+len(s.heat)+1 <= s.height {
		lines = append(lines, "")
		lines = append(lines, s.heat...)
	}
	if len(lines) > s.height {
		lines = lines[:s.height]
	}
	return strings.Join(lines, "\n")
}

func (s *relationshipScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Open, k.Layer, k.SetLayer}
}

func (s *relationshipScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{
		{s.lk.Up, s.lk.Down, s.lk.Top, s.lk.Bottom, k.Open},
		{k.Layer, k.SetLayer, k.Edit, k.Calendar},
		k.Parts,
	}
}
