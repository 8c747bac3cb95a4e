package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

func init() {
	newSearchScreen = func(d deps, relID model.ID) screen { return newSearch(d, relID) }
}

// searchDebounce is how long typing must pause before a search runs.
const searchDebounce = 80 * time.Millisecond

// searchScreen searches every text of the journal as the user types.
// Keystrokes only edit the query and start a short timer; the search runs
// in a command when the timer of the newest keystroke fires, and results
// of older queries are dropped.
type searchScreen struct {
	d     deps
	relID model.ID // only this relationship ("" = the whole journal)
	// here is the relationship search was opened from; tab narrows the
	// search to it and back. Pair view is always narrowed.
	here  model.ID
	input textinput.Model
	keys  searchKeys

	seq       uint64 // bumped on every change of the query
	query     string // the query of the shown hits
	searching bool
	err       error
	hits      []model.Hit

	// heads are the group headings and lines the rendered hits, rebuilt
	// only when the hits or the width change; list shows them.
	heads  []string // the heading above hit i, or ""
	lines  []string
	list   rowList
	groups int
	more   bool // more hits were found than the screen lists

	width  int
	height int
}

type searchKeys struct {
	lk                listKeys // the arrows and page keys only: letters are typed
	Open, Back, Scope key.Binding
}

func newSearchKeys() searchKeys {
	lk := typingListKeys()
	lk.Top.SetEnabled(false) // home and end move in the query
	lk.Bottom.SetEnabled(false)
	return searchKeys{
		lk:    lk,
		Open:  keyOpen("go to the hit"),
		Back:  keyCancel("close search"),
		Scope: bind("this relationship / whole journal", "tab"),
	}
}

// searchTickMsg fires when typing paused; seq names the query it is for.
type searchTickMsg struct {
	screen *searchScreen
	seq    uint64
}

// searchResultMsg carries the hits of one query.
type searchResultMsg struct {
	screen *searchScreen
	seq    uint64
	query  string
	hits   []model.Hit
	err    error
}

func newSearch(d deps, relID model.ID) *searchScreen {
	in := d.styles.input("Search: ", "type a word from any note, goal, reflection or follow-up", 200)
	in.Focus()
	s := &searchScreen{d: d, input: in, keys: newSearchKeys(), width: 80, height: 20}
	if d.pair {
		// Two people at one screen: never another relationship.
		s.relID = relID
	} else {
		// `/` searches the whole journal; tab narrows it to the
		// relationship it was opened from.
		s.here = relID
	}
	s.keys.Scope.SetEnabled(s.here != "")
	return s
}

func (s *searchScreen) Init() tea.Cmd { return nil }

func (s *searchScreen) Title() string {
	if s.d.pair {
		return "Search (pair view)"
	}
	return "Search"
}

func (s *searchScreen) Capturing() bool  { return true }
func (s *searchScreen) inPairView() bool { return s.d.pair }
func (s *searchScreen) Dirty() bool      { return false }

func (s *searchScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.input.SetWidth(max(10, w-len(s.input.Prompt)-2))
		s.width = w
		s.buildRows()
	}
	s.height = h
	s.list.setHeight(s.listHeight())
}

// options are the search options of this screen; pair view never sees
// private fields or another relationship.
func (s *searchScreen) options() model.SearchOptions {
	return model.SearchOptions{RelID: s.relID, NoPrivate: s.d.pair, Limit: searchShown + 1}
}

// searchShown is how many hits the screen lists; one more is asked for,
// to say when there are more.
const searchShown = 500

// typed gives a key or a paste to the query, and searches again if it
// changed.
func (s *searchScreen) typed(msg tea.Msg) tea.Cmd {
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() == before {
		return cmd
	}
	return tea.Batch(cmd, s.changed())
}

func (s *searchScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Back):
			return s, s.d.pop(false)
		case key.Matches(msg, s.keys.Scope):
			if s.relID == "" {
				s.relID = s.here
			} else {
				s.relID = ""
			}
			return s, s.changed()
		case s.list.move(s.keys.lk, msg):
			return s, nil
		case key.Matches(msg, s.keys.Open):
			return s, s.open()
		}
		return s, s.typed(msg)
	case tea.PasteMsg:
		return s, s.typed(msg)
	case searchTickMsg:
		if msg.screen != s || msg.seq != s.seq {
			return s, nil // typing went on: a newer tick is coming
		}
		return s, runSearch(s, s.d.j, msg.seq, strings.TrimSpace(s.input.Value()), s.options())
	case searchResultMsg:
		if msg.screen != s || msg.seq != s.seq {
			return s, nil // stale: the query changed since
		}
		again, at := msg.query == s.query && s.err == nil, s.list.cursor
		s.searching = false
		s.err = msg.err
		s.query = msg.query
		hits := s.allowed(msg.hits)
		s.more = len(hits) > searchShown
		s.setHits(hits[:min(len(hits), searchShown)])
		if again && len(s.hits) > 0 { // found again: the cursor stays on its row
			s.list.selectRow(min(at, len(s.hits)-1))
		}
		return s, nil
	case reloadMsg:
		// Back from a hit, perhaps edited or deleted there: the query is
		// run again, so no hit shows what is no longer there.
		if q := strings.TrimSpace(s.input.Value()); q != "" {
			s.seq++
			return s, runSearch(s, s.d.j, s.seq, q, s.options())
		}
		return s, nil
	case openMsg:
		return s, msg.push(s.d)
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return s, cmd
}

// changed starts the debounce timer for the query just typed.
func (s *searchScreen) changed() tea.Cmd {
	s.seq++
	q := strings.TrimSpace(s.input.Value())
	if q == "" {
		s.searching = false
		s.err = nil
		s.query = ""
		s.more = false
		s.setHits(nil)
		return nil
	}
	s.searching = true
	seq, me := s.seq, s
	return tea.Tick(searchDebounce, func(time.Time) tea.Msg { return searchTickMsg{screen: me, seq: seq} })
}

// runSearch asks the journal; it captures values, never the screen's state.
func runSearch(me *searchScreen, j Journal, seq uint64, q string, opt model.SearchOptions) tea.Cmd {
	return func() tea.Msg {
		hits, err := j.Search(context.Background(), q, opt)
		return searchResultMsg{screen: me, seq: seq, query: q, hits: hits, err: err}
	}
}

// allowed drops what this screen may not show, whatever the journal
// returned: in pair view, private fields and other relationships.
func (s *searchScreen) allowed(hits []model.Hit) []model.Hit {
	if !s.d.pair && s.relID == "" {
		return hits
	}
	out := hits[:0:0]
	for _, h := range hits {
		if s.relID != "" && h.RelID != s.relID {
			continue
		}
		if s.d.pair && h.Private {
			continue
		}
		out = append(out, h)
	}
	return out
}

// setHits groups the hits by relationship, keeping the order in which each
// relationship first appears, and rebuilds the rows.
func (s *searchScreen) setHits(hits []model.Hit) {
	order := []model.ID{}
	by := map[model.ID][]model.Hit{}
	for _, h := range hits {
		if _, ok := by[h.RelID]; !ok {
			order = append(order, h.RelID)
		}
		by[h.RelID] = append(by[h.RelID], h)
	}
	s.hits = make([]model.Hit, 0, len(hits))
	for _, id := range order {
		s.hits = append(s.hits, by[id]...)
	}
	s.groups = len(order)
	s.list.cursor, s.list.offset = 0, 0
	s.buildRows()
}

// The widths of the part, field and date columns: at most these, and
// narrower on a narrow terminal, so the matching line keeps room.
const (
	searchPartW  = 16
	searchFieldW = 24
	searchDateW  = 11
)

func (s *searchScreen) buildRows() {
	st := s.d.styles
	s.heads = make([]string, len(s.hits))
	s.lines = make([]string, len(s.hits))
	var group model.ID
	w := max(20, s.width)
	partW, fieldW := min(searchPartW, w/6), min(searchFieldW, w/4)
	for i, h := range s.hits {
		if i == 0 || h.RelID != group {
			group = h.RelID
			n := 0
			for _, x := range s.hits[i:] {
				if x.RelID != group {
					break
				}
				n++
			}
			head := fmt.Sprintf("── %s · %d", one(h.With, w/2), n)
			if s.d.pair {
				head = fmt.Sprintf("── %d in this relationship", n)
			}
			s.heads[i] = st.Subtitle.Render(cut(head, w))
		}
		part, field := h.Where()
		cols := padRight(one(part, partW-1), partW) +
			padRight(one(field, fieldW-1), fieldW) +
			padRight(one(h.Date, searchDateW-1), searchDateW)
		room := w - 2 - cells().StringWidth(cols)
		s.lines[i] = st.Muted.Render(cols) + s.snippet(h, room)
	}
	s.list.setRows(len(s.hits), func(i int, selected bool) []string {
		line := "  " + s.lines[i]
		if selected {
			line = s.d.styles.Selected.Render("▸ ") + s.lines[i]
		}
		if s.heads[i] != "" {
			return []string{s.heads[i], line}
		}
		return []string{line}
	})
}

// snippet shows the hit's line with the match marked, cut to width cells so
// that the match stays in view.
func (s *searchScreen) snippet(h model.Hit, width int) string {
	line := h.Line
	start, end := h.Start, h.End
	if start < 0 || end > len(line) || start > end {
		start, end = 0, 0
	}
	pre := model.SanitizeLine(line[:start])
	match := model.SanitizeLine(line[start:end])
	post := model.SanitizeLine(line[end:])
	if width < 8 {
		return ""
	}
	if cells().StringWidth(pre)+cells().StringWidth(match)+cells().StringWidth(post) <= width {
		return s.d.styles.Text.Render(pre) + s.d.styles.Match.Render(match) + s.d.styles.Text.Render(post)
	}
	mw := cells().StringWidth(match)
	if mw > width-2 {
		match = truncate(match, width-2, "…")
		mw = cells().StringWidth(match)
	}
	// Keep up to a third of the room before the match, or all that the
	// rest of the line leaves.
	before := min(cells().StringWidth(pre), max(0, (width-mw)/3, width-mw-cells().StringWidth(post)))
	if pw := cells().StringWidth(pre); pw > before {
		pre = cells().TruncateLeft(pre, pw-before+1, "…")
	}
	rest := width - cells().StringWidth(pre) - mw
	post = cut(post, max(0, rest))
	return s.d.styles.Text.Render(pre) + s.d.styles.Match.Render(match) + s.d.styles.Text.Render(post)
}

// searchHead is the number of lines above the result list.
const searchHead = 3

func (s *searchScreen) listHeight() int { return max(1, s.height-searchHead) }

// open goes to the selected hit.
func (s *searchScreen) open() tea.Cmd {
	if len(s.hits) == 0 {
		return nil
	}
	h := s.hits[s.list.cursor]
	if s.d.pair {
		// Pair view shows everything shareable on one screen: go back to
		// it, at the section of the hit.
		s.d.pop(false)
		return func() tea.Msg { return pairJumpMsg{hit: h} }
	}
	d := s.d
	return readToOpen(d, s, h.RelID, model.WindowFor(h, historyPage), model.SanitizeLine(h.With), func(f model.Full) screen {
		if p := hitScreen(d, f, h); p != nil {
			return p
		}
		return newRelationshipScreen(d, f.Rel.ID)
	})
}

// focuser is a screen that can put the cursor on the field of a hit, at
// the match.
type focuser interface{ focusHit(h model.Hit) tea.Cmd }

// hitScreen is the screen that shows the record of a hit, with the cursor
// on the field that matched, or nil for the relationship itself. It opens
// on top of the results, so esc comes back to them.
func hitScreen(d deps, f model.Full, h model.Hit) screen {
	sc := hitPart(d, f, h)
	if fo, ok := sc.(focuser); ok {
		fo.focusHit(h)
	}
	return sc
}

func hitPart(d deps, f model.Full, h model.Hit) screen {
	switch h.Kind {
	case model.HitSession:
		if fl := sessionFlowOf(d, f, h.RecordID); fl != nil {
			return fl
		}
		return newSessionsScreen(d, f)
	case model.HitFollowUp:
		fs := newFollowUpsScreen(d, f)
		fs.selectID(h.RecordID)
		return fs
	case model.HitHealth:
		return newHealthScreen(d, f)
	case model.HitGoal:
		for _, g := range f.Goals {
			if g.ID == h.RecordID {
				if strings.HasPrefix(h.Field, "progress") {
					return newProgressScreen(d, f, g.ID)
				}
				return newGoalForm(d, f, &g)
			}
		}
		return openPart(d, f, "g")
	case model.HitRoadmap:
		rs := newRoadmapScreen(d, f)
		rs.selectID(h.RecordID)
		return rs
	case model.HitPlan:
		if h.Layer < 0 {
			return newClosureScreen(d, f)
		}
		return newLayerEditor(d, f, h.Layer)
	case model.HitRelationship:
		if h.Field == "private_notes" { // the person's own notes: where they are written
			r := f.Rel
			return newRelationshipForm(d, &r, nil)
		}
	}
	return nil // a name: the relationship itself
}

// openPart opens a registered part of the relationship by its key.
func openPart(d deps, f model.Full, k string) screen {
	for _, p := range parts {
		if p.Key == k {
			return p.Open(d, f)
		}
	}
	return nil
}

func (s *searchScreen) View() string {
	st := s.d.styles
	var b strings.Builder
	scope := "the whole journal"
	if s.d.pair {
		scope = "this relationship, private notes left out"
	} else if s.relID != "" {
		scope = "this relationship"
	}
	b.WriteString(inputView(s.input))
	b.WriteByte('\n')
	var info string
	q := strings.TrimSpace(s.input.Value())
	switch {
	case s.err != nil:
		info = st.Error.Render(cut("search failed: "+model.SanitizeLine(s.err.Error()), s.width))
	case q == "":
		info = st.Muted.Render(cut("Searching "+scope+". Type to search; results update as you type.", s.width))
	case model.OnlyAccents(q):
		info = st.Muted.Render(cut("A search sets accents aside: type a letter with it.", s.width))
	case s.searching && s.query != q:
		info = st.Muted.Render("searching…")
	case len(s.hits) == 0:
		info = st.Muted.Render(cut(fmt.Sprintf("no match for %s in %s", model.Quote(one(q, 40)), scope), s.width))
	default:
		n := model.Plural(len(s.hits), "match")
		if s.more {
			n = fmt.Sprintf("the first %d matches", len(s.hits))
		}
		if !s.d.pair && s.relID == "" {
			n += " in " + model.Plural(s.groups, "relationship")
		}
		info = st.Muted.Render(cut(n+" — ↑/↓ choose, enter go there", s.width))
	}
	b.WriteString(info)
	b.WriteString("\n\n")
	b.WriteString(s.list.view())
	return b.String()
}

func (s *searchScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.lk.Up, k.lk.Down, k.Open, k.Scope, k.Back}
}

func (s *searchScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.lk.Up, k.lk.Down, k.lk.PageUp, k.lk.PageDown}, {k.Open, k.Scope, k.Back}}
}
