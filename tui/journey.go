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

func init() {
	registerPart(part{Order: 65, Key: "v", Title: "Journey", Open: func(d deps, f model.Full) screen {
		return newJourneyScreen(d, f)
	}})
}

// journeyScreen shows where the pair stands in every model: the stage
// (and its step and phase) with the reason the journal gives, the layers
// its meetings worked on month by month, and a layer left alone. e sets
// the stage by hand, or gives it back to the journal.
type journeyScreen struct {
	partState
	keys journeyKeys
	lk   listKeys
	pg   pager

	choosing bool
	stages   rowList // while choosing: the eight stages, then "read from the journal"

	width, height int
}

type journeyKeys struct {
	Edit, Choose, Cancel key.Binding
}

func newJourneyScreen(d deps, f model.Full) *journeyScreen {
	// The heat map and the layer left longest are of the whole history.
	s := &journeyScreen{partState: partState{d: d, full: f, whole: true}, lk: newListKeys(), width: 80, height: 20,
		keys: journeyKeys{Edit: keyEdit("set the stage by hand"), Choose: keyOpen("set this stage"), Cancel: keyCancel("cancel")}}
	s.build()
	return s
}

// Init reads the whole history when the relationship was read in part.
func (s *journeyScreen) Init() tea.Cmd { return s.readWhole(s) }

func (s *journeyScreen) Title() string      { return "Journey" }
func (s *journeyScreen) Capturing() bool    { return false }
func (s *journeyScreen) ownsEsc() bool      { return s.choosing } // esc leaves the stage list
func (s *journeyScreen) Dirty() bool        { return false }
func (s *journeyScreen) scopeRel() model.ID { return s.full.Rel.ID }

func (s *journeyScreen) SetSize(w, h int) {
	changed := w != s.width
	s.width, s.height = w, h
	s.pg.setHeight(h)
	s.stages.setHeight(max(3, h-2))
	if changed {
		s.build()
	}
}

func (s *journeyScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if _, ok := msg.(writtenMsg); ok {
		s.choosing = false
	}
	return s, s.update(s, msg)
}

func (s *journeyScreen) updateKeys() {
	s.keys.Edit.SetEnabled(!s.choosing && !s.busy && !readOnly(s.full))
	s.keys.Choose.SetEnabled(s.choosing)
	s.keys.Cancel.SetEnabled(s.choosing)
}

func (s *journeyScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.choosing {
		switch {
		case key.Matches(msg, k.Cancel):
			s.choosing = false
			s.updateKeys()
			return nil
		case key.Matches(msg, k.Choose) && !s.busy:
			return s.setStage(model.Stage((s.stages.cursor + 1) % (len(model.Stages) + 1)))
		}
		s.stages.move(s.lk, msg)
		return nil
	}
	switch {
	case key.Matches(msg, k.Edit):
		if err := model.Editable(s.full.Rel); err != nil {
			return fail(err)
		}
		s.choosing = true
		s.buildStages()
		s.updateKeys()
		return nil
	}
	s.pg.move(s.lk, msg)
	return nil
}

// setStage saves the stage the pair chose; 0 gives it back to the journal.
func (s *journeyScreen) setStage(st model.Stage) tea.Cmd {
	s.busy = true
	s.updateKeys()
	note := "Stage set by hand: " + st.Label() + "."
	if st == 0 {
		note = "The stage is read from the journal again."
	}
	j, id := s.d.j, s.full.Rel.ID
	return write(s, note, func(ctx context.Context) error {
		_, _, err := j.UpdateRelationship(ctx, id, func(r *model.Relationship, _ *model.Plan) error {
			if err := model.Editable(*r); err != nil {
				return err
			}
			r.Stage = st
			return r.Validate()
		})
		return err
	})
}

// heatCells shade a count of meetings on a layer: none, 1, 2, 3, 4 or more.
var heatCells = []string{"·", "░", "▒", "▓", "█"}

// heatCell is the shade of n meetings, width cells wide: the heat map's
// cells and the dashboard's strip.
func heatCell(st *Styles, n, width int) string {
	c := strings.Repeat(heatCells[min(max(n, 0), len(heatCells)-1)], width)
	if n <= 0 {
		return st.Muted.Render("·" + strings.Repeat(" ", width-1))
	}
	return st.BarFull.Render(c)
}

// build lays the screen out for the current data and width.
func (s *journeyScreen) build() {
	st := s.d.styles
	w := max(30, s.width)
	today := s.d.today()
	f := s.full
	std := model.StandingOf(f, today)
	info := std.Stage.Info()
	var lines []string
	add := func(l string) { lines = append(lines, wrapIndented(l, 0, w)...) }
	add(st.Title.Render("Stage "+std.Stage.Label()) + st.Muted.Render(" · step "+strconv.Itoa(int(info.Step))+" "+std.Step().Name+
		" · phase "+strconv.Itoa(int(info.Phase))+" "+std.Phase().Name))
	add(st.Label.Render("Why: ") + st.Text.Render(std.Why()))

	lines = append(lines, "", st.Subtitle.Render("Layers worked on, by month"))
	if f.History.More { // the whole history is being read (Init)
		add(st.Muted.Render("Reading all " + model.Plural(model.Summarize(f).Sessions, "session") + "…"))
	} else {
		lines = append(lines, heatMapLines(s.d, f, w)...)
		if n, ok := model.NeglectedLayer(f, today); ok {
			add(st.Warn.Render("! ") + st.Text.Render(n.Say(today)))
		}
	}
	lines = append(lines, "", st.Subtitle.Render("This stage"))
	add(st.Muted.Render(info.Purpose))
	var topics []string
	for _, t := range model.SuggestTopicsFor(f, "", today, 5) {
		topics = append(topics, t.Text)
	}
	if len(topics) > 0 {
		add(st.Muted.Render("Topics to try next (u on the roadmap adds them): " + strings.Join(topics, " · ")))
	}
	s.pg.setLines(lines)
	s.stages.setHeight(max(3, s.height-2))
	if s.choosing {
		s.buildStages()
	}
	s.updateKeys()
}

// heatMapLines draws the heat map of f's meetings: a row a layer, a column
// a month (the latest months that fit in w), a shade by the number of
// meetings; then a legend.
func heatMapLines(d deps, f model.Full, w int) []string {
	st := d.styles
	h := model.HeatOf(f, d.today())
	const labelW, colW = 14, 4
	fit := max(1, (w-labelW)/colW)
	first := max(0, len(h.Months)-fit)
	months := h.Months[first:]
	earlier := 0 // meetings in the months left out
	for l := range h.Counts {
		for _, n := range h.Counts[l][:first] {
			earlier += n
		}
	}
	years, names := strings.Repeat(" ", labelW), strings.Repeat(" ", labelW)
	for i, m := range months {
		y := ""
		if i == 0 || m.Month() == 1 {
			y = strconv.Itoa(m.Year())
		}
		years += padRight(y, colW)
		names += padRight(m.Format("Jan"), colW)
	}
	out := []string{st.Muted.Render(strings.TrimRight(years, " ")), st.Muted.Render(names)}
	for _, l := range model.Layers {
		row := st.Text.Render(padRight(l.Layer.Label(), labelW))
		for _, n := range h.Counts[l.Layer][first:] {
			row += " " + heatCell(st, n, 2) + " "
		}
		out = append(out, row)
	}
	legend := "· none  ░ 1  ▒ 2  ▓ 3  █ 4+ meetings"
	switch {
	case h.Marked == 0 && h.Unmarked == 0:
		legend = "No meetings held yet: the map fills in as sessions record their layers."
	case h.Marked == 0:
		legend = fmt.Sprintf("No layers recorded yet (%s): mark them in a session's last step.", model.Plural(h.Unmarked, "meeting"))
	case h.Unmarked > 0:
		legend += " · " + model.Plural(h.Unmarked, "meeting") + " without layers recorded"
	}
	out = append(out, st.Muted.Render(cut(legend, w)))
	if first > 0 {
		more := "← " + model.Plural(first, "earlier month") + " not shown"
		if earlier > 0 {
			more += " (" + model.Plural(earlier, "layer mark") + ")"
		}
		out = append(out, st.Muted.Render(cut(more+": a wider terminal shows them", w)))
	}
	return out
}

// buildStages lists the stages to choose from, the cursor on the one in force.
func (s *journeyScreen) buildStages() {
	st := s.d.styles
	w := max(30, s.width)
	std := model.StandingOf(s.full, s.d.today())
	var rows, sel [][]string
	for _, info := range model.Stages {
		label := info.Stage.Label()
		mark := "  "
		if info.Stage == std.Stage {
			mark = st.Accent.Render("◆ ")
		}
		rows = append(rows, []string{"  " + mark + st.Text.Render(label) + st.Muted.Render(" · "+cut(info.Purpose, max(10, w-len(label)-9)))})
		sel = append(sel, []string{st.Accent.Render("▸ ") + mark + st.Selected.Render(label) + st.Muted.Render(" · "+cut(info.Purpose, max(10, w-len(label)-9)))})
	}
	auto := "Read it from the journal (now " + std.Derived.Label() + ")"
	rows = append(rows, []string{"    " + st.Text.Render(auto)})
	sel = append(sel, []string{st.Accent.Render("▸ ") + "  " + st.Selected.Render(auto)})
	s.stages.set(rows, sel)
	s.stages.selectRow(int(std.Stage) - 1)
}

func (s *journeyScreen) View() string {
	if s.choosing {
		st := s.d.styles
		return st.Subtitle.Render("Set the stage by hand") + "\n" +
			st.Muted.Render(cut("The journal suggests "+model.StandingOf(s.full, s.d.today()).Derived.Label()+"; enter sets the stage under the cursor.", s.width)) + "\n" +
			s.stages.view()
	}
	return strings.Join(s.pg.view(), "\n")
}

func (s *journeyScreen) ShortHelp() []key.Binding {
	if s.choosing {
		return []key.Binding{s.keys.Choose, s.lk.Down, s.lk.Up, s.keys.Cancel}
	}
	return []key.Binding{s.keys.Edit, s.lk.Down, s.lk.Up}
}

func (s *journeyScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.lk.bindings(), {s.keys.Edit, s.keys.Choose, s.keys.Cancel}}
}
