package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

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
		s := fmt.Sprintf("Meeting late by %d days", late)
		if f.Rel.CadenceDays > 0 {
			s += fmt.Sprintf(" (you agreed to meet every %d days)", f.Rel.CadenceDays)
		}
		out = append(out, st.Bad.Render("! ")+st.Text.Render(s))
	}
	if model.Stuck(sum) {
		out = append(out, st.Warn.Render("! ")+st.Text.Render(fmt.Sprintf("%d sessions and no problem, skill or goal defined yet. Topics for the next meeting:", sum.Sessions)))
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
			out = append(out, st.Warn.Render("! ")+st.Text.Render(fmt.Sprintf("No progress on %q for %d days", model.SanitizeLine(g.Title), model.DaysBetween(since, today))))
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
	if healthDue(f) {
		out = append(out, st.Accent.Render("• ")+st.Text.Render(fmt.Sprintf("A health check is due: %d sessions since the last one (h)", sessionsSinceCheck(f))))
	}
	return out
}

// briefScreen is the prep brief: what matters before the next meeting,
// in a scrolling view. It is brief.Plain (the same text as `mentorlog
// brief`) with the momentum warnings on top.
type briefScreen struct {
	d    deps
	full model.Full
	vp   viewport.Model
	keys briefKeys
	w, h int
	// pending is the reload we wait for.
	pending uint64
}

type briefKeys struct {
	Up, Down, PageUp, PageDown key.Binding
}

func newBriefScreen(d deps, f model.Full) *briefScreen {
	s := &briefScreen{d: d, full: f, vp: viewport.New(80, 20), w: 80, h: 20}
	s.keys = briefKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " ", "f"), key.WithHelp("pgdn", "page down")),
	}
	s.render()
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
	text := brief.Plain(s.full, s.d.today(), s.d.pair)
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if l != "" && !strings.HasPrefix(l, " ") {
			lines = append(lines, wrapStyled(st.Subtitle.Render(l), w)...)
			continue
		}
		lines = append(lines, wrapStyled(l, w)...)
	}
	s.vp.SetContent(strings.Join(lines, "\n"))
}

// wrapStyled wraps an already clean line to width.
func wrapStyled(l string, w int) []string {
	if lipWidth(l) <= w {
		return []string{l}
	}
	return strings.Split(wrapANSI(l, w), "\n")
}

func (s *briefScreen) Init() tea.Cmd { return nil }
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
	s.vp.Width, s.vp.Height = max(1, w), max(1, h)
	if changed {
		s.render()
	}
}

func (s *briefScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reloadMsg:
		s.pending = nextReq()
		return s, loadLoopFull(s.d.j, s.full.Rel.ID, s.pending)
	case loopFullMsg:
		if msg.req == s.pending && msg.err == nil {
			if s.d.pair {
				msg.full = msg.full.Shared()
			}
			s.full = msg.full
			s.render()
		}
		return s, nil
	case tea.KeyMsg:
		k := s.keys
		switch {
		case key.Matches(msg, k.Up):
			s.vp.ScrollUp(1)
		case key.Matches(msg, k.Down):
			s.vp.ScrollDown(1)
		case key.Matches(msg, k.PageUp):
			s.vp.PageUp()
		case key.Matches(msg, k.PageDown):
			s.vp.PageDown()
		}
		return s, nil
	}
	return s, nil
}

func (s *briefScreen) View() string { return s.vp.View() }

func (s *briefScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Down, s.keys.Up, s.keys.PageDown}
}

func (s *briefScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}}
}
