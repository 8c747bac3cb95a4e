package tui

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func init() {
	registerPart(part{Order: 60, Key: "p", Title: "Pair view", Open: func(d deps, f model.Full) screen {
		return newPairScreen(d, f)
	}})
}

// pairBanner heads every pair-view screen.
const pairBanner = "PAIR VIEW — private notes hidden"

// pairScreen is for a mentor and mentee at one screen. It is built only
// from Full.Shared(), so private notes never reach it; it links to no
// other relationship, and its search and help are restricted to it.
type pairScreen struct {
	partState // d.pair is true; full is its shared part only
	keys      pairKeys
	pg        pager
	anchors   map[string]int // section → first line
	width     int
	height    int

	signing bool
	signer  signer
}

type pairKeys struct {
	lk                                                        listKeys
	MentorSigns, MenteeSigns, Health, Search, Confirm, Cancel key.Binding
}

func newPairKeys() pairKeys {
	return pairKeys{
		lk:          newListKeys(),
		MentorSigns: keyMentor("mentor signs"),
		MenteeSigns: keyMentee("mentee signs"),
		Health:      bind("health check", "h"),
		Search:      bind("search this relationship", "/"),
		Confirm:     keyOpen("sign"),
		Cancel:      keyCancel("cancel"),
	}
}

// pairJumpMsg asks pair view to scroll to the section of a search hit.
type pairJumpMsg struct{ hit model.Hit }

// pairReflections is how many of the newest ended sessions pair view shows
// the reflections of.
const pairReflections = 2

// pairTopics is how many planned roadmap topics pair view lists.
const pairTopics = 5

// shownTopics are the planned topics pair view lists, by position, and
// whether more are planned.
func shownTopics(f model.Full) (items []model.RoadmapItem, more bool) {
	all := append([]model.RoadmapItem(nil), f.Roadmap...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Position < all[j].Position })
	for _, it := range all {
		if it.Status != model.TopicPlanned {
			continue
		}
		if len(items) == pairTopics {
			return items, true
		}
		items = append(items, it)
	}
	return items, false
}

// pairShows reports whether pair view shows the text of search hit h: the
// agreement, each goal's title and latest progress, the open follow-ups,
// the planned topics it lists, and the topic and reflection of the
// sessions whose reflections it shows.
func pairShows(f model.Full, h model.Hit) bool {
	switch h.Kind {
	case model.HitPlan:
		return h.Layer == model.LayerFoundation
	case model.HitGoal:
		for _, g := range f.Goals {
			if g.ID != h.RecordID {
				continue
			}
			if h.Field == "title" {
				return true
			}
			i, ok := lastProgress(g)
			return ok && strings.HasPrefix(h.Field, fmt.Sprintf("progress[%d].", i))
		}
	case model.HitFollowUp:
		return slices.ContainsFunc(f.FollowUps, func(x model.FollowUp) bool { return x.ID == h.RecordID && x.Status == model.FollowUpOpen })
	case model.HitRoadmap:
		items, _ := shownTopics(f)
		return slices.ContainsFunc(items, func(it model.RoadmapItem) bool { return it.ID == h.RecordID })
	case model.HitSession:
		return (h.Field == "topic" || strings.HasPrefix(h.Field, "reflection.")) &&
			slices.ContainsFunc(shownReflections(f), func(x model.Session) bool { return x.ID == h.RecordID })
	}
	return false
}

// shownReflections are the sessions whose reflections pair view shows:
// the newest ended ones.
func shownReflections(f model.Full) []model.Session {
	var out []model.Session
	for _, x := range f.Sessions { // newest first
		if x.Ended && len(out) < pairReflections {
			out = append(out, x)
		}
	}
	return out
}

func newPairScreen(d deps, f model.Full) *pairScreen {
	d.pair = true
	s := &pairScreen{partState: partState{d: d, full: f}, keys: newPairKeys(), width: 80, height: 20}
	s.build()
	return s
}

func (s *pairScreen) Init() tea.Cmd { return nil }
func (s *pairScreen) Title() string {
	return "Pair view"
}
func (s *pairScreen) Capturing() bool { return s.signing }
func (s *pairScreen) Dirty() bool {
	return s.signing && strings.TrimSpace(s.signer.input.Value()) != ""
}

// ownsSlash: pair view opens its own search, restricted to this
// relationship with private fields left out.
func (s *pairScreen) ownsSlash() bool { return true }

// inPairView makes the app's header say PAIR VIEW.
func (s *pairScreen) inPairView() bool { return true }

func (s *pairScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.build()
	}
	s.height = h
	s.pg.setHeight(s.bodyHeight())
}

// pairHead is the banner and the blank line under it.
const pairHead = 2

func (s *pairScreen) bodyHeight() int {
	h := s.height - pairHead
	if s.signing {
		h -= 5
	}
	return max(1, h)
}

// pairTwoColumns is the width from which pair view uses two columns.
const pairTwoColumns = 110

// build keeps only what both may see, and lays it out.
func (s *pairScreen) build() {
	s.full = s.full.Shared()
	s.keys.MentorSigns.SetHelp("m", strings.TrimPrefix(sideName(s.full.Rel, model.RoleMentor), "the ")+" signs")
	s.keys.MenteeSigns.SetHelp("M", strings.TrimPrefix(sideName(s.full.Rel, model.RoleMentee), "the ")+" signs")
	st := s.d.styles
	w := max(40, s.width)
	if w >= pairTwoColumns {
		lw := (w - 3) / 2
		rw := w - 3 - lw
		left, la := s.sections(lw, []string{"agreement"})
		right, ra := s.sections(rw, []string{"goals", "follow-ups", "roadmap", "reflections"})
		n := max(len(left), len(right))
		lines := make([]string, n)
		sep := st.Muted.Render(" │ ")
		for i := 0; i < n; i++ {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			lines[i] = padRight(l, lw) + sep + r
		}
		s.pg.setLines(lines)
		s.anchors = map[string]int{}
		for k, v := range la {
			s.anchors[k] = v
		}
		for k, v := range ra {
			s.anchors[k] = v
		}
	} else {
		var lines []string
		lines, s.anchors = s.sections(w, []string{"agreement", "goals", "follow-ups", "roadmap", "reflections"})
		s.pg.setLines(lines)
	}
}

// sections renders the named sections one under the other at width.
func (s *pairScreen) sections(w int, names []string) ([]string, map[string]int) {
	st := s.d.styles
	f := s.full
	var out []string
	anchors := map[string]int{}
	heading := func(name, title string) {
		if len(out) > 0 {
			out = append(out, "")
		}
		anchors[name] = len(out)
		out = append(out, st.Subtitle.Render(cut(title, w)))
	}
	for _, name := range names {
		switch name {
		case "agreement":
			heading(name, "The agreement")
			text := f.Plan.Foundation.AgreementText()
			if strings.TrimSpace(text) == "" {
				out = append(out, st.Muted.Render(cut("Nothing written yet: fill in the foundation (0) first.", w)))
			} else {
				for _, l := range wrapText(text, w) {
					out = append(out, st.Text.Render(l))
				}
			}
			out = append(out, "")
			out = append(out, signatureLines(st, f, w)...)
			if !readOnly(f) {
				out = append(out, st.Muted.Render(cut("m: "+sideName(f.Rel, model.RoleMentor)+" signs · M: "+sideName(f.Rel, model.RoleMentee)+" signs", w)))
			}
		case "goals":
			heading(name, fmt.Sprintf("Goals (%d)", len(f.Goals)))
			if len(f.Goals) == 0 {
				out = append(out, st.Muted.Render("No goals yet."))
			}
			for _, g := range f.Goals {
				out = append(out, goalLine(st, g, w))
				if i, ok := lastProgress(g); ok {
					p := g.Progress[i]
					txt := strings.TrimSpace(p.Value + " " + p.Note)
					out = append(out, st.Muted.Render(cut(fmt.Sprintf("    %s · latest %s: %s", model.Plural(len(g.Progress), "step"), model.FormatDate(p.Date), model.SanitizeLine(txt)), w)))
				} else if g.Status == model.GoalOpen {
					out = append(out, st.Muted.Render("    no progress recorded yet"))
				}
			}
		case "follow-ups":
			heading(name, "Follow-ups")
			today := s.d.today()
			for _, party := range model.Parties {
				var g []model.FollowUp
				for _, x := range f.FollowUps {
					if x.Owner == party && x.Status == model.FollowUpOpen {
						g = append(g, x)
					}
				}
				model.SortFollowUps(g, today)
				out = append(out, st.Label.Render(cut(fmt.Sprintf("%s · %d open", partyName(f.Rel, party), len(g)), w)))
				if len(g) == 0 {
					out = append(out, st.Muted.Render("  nothing open"))
				}
				for _, x := range g {
					due := dueText(st, x, today)
					out = append(out, "  ○ "+one(x.Text, max(8, w-6-cells().StringWidth(due)))+"  "+due)
				}
			}
		case "roadmap":
			heading(name, "Next topics")
			items, more := shownTopics(f)
			for i, it := range items {
				date := ""
				if !it.Date.IsZero() {
					date = "  " + model.FormatDate(it.Date)
				}
				out = append(out, fmt.Sprintf("  %d. ", i+1)+one(it.Topic, w-6-len(date))+st.Muted.Render(date))
			}
			if more {
				out = append(out, st.Muted.Render("  … more on the roadmap"))
			}
			if len(items) == 0 {
				out = append(out, st.Muted.Render("  nothing planned"))
			}
		case "reflections":
			heading(name, "Last reflections")
			shown := shownReflections(f)
			for _, x := range shown {
				topic := x.Topic
				if topic == "" {
					topic = "(no topic)"
				}
				out = append(out, st.Accent.Render(cut(model.FormatDate(x.Date)+"  "+model.SanitizeLine(topic), w)))
				out = append(out, reflectionLines(st, x.Reflection, w)...)
			}
			if len(shown) == 0 {
				out = append(out, st.Muted.Render("  no session ended yet"))
			}
		}
	}
	return out, anchors
}

// reflectionLines shows the four answers; a skipped one is marked.
func reflectionLines(st *Styles, r model.Reflection, w int) []string {
	var out []string
	for _, q := range []struct{ label, v string }{
		{"Useful", r.Useful}, {"Next steps", r.NextSteps}, {"Before next", r.BeforeNext}, {"Change", r.Change},
	} {
		lab := "  " + st.Label.Render(padRight(q.label+":", 13))
		if strings.TrimSpace(q.v) == "" {
			out = append(out, lab+st.Muted.Render("not answered"))
		} else {
			out = append(out, lab+one(q.v, max(8, w-15)))
		}
	}
	return out
}

func lastProgress(g model.Goal) (int, bool) {
	best := -1
	for i, p := range g.Progress {
		if best < 0 || !p.Date.Before(g.Progress[best].Date) {
			best = i
		}
	}
	return best, best >= 0
}

// goalLine is one goal with its status and due date.
func goalLine(st *Styles, g model.Goal, w int) string {
	var mark, state string
	switch g.Status {
	case model.GoalAchieved:
		mark, state = st.Good.Render("✓"), st.Good.Render("achieved")
	case model.GoalDropped:
		mark, state = st.Muted.Render("✗"), st.Muted.Render("dropped")
	default:
		mark, state = "●", "open"
	}
	if !g.Due.IsZero() {
		state += st.Muted.Render(" · due " + model.FormatDate(g.Due))
	}
	room := max(8, w-4-cells().StringWidth(state))
	return mark + " " + one(g.Title, room) + "  " + state
}

func (s *pairScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case signedMsg:
		if msg.err != nil {
			s.signer.err = "not signed: " + model.SanitizeLine(msg.err.Error())
			return s, nil
		}
		s.signing = false
		s.pg.setHeight(s.bodyHeight())
		return s, tea.Batch(s.reload(s),
			status(fmt.Sprintf("Signed by %s as the %s", model.SanitizeLine(msg.sig.Name), msg.sig.Party)))
	case pairJumpMsg:
		h := msg.hit
		sec := map[model.HitKind]string{
			model.HitPlan: "agreement", model.HitGoal: "goals", model.HitFollowUp: "follow-ups",
			model.HitRoadmap: "roadmap", model.HitSession: "reflections",
		}[h.Kind]
		if at, ok := s.anchors[sec]; ok {
			s.pg.to(at)
		}
		if !pairShows(s.full, h) {
			part, field := h.Where()
			where := part + " · " + field
			if h.Date != "" {
				where += " of " + h.Date
			}
			return s, status("Pair view does not show that match (" + where + "): open it after pair view ends, from the relationship.")
		}
		return s, nil
	case reloadMsg, fullLoadedMsg, writtenMsg, tea.KeyPressMsg:
		return s, s.update(s, msg)
	}
	if s.signing {
		var cmd tea.Cmd
		s.signer.input, cmd = s.signer.input.Update(msg)
		return s, cmd
	}
	return s, nil
}

func (s *pairScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.signing {
		switch {
		case key.Matches(msg, k.Cancel):
			s.signing = false
			s.pg.setHeight(s.bodyHeight())
			return nil
		case key.Matches(msg, k.Confirm):
			return s.sign()
		}
		var cmd tea.Cmd
		s.signer.input, cmd = s.signer.input.Update(msg)
		s.signer.err = ""
		return cmd
	}
	if s.pg.move(k.lk, msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Search):
		return s.d.push(newSearch(s.d, s.full.Rel.ID))
	case key.Matches(msg, k.Health):
		return s.d.push(newHealthScreen(s.d, s.full))
	case key.Matches(msg, k.MentorSigns, k.MenteeSigns):
		if readOnly(s.full) {
			return status(errReadOnlyText)
		}
		if s.full.Plan.Foundation.Empty() { // said before a name is typed, not after
			return fail(errors.New("nothing to sign yet: write the agreement first (0 on the relationship)"))
		}
		party := model.RoleMentor
		if key.Matches(msg, k.MenteeSigns) {
			party = model.RoleMentee
		}
		s.signer = newSigner(s.d.styles, party)
		s.signing = true
		s.pg.setHeight(s.bodyHeight())
		// Show the agreement while signing.
		if at, ok := s.anchors["agreement"]; ok {
			s.pg.to(at)
		}
		return s.signer.input.Focus()
	}
	return nil

}

// sign signs with the typed name. A name that is not the party's name in
// the relationship is asked about first: a signature is a person's word.
func (s *pairScreen) sign() tea.Cmd {
	name := strings.TrimSpace(s.signer.input.Value())
	if name == "" {
		s.signer.err = "type your name to sign"
		return nil
	}
	party := s.signer.party
	cmd := func() tea.Cmd { return signAgreement(s.d.j, s, s.full.Rel.ID, party, name, s.d.now()) }
	if want := s.full.Rel.NameOf(party); !model.SameName(name, want) {
		return s.d.ask(fmt.Sprintf("%s is not the %s's name here (%s). Sign with it anyway?",
			model.Quote(name), party, model.SanitizeLine(want)), cmd)
	}
	return cmd()
}

func (s *pairScreen) View() string {
	st := s.d.styles
	w := max(40, s.width)
	f := s.full
	who := fmt.Sprintf(" · %s & %s", partyName(f.Rel, model.RoleMentor), partyName(f.Rel, model.RoleMentee))
	banner := st.Pair.Render(pairBanner) + st.Muted.Render(cut(who, max(0, w-cells().StringWidth(st.Pair.Render(pairBanner)))))
	out := []string{banner, ""}
	out = append(out, s.pg.view()...)
	if s.signing {
		out = append(out, "")
		out = append(out, strings.Split(s.signer.view(st, f, w), "\n")...)
	}
	return strings.Join(fitLines(out, max(1, s.height)), "\n")
}

func (s *pairScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.signing {
		return []key.Binding{k.Confirm, k.Cancel}
	}
	if readOnly(s.full) {
		return []key.Binding{k.lk.Down, k.lk.Up, k.Search}
	}
	return []key.Binding{k.lk.Down, k.MentorSigns, k.MenteeSigns, k.Health, k.Search}
}

func (s *pairScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.signing {
		return [][]key.Binding{{k.Confirm, k.Cancel}}
	}
	nav := k.lk.bindings()
	if readOnly(s.full) {
		return [][]key.Binding{nav, {k.Search}}
	}
	return [][]key.Binding{nav, {k.MentorSigns, k.MenteeSigns, k.Health, k.Search}}
}
