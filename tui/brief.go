package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mentorlog/brief"
	"mentorlog/model"
)

func init() {
	registerPart(part{Order: 70, Key: "b", Title: "Prep brief", Open: func(d deps, f model.Full) screen {
		return newBriefScreen(d, f)
	}})
}

// momentumLines are the short warnings about a relationship's momentum:
// a meeting late against the agreed cadence, a pair stuck getting to know
// each other (with topics to try), goals without progress for weeks shown
// with what they mean (layer 3), and a health check due. The relationship
// screen and the brief show them; an empty result means all is well.
// In pair view nothing private is used (none of these read private notes).
func momentumLines(d deps, f model.Full) []string {
	st := d.styles
	today := d.today()
	sum := model.Summarize(f)
	var out []string
	if late := model.MeetingLateDays(sum, today); late > 0 {
		s := "Meeting late by " + model.Plural(late, "day")
		if f.Rel.CadenceDays > 0 {
			s += " (you agreed to meet every " + model.Plural(f.Rel.CadenceDays, "day") + ")"
		}
		out = append(out, st.Bad.Render("! ")+st.Text.Render(s))
	}
	if model.Stuck(sum) {
		out = append(out, st.Warn.Render("! ")+st.Text.Render(model.Plural(sum.Sessions, "session")+" and no problem, skill or goal defined yet. Topics for the next meeting:"))
		for i, t := range model.GettingUnstuckTopics {
			out = append(out, st.Muted.Render(fmt.Sprintf("    %d. ", i+1))+t)
		}
	}
	if stalled := model.StalledGoals(f.Goals, today); len(stalled) > 0 {
		for _, g := range stalled {
			since := g.LastProgress()
			if since.IsZero() {
				since = g.Created
			}
			out = append(out, st.Warn.Render("! ")+st.Text.Render(fmt.Sprintf("No progress on %s for %s", model.Quote(g.Title), model.Plural(model.DaysBetween(since, today), "day"))))
			if r := strings.TrimSpace(g.Relevant); r != "" {
				out = append(out, st.Muted.Render("    why it matters: ")+model.SanitizeLine(r))
			}
		}
		m := f.Plan.Meaning
		wrote := false
		for _, kv := range [][2]string{
			{"to " + model.SanitizeLine(f.Rel.MenteeName), m.Person}, {"to the team", m.Team},
			{"to the department", m.Department}, {"to the organisation", m.Organisation},
		} {
			if v := strings.TrimSpace(kv[1]); v != "" {
				if !wrote {
					out = append(out, st.Muted.Render("    What it means (layer 3):"))
					wrote = true
				}
				out = append(out, st.Muted.Render("      "+kv[0]+": ")+model.SanitizeLine(v))
			}
		}
		if !wrote {
			out = append(out, st.Muted.Render("    Layer 3 is empty: write down why it matters (3) to have something to come back to."))
		}
	}
	if why, due := healthDue(sum); due {
		out = append(out, st.Accent.Render("• ")+st.Text.Render("A health check is due: "+why+" (h)"))
	}
	return out
}

// briefScreen is the prep brief: what matters before the next meeting,
// in a scrolling view. It is brief.Build (the brief `mentorlog brief`
// prints as text), styled part by part, with the momentum warnings on top.
type briefScreen struct {
	partState
	pg   pager
	lk   listKeys
	w, h int
}

func newBriefScreen(d deps, f model.Full) *briefScreen {
	// The brief is of the whole history, as `mentorlog brief` (the layer
	// left longest above all).
	s := &briefScreen{partState: partState{d: d, full: f, whole: true}, lk: newListKeys(), w: 80, h: 20}
	s.pg.setHeight(20)
	s.build()
	return s
}

// render lays the brief out at the current width (again on every resize).
func (s *briefScreen) render() {
	st := s.d.styles
	w := max(30, s.w)
	var lines []string
	lines = append(lines, st.Title.Render("Prep brief")+"  "+st.Muted.Render("what matters for the next meeting"))
	if s.d.pair {
		lines = append(lines, st.Pair.Render(pairBanner))
	}
	if m := momentumLines(s.d, s.full); len(m) > 0 {
		lines = append(lines, "", st.Subtitle.Render("Momentum"))
		for _, l := range m {
			lines = append(lines, wrapStyled(l, w)...)
		}
	}
	lines = append(lines, briefLines(st, brief.Build(s.full, s.d.today(), s.d.pair), w)...)
	s.pg.setLines(lines)
}

// briefLines styles a brief for a width of w cells: titles as headings,
// labels as labels, each part of a line by how it reads. A line that does
// not fit wraps under itself, indented a step further.
func briefLines(st *Styles, b brief.Brief, w int) []string {
	kind := func(k brief.Kind) lipgloss.Style {
		switch k {
		case brief.Muted:
			return st.Muted
		case brief.Good:
			return st.Good
		case brief.Warning:
			return st.Warn
		case brief.Alert:
			return st.Bad
		}
		return st.Text
	}
	out := []string{""}
	add := func(indent int, l string) { out = append(out, wrapIndented(l, indent, w)...) }
	add(0, st.Subtitle.Render(b.Title))
	for _, m := range b.Meta {
		add(0, st.Muted.Render(m))
	}
	for _, sec := range b.Sections {
		out = append(out, "")
		if sec.Kind == brief.Value {
			add(0, st.Subtitle.Render(sec.Title))
		} else {
			add(0, kind(sec.Kind).Render(sec.Title))
		}
		for _, l := range sec.Lines {
			indent := 2 * l.Level
			text := l.Text()
			multi := strings.Contains(strings.TrimSpace(text), "\n")
			if !multi {
				var b strings.Builder
				if l.Label != "" {
					b.WriteString(st.Label.Render(l.Label+":") + " ")
				}
				for _, p := range l.Parts {
					t := p.Text
					if l.Label != "" {
						t = strings.TrimSpace(t)
					}
					b.WriteString(kind(p.Kind).Render(t))
				}
				add(indent, b.String())
				continue
			}
			// A value of several lines (only ever one part): under its
			// label, a step further in.
			if l.Label != "" {
				add(indent, st.Label.Render(l.Label+":"))
				indent += 2
			}
			style := kind(l.Parts[0].Kind)
			for _, t := range strings.Split(strings.TrimSpace(text), "\n") {
				if t = strings.TrimRight(t, " "); t == "" {
					out = append(out, "")
					continue
				}
				add(indent, style.Render(t))
			}
		}
	}
	return out
}

// wrapIndented indents an already clean, styled line by indent cells and
// wraps it to w, continuing two cells further in.
func wrapIndented(l string, indent, w int) []string {
	pad := strings.Repeat(" ", indent)
	if cells().StringWidth(l)+indent <= w {
		return []string{pad + l}
	}
	rest := strings.Repeat(" ", indent+2)
	lines := strings.Split(wrapANSI(l, max(10, w-indent-2)), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = pad + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return lines
}

// wrapStyled wraps an already clean line to width.
func wrapStyled(l string, w int) []string {
	if cells().StringWidth(l) <= w {
		return []string{l}
	}
	return strings.Split(wrapANSI(l, w), "\n")
}

// Init reads the whole history when the relationship was read in part.
func (s *briefScreen) Init() tea.Cmd { return s.readWhole(s) }
func (s *briefScreen) Title() string {
	return "Brief for " + one(s.full.Rel.Other(), 40)
}
func (s *briefScreen) Capturing() bool    { return false }
func (s *briefScreen) inPairView() bool   { return s.d.pair }
func (s *briefScreen) ownsSlash() bool    { return s.d.pair }
func (s *briefScreen) scopeRel() model.ID { return s.full.Rel.ID }
func (s *briefScreen) Dirty() bool        { return false }

func (s *briefScreen) SetSize(w, h int) {
	changed := w != s.w
	s.w, s.h = w, h
	s.pg.setHeight(h)
	if changed {
		s.render()
	}
}

func (s *briefScreen) Update(msg tea.Msg) (screen, tea.Cmd) { return s, s.update(s, msg) }

func (s *briefScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	s.pg.move(s.lk, msg)
	return nil
}

// build lays the brief out again; in pair view from the shared part only.
func (s *briefScreen) build() {
	if s.d.pair {
		s.full = s.full.Shared()
	}
	s.render()
}

func (s *briefScreen) View() string { return strings.Join(s.pg.view(), "\n") }

func (s *briefScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.lk.Down, s.lk.Up, s.lk.PageDown}
}

func (s *briefScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.lk.bindings()}
}
