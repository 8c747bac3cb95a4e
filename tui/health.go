package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func init() {
	registerPart(part{Order: 40, Key: "h", Title: "Health check", Open: func(d deps, f model.Full) screen {
		return newHealthScreen(d, f)
	}})
}

// healthDue reports whether a health check should be suggested, as the
// dashboard and due do (model.HealthNudge), and why (model.HealthDueWhy),
// from the relationship's summary s. The relationship and health screens
// show it.
func healthDue(s model.Summary) (why string, due bool) {
	if !model.HealthNudge(s) {
		return "", false
	}
	return model.HealthDueWhy(s), true
}

// sparkBars draws ratings from 1 to 5; 0 (not rated) is a dot.
var sparkBars = []rune("▁▃▄▆█")

// sparkline draws one party's ratings of a quality over its checks, oldest
// first, keeping the newest width of them.
func sparkline(vals []int, width int) string {
	if len(vals) > width {
		vals = vals[len(vals)-width:]
	}
	var b strings.Builder
	for _, v := range vals {
		if v < 1 || v > 5 {
			b.WriteRune('·')
			continue
		}
		b.WriteRune(sparkBars[v-1])
	}
	return b.String()
}

// healthScreen shows the trend of each quality per party and lets either
// party rate the relationship.
type healthScreen struct {
	partState
	sum    model.Summary // of the relationship as read (build)
	keys   healthKeys
	width  int
	height int

	rating  bool // a party is rating
	party   model.Role
	values  map[model.Quality]int
	row     int // 0..7 qualities, 8 comment
	comment textinput.Model
	err     string
}

type healthKeys struct {
	Mentor, Mentee, Up, Down, Top, Bottom, Lower, Higher, Set, Clear, Save, Cancel key.Binding
}

func newHealthKeys() healthKeys {
	lk := newListKeys()
	lk.Top.SetHelp("home", "first quality")
	lk.Bottom.SetHelp("end", "last quality")
	return healthKeys{
		Mentor: keyMentor("mentor rates"),
		Mentee: keyMentee("mentee rates"),
		Up:     key.NewBinding(key.WithKeys(append(lk.Up.Keys(), "shift+tab")...), key.WithHelp("↑/k", "previous")),
		Down:   key.NewBinding(key.WithKeys(append(lk.Down.Keys(), "tab")...), key.WithHelp("↓/j", "next")),
		Top:    lk.Top,
		Bottom: lk.Bottom,
		Lower:  bind("lower", "left"),
		Higher: bind("higher", "right"),
		Set:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1-5", "rate")),
		Clear:  key.NewBinding(key.WithKeys("0", "delete"), key.WithHelp("0", "not rated")),
		Save:   keySave("save the check"),
		Cancel: keyCancel("cancel"),
	}
}

func newHealthScreen(d deps, f model.Full) *healthScreen {
	c := d.styles.input("", "optional: what is going well, what could be better", 2000)
	s := &healthScreen{partState: partState{d: d, full: f}, keys: newHealthKeys(), comment: c, width: 80, height: 20}
	s.build()
	return s
}

func (s *healthScreen) Init() tea.Cmd      { return nil }
func (s *healthScreen) Title() string      { return "Health check" }
func (s *healthScreen) inPairView() bool   { return s.d.pair }
func (s *healthScreen) scopeRel() model.ID { return s.full.Rel.ID }

// ownsSlash: in pair view the app's search (which could reach other
// relationships and private notes) is not offered here.
func (s *healthScreen) ownsSlash() bool { return s.d.pair }

// Capturing: while rating, the comment takes every key; on the rows of
// ratings q, ? and / do what they do everywhere, and esc stops rating.
func (s *healthScreen) Capturing() bool {
	return s.rating && s.row == len(model.Qualities)
}
func (s *healthScreen) ownsEsc() bool { return s.rating }
func (s *healthScreen) Dirty() bool {
	return s.rating && (len(s.values) > 0 || s.comment.Value() != "")
}
func (s *healthScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.comment.SetWidth(max(10, w-14))
}

func (s *healthScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case writtenMsg:
		if msg.err != nil {
			s.err = "not saved: " + model.SanitizeLine(msg.err.Error())
		} else {
			s.rating = false
			s.comment.Blur()
		}
		return s, s.update(s, msg)
	case reloadMsg, fullLoadedMsg, tea.KeyPressMsg:
		return s, s.update(s, msg)
	}
	if s.rating && s.row == len(model.Qualities) {
		var cmd tea.Cmd
		s.comment, cmd = s.comment.Update(msg)
		return s, cmd
	}
	return s, nil
}

// build summarizes the relationship once as read, not at every frame:
// the health screen draws from it as it is.
func (s *healthScreen) build() { s.sum = model.Summarize(s.full) }

func (s *healthScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if s.rating {
		return s.updateRating(msg)
	}
	k := s.keys
	if key.Matches(msg, k.Mentor, k.Mentee) {
		if readOnly(s.full) {
			return status(errReadOnlyText)
		}
		s.rating = true
		s.party = model.RoleMentor
		if key.Matches(msg, k.Mentee) {
			s.party = model.RoleMentee
		}
		s.values = map[model.Quality]int{}
		s.row = 0
		s.err = ""
		s.comment.SetValue("")
	}
	return nil
}

func (s *healthScreen) updateRating(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	nq := len(model.Qualities)
	switch {
	case key.Matches(msg, k.Cancel):
		stop := func() tea.Cmd {
			s.rating = false
			s.comment.Blur()
			s.err = ""
			return nil
		}
		if s.Dirty() {
			return s.d.ask("Discard this health check?", stop)
		}
		return stop()
	case key.Matches(msg, k.Save):
		return s.save()
	case s.row == nq && (msg.String() == "j" || msg.String() == "k"):
		// Letters of the comment, not moves.
	case key.Matches(msg, k.Up):
		return s.moveTo(s.row - 1)
	case key.Matches(msg, k.Down):
		return s.moveTo(s.row + 1)
	case key.Matches(msg, k.Top, k.Bottom) && s.row < nq: // in the comment they move its cursor
		if key.Matches(msg, k.Top) {
			return s.moveTo(0)
		}
		return s.moveTo(nq - 1)
	case msg.String() == "enter":
		if s.row == nq {
			return s.save()
		}
		return s.moveTo(s.row + 1)
	}
	if s.row == nq {
		var cmd tea.Cmd
		s.comment, cmd = s.comment.Update(msg)
		return cmd
	}
	q := model.Qualities[s.row]
	switch {
	case key.Matches(msg, k.Set):
		s.values[q] = int(msg.Code - '0')
		s.err = ""
		return s.moveTo(s.row + 1)
	case key.Matches(msg, k.Clear):
		delete(s.values, q)
	case key.Matches(msg, k.Lower):
		if v := s.values[q]; v > 1 {
			s.values[q] = v - 1
		} else if v == 0 {
			s.values[q] = 1
		}
	case key.Matches(msg, k.Higher):
		if v := s.values[q]; v < 5 {
			s.values[q] = v + 1
		}
	}
	return nil
}

func (s *healthScreen) moveTo(row int) tea.Cmd {
	s.row = min(max(0, row), len(model.Qualities))
	if s.row == len(model.Qualities) {
		return s.comment.Focus()
	}
	s.comment.Blur()
	return nil
}

func (s *healthScreen) save() tea.Cmd {
	now := s.d.now()
	h := model.HealthCheck{
		ID: model.NewID(now), RelID: s.full.Rel.ID, Date: s.d.today(), Party: s.party,
		Ratings: map[model.Quality]int{}, Comment: strings.TrimSpace(s.comment.Value()), Created: now.UTC(),
	}
	for q, v := range s.values {
		h.Ratings[q] = v
	}
	if err := h.Validate(); err != nil {
		s.err = err.Error()
		return nil
	}
	j := s.d.j
	return write(s, "Health check by the "+string(s.party)+" saved",
		func(ctx context.Context) error { return j.SaveHealthCheck(ctx, h) })
}

// series returns one party's ratings of q over the checks, oldest first.
func healthSeries(checks []model.HealthCheck, party model.Role, q model.Quality) []int {
	var out []int
	for _, h := range checks {
		if h.Party == party {
			out = append(out, h.Ratings[q])
		}
	}
	return out
}

func latestCheck(checks []model.HealthCheck, party model.Role) (model.HealthCheck, bool) {
	for i := len(checks) - 1; i >= 0; i-- {
		if checks[i].Party == party {
			return checks[i], true
		}
	}
	return model.HealthCheck{}, false
}

func (s *healthScreen) View() string {
	if s.rating {
		return s.viewRating()
	}
	return strings.Join(fitLines(healthLines(s.d.styles, s.full, s.sum, s.width), s.height), "\n")
}

// healthLines renders the trend table of f, whose summary is sum: each
// quality, each party's sparkline and latest rating side by side. Pair
// view shows it too.
func healthLines(st *Styles, f model.Full, sum model.Summary, width int) []string {
	w := max(40, width)
	var out []string
	n := len(f.Health)
	head := st.Title.Render("Health of the relationship") + "  " + st.Muted.Render(model.Plural(n, "check"))
	out = append(out, head)
	if why, due := healthDue(sum); due {
		out = appendWrapped(out, st.Warn, fmt.Sprintf("A check is due (%s). m: mentor rates · M: mentee rates", why), w)
	} else {
		out = appendWrapped(out, st.Muted, "Rate 1 (poor) to 5 (strong). m: the mentor rates · M: the mentee rates", w)
	}
	out = append(out, "")
	if n == 0 {
		return appendWrapped(out, st.Muted, "No checks yet. A check every few sessions shows how the relationship is going, from both sides.", w)
	}
	spark := max(5, min(16, (w-26-2*8)/2))
	col := spark + 8
	out = append(out, st.Label.Render(cut(padRight("Quality", 24)+padRight(one(partyName(f.Rel, model.RoleMentor), col-1), col)+partyName(f.Rel, model.RoleMentee), w)))
	lm, okm := latestCheck(f.Health, model.RoleMentor)
	le, oke := latestCheck(f.Health, model.RoleMentee)
	for _, q := range model.Qualities {
		cell := func(ok bool, h model.HealthCheck, party model.Role) string {
			sl := sparkline(healthSeries(f.Health, party, q), spark)
			v := "–"
			if ok && h.Ratings[q] > 0 {
				v = fmt.Sprintf("%d", h.Ratings[q])
			}
			return padRight(st.Accent.Render(sl), spark+1) + " " + padRight(v, col-spark-2)
		}
		line := padRight(q.Label(), 24) + cell(okm, lm, model.RoleMentor) + cell(oke, le, model.RoleMentee)
		if okm && oke && lm.Ratings[q] > 0 && le.Ratings[q] > 0 {
			if d := lm.Ratings[q] - le.Ratings[q]; d >= 2 || d <= -2 {
				line += st.Warn.Render(" talk about it")
			}
		}
		out = append(out, cut(line, w))
	}
	out = append(out, "")
	out = append(out, st.Subtitle.Render("Checks"))
	for i := n - 1; i >= 0 && i >= n-6; i-- {
		h := f.Health[i]
		sum, cnt := 0, 0
		for _, v := range h.Ratings {
			sum += v
			cnt++
		}
		avg := ""
		if cnt > 0 {
			avg = fmt.Sprintf("avg %.1f", float64(sum)/float64(cnt))
		}
		line := model.FormatDate(h.Date) + "  " + padRight(string(h.Party), 7) + "  " + padRight(avg, 8)
		if c := strings.TrimSpace(h.Comment); c != "" {
			line += "  " + model.SanitizeLine(c)
		}
		out = append(out, cut(line, w))
	}
	return out
}

func (s *healthScreen) viewRating() string {
	st := s.d.styles
	w := max(40, s.width)
	out := []string{
		st.Title.Render("Health check by " + partyName(s.full.Rel, s.party)),
		st.Muted.Render(cut("1 poor · 5 strong. Digits rate and move on · ←/→ adjust · 0 unrated", w)),
		"",
	}
	for i, q := range model.Qualities {
		mark := "  "
		if i == s.row {
			mark = st.Selected.Render("▸") + " "
		}
		v := s.values[q]
		var dots strings.Builder
		for n := 1; n <= 5; n++ {
			if n <= v {
				dots.WriteString(st.BarFull.Render("●"))
			} else {
				dots.WriteString(st.BarEmpty.Render("○"))
			}
			dots.WriteByte(' ')
		}
		val := st.Muted.Render("not rated")
		if v > 0 {
			val = fmt.Sprintf("%d", v)
		}
		out = append(out, mark+padRight(q.Label(), 24)+dots.String()+" "+val)
	}
	mark := "  "
	if s.row == len(model.Qualities) {
		mark = st.Selected.Render("▸") + " "
	}
	out = append(out, "", mark+st.Label.Render("Comment: ")+inputView(s.comment))
	if s.err != "" {
		out = append(out, st.Error.Render(cut(s.err, w)))
	} else {
		out = append(out, st.Muted.Render("ctrl+s save · esc cancel"))
	}
	return strings.Join(fitLines(out, s.height), "\n")
}

func (s *healthScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.rating && s.row == len(model.Qualities) { // the comment takes letters and digits
		return []key.Binding{k.Save, k.Up, k.Cancel}
	}
	if s.rating {
		return []key.Binding{k.Set, k.Lower, k.Higher, k.Save, k.Cancel}
	}
	if readOnly(s.full) {
		return nil
	}
	return []key.Binding{k.Mentor, k.Mentee}
}

func (s *healthScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.rating {
		return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Set, k.Lower, k.Higher, k.Clear}, {k.Save, k.Cancel}}
	}
	if readOnly(s.full) {
		return nil
	}
	return [][]key.Binding{{k.Mentor, k.Mentee}}
}

// The health check's draft: the ratings and comment of a check being made.
func (s *healthScreen) draftKey() string {
	if readOnly(s.full) {
		return ""
	}
	return "health/" + string(s.full.Rel.ID)
}

func (s *healthScreen) draftFields() map[string]string {
	if !s.rating {
		return nil
	}
	out := map[string]string{"party": string(s.party), "comment": s.comment.Value(), "row": strconv.Itoa(s.row)}
	for q, v := range s.values {
		out["q/"+string(q)] = strconv.Itoa(v)
	}
	return out
}

func (s *healthScreen) restoreDraft(fields map[string]string) {
	s.rating = true
	s.party = model.Role(fields["party"])
	if !s.party.ValidParty() {
		s.party = model.RoleMentor
	}
	s.values = map[model.Quality]int{}
	for _, q := range model.Qualities {
		if v, err := strconv.Atoi(fields["q/"+string(q)]); err == nil && v >= 1 && v <= 5 {
			s.values[q] = v
		}
	}
	s.comment.SetValue(model.SanitizeLine(fields["comment"]))
	// Back on the row it was left on (a draft of before had none: the top).
	row, _ := strconv.Atoi(fields["row"])
	s.moveTo(row)
}
