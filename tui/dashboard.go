package tui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mentorlog/model"
)

// dashboard lists every relationship of the journal. Rows are rendered
// once when the data or the width changes; a keystroke only moves the
// cursor and joins the visible rows.
type dashboard struct {
	d    deps
	keys dashKeys
	lk   listKeys

	sums []model.Summary // sorted for display
	rows []dashRow       // rendered, one per summary

	visible []int   // indexes into sums: archive toggle and filter applied
	list    rowList // over visible

	loaded    bool
	encrypted bool    // the journal is encrypted (from the last load)
	first     tea.Cmd // the first load, started early (preload)
	req       uint64
	err       error
	selectID  model.ID // select this relationship after the next load

	showArchived bool
	archived     int // how many are archived
	filter       textinput.Model
	filtering    bool

	width, height int
}

type dashRow struct {
	drawn                  bool // the lines below are drawn (dashboard.row)
	line1, line1Sel, line2 string
	match                  string // the names as the filter compares them (model.FoldName)
}

type dashKeys struct {
	Open, New, Edit, Archive, Delete, ShowArchived, Filter, ClearFilter, Search key.Binding
	FilterDone, Encrypt                                                         key.Binding
}

func newDashKeys() dashKeys {
	return dashKeys{
		Open:         keyOpen("open"),
		New:          keyNew("new"),
		Edit:         keyEdit("edit"),
		Archive:      bind("archive", "a"),
		Delete:       keyDelete("erase for good"),
		ShowArchived: bind("show archived", "A"),
		Filter:       bind("filter names", "F"),
		ClearFilter:  keyCancel("clear filter"),
		Search:       bind("search everything", "/"),
		FilterDone:   keyOpen("keep filter"),
		Encrypt:      keyPassphrase(),
	}
}

// dashLoadedMsg carries the summaries of one load.
type dashLoadedMsg struct {
	s         *dashboard
	req       uint64
	sums      []model.Summary
	encrypted bool
	err       error
}

func (m dashLoadedMsg) to() screen { return m.s }

func newDashboard(d deps) *dashboard {
	in := d.styles.input("Filter: ", "part of a name", model.MaxName)
	return &dashboard{d: d, keys: newDashKeys(), lk: newListKeys(), filter: in, width: 80, height: 20}
}

func (s *dashboard) Init() tea.Cmd {
	if c := s.first; c != nil {
		s.first = nil
		return c
	}
	return s.load()
}

// preload starts the first load at once, so that at start-up the journal
// is read while Bubble Tea sets up the terminal; Init hands it over.
func (s *dashboard) preload() {
	load, got := s.load(), make(chan tea.Msg, 1)
	go func() { got <- load() }()
	s.first = func() tea.Msg { return <-got }
}

func (s *dashboard) load() tea.Cmd {
	s.req = newReqID()
	j, req, me := s.d.j, s.req, s
	return func() tea.Msg {
		sums, err := j.ListSummaries(context.Background())
		return dashLoadedMsg{s: me, req: req, sums: sums, encrypted: j.Encrypted(), err: err}
	}
}

func (s *dashboard) Title() string   { return "Relationships" }
func (s *dashboard) Capturing() bool { return s.filtering }
func (s *dashboard) Dirty() bool     { return false }
func (s *dashboard) ownsSlash() bool { return true }

func (s *dashboard) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.filter.SetWidth(max(10, w-12))
		s.buildRows()
	}
	s.height = h
	s.scroll()
}

// scroll fits the list below the count line (and the filter).
func (s *dashboard) scroll() {
	h := s.height - 2 // the count line and a blank line
	if s.filtering || s.filter.Value() != "" {
		h--
	}
	s.list.setHeight(max(2, h))
}

func (s *dashboard) selected() (model.Summary, bool) {
	c := s.list.cursor
	if c < 0 || c >= len(s.visible) || s.visible[c] >= len(s.sums) {
		return model.Summary{}, false
	}
	return s.sums[s.visible[c]], true
}

// sortSummaries orders the dashboard: active first, then paused, closed
// and archived; within each, the next meeting soonest (latest late first),
// then by name.
func sortSummaries(sums []model.Summary) {
	rank := func(s *model.Summary) int {
		switch {
		case s.Rel.Archived:
			return 3
		case s.Rel.Status == model.StatusPaused:
			return 1
		case s.Rel.Status == model.StatusClosed:
			return 2
		}
		return 0
	}
	// Sorted as small keys, then put in their order once: a summary is
	// too big to move at every step of a sort of a thousand.
	type key struct {
		rank int
		next int64
		name string
		at   int
	}
	keys := make([]key, len(sums))
	for i := range sums {
		s := &sums[i]
		k := key{rank: rank(s), next: 1 << 62, name: model.FoldName(s.Rel.Other()), at: i}
		if t := model.NextMeeting(*s); !t.IsZero() {
			k.next = t.Unix()
		}
		keys[i] = k
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(a.next, b.next); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	sorted := make([]model.Summary, len(sums))
	for i, k := range keys {
		sorted[i] = sums[k.at]
	}
	copy(sums, sorted)
}

// buildRows renders every row for the current width.
// buildRows readies a row per relationship: the names the filter matches
// now, the lines when the row is first shown (row), so that a journal of a
// thousand relationships opens as fast as one of ten.
func (s *dashboard) buildRows() {
	s.rows = make([]dashRow, len(s.sums))
	for i, sum := range s.sums {
		s.rows[i].match = model.PairNames(sum.Rel)
	}
	s.applyFilter()
}

// row returns row i, drawing it the first time.
func (s *dashboard) row(i int) dashRow {
	if s.rows[i].drawn {
		return s.rows[i]
	}
	st := s.d.styles
	today := s.d.today()
	w := max(20, s.width)
	sum := s.sums[i]
	r := sum.Rel
	name := model.SanitizeLine(r.Other())
	role := "you: " + string(r.OwnerRole)
	layer := fmt.Sprintf("layer %d %s", int(r.Layer), r.Layer.Info().Short)
	// What needs doing, in words, and shorter where the row is too narrow
	// for them all.
	type badge struct {
		style       lipgloss.Style
		long, terse string
	}
	var badges []badge
	if late := model.MeetingLateDays(sum, today); late > 0 {
		badges = append(badges, badge{st.Warn, model.Plural(late, "day") + " late", fmt.Sprintf("%dd late", late)})
	} else if next := model.UpcomingMeeting(sum, today); r.Live() && !next.IsZero() && next.Equal(today) {
		long := "meeting today"
		if model.MeetingKind(sum) == model.DueFirst {
			long = "first meeting today"
		}
		badges = append(badges, badge{st.Good, long, "today"})
	}
	// The nudges `due` lists, but the quiet one: the days late say it.
	for _, n := range model.Nudges(sum, today) {
		switch n.Kind {
		case model.DueStuck:
			badges = append(badges, badge{st.Warn, "⚠ stuck: no problem or goal yet", "⚠ stuck"})
		case model.DueHealth:
			badges = append(badges, badge{st.Warn, "health check due", "check due"})
		case model.DueAgreement:
			badges = append(badges, badge{st.Warn, "agreement changed: sign again", "sign again"})
		}
	}
	if sum.Conflicts > 0 {
		badges = append(badges, badge{st.Bad, model.Plural(sum.Conflicts, "conflict") + " to resolve", model.Plural(sum.Conflicts, "conflict")})
	}
	if r.Archived {
		badges = append(badges, badge{st.Muted, "[archived]", "[archived]"})
	} else if r.Status != model.StatusActive {
		badges = append(badges, badge{st.Muted, "[" + string(r.Status) + "]", "[" + string(r.Status) + "]"})
	}
	nameW := min(cells().StringWidth(name), max(12, w/3))
	left := cut(name, nameW)
	meta := "  " + role + " · " + layer
	var long, terse []string
	for _, b := range badges {
		long, terse = append(long, b.style.Render(b.long)), append(terse, b.style.Render(b.terse))
	}
	right := strings.Join(long, "  ")
	fits := func() bool { return cells().StringWidth("  "+left+meta)+2+cells().StringWidth(right) <= w }
	if !fits() {
		right = strings.Join(terse, "  ")
	}
	if !fits() {
		meta = fmt.Sprintf("  layer %d", int(r.Layer)) // the role and the layer's name give way to what needs doing
	}
	pad := func(nameStyled string) string {
		l := "  " + nameStyled + st.Muted.Render(meta)
		if right == "" {
			return cut(l, w)
		}
		gap := w - cells().StringWidth(l) - cells().StringWidth(right)
		if gap < 2 {
			return cut(l+"  "+right, w)
		}
		return l + strings.Repeat(" ", gap) + right
	}
	line1 := pad(st.Name.Render(left))
	sel := pad(st.Selected.Render(left))
	sel = st.Accent.Render("▸") + sel[1:]

	last := lastMet(sum)
	next := "next meeting not set"
	if t := model.UpcomingMeeting(sum, today); !t.IsZero() {
		next = "next " + model.FormatDate(t)
	}
	fu := "no open follow-ups"
	if sum.OpenFollowUps > 0 {
		fu = model.Plural(sum.OpenFollowUps, "follow-up") + " open"
	}
	line2 := "  " + layerStrip(st, sum) + st.Muted.Render(" "+last+" · "+next+" · "+fu)
	if od := sum.Overdue(today); od > 0 {
		line2 += st.Muted.Render(", ") + st.Bad.Render(fmt.Sprintf("%d overdue", od))
	}
	s.rows[i] = dashRow{
		drawn: true, line1: line1, line1Sel: sel, line2: cut(line2, w),
		match: s.rows[i].match,
	}
	return s.rows[i]
}

// layerStrip shows, for layers 0 to 6, how many of the latest sessions
// held worked on each (model.RecentLayers), shaded as the heat map shades
// a month. A pair that spent months on one layer, or skipped one, shows it
// at a glance; "·······" is a pair with no layers recorded yet.
func layerStrip(st *Styles, s model.Summary) string {
	var b strings.Builder
	for _, n := range s.Recent {
		b.WriteString(heatCell(st, n, 1))
	}
	return b.String()
}

// applyFilter recomputes the visible rows and keeps the cursor on the same
// relationship when it is still shown.
func (s *dashboard) applyFilter() {
	var keep model.ID
	if sum, ok := s.selected(); ok {
		keep = sum.Rel.ID
	}
	if s.selectID != "" {
		keep = s.selectID
	}
	q := model.FoldName(s.filter.Value())
	s.visible = s.visible[:0]
	s.archived = 0
	for i, sum := range s.sums {
		if sum.Rel.Archived {
			s.archived++
			if !s.showArchived {
				continue
			}
		}
		if !model.HoldsWords(s.rows[i].match, q) {
			continue
		}
		s.visible = append(s.visible, i)
	}
	s.list.setRows(len(s.visible), func(vi int, selected bool) []string {
		r := s.row(s.visible[vi])
		if selected {
			return []string{r.line1Sel, r.line2}
		}
		return []string{r.line1, r.line2}
	})
	if keep != "" {
		for vi, i := range s.visible {
			if s.sums[i].Rel.ID == keep {
				s.list.cursor = vi
				break
			}
		}
	}
	if s.loaded {
		s.selectID = "" // found or gone: done with it
	}
	s.scroll()
	s.updateKeys()
}

func (s *dashboard) updateKeys() {
	_, has := s.selected()
	k := &s.keys
	normal := !s.filtering
	k.Open.SetEnabled(has && normal)
	k.FilterDone.SetEnabled(s.filtering)
	k.Edit.SetEnabled(has && normal)
	k.Archive.SetEnabled(has && normal)
	k.Delete.SetEnabled(has && normal)
	k.New.SetEnabled(normal && s.loaded)
	k.ShowArchived.SetEnabled(normal && s.archived > 0)
	k.Filter.SetEnabled(normal && len(s.sums) > 0)
	k.ClearFilter.SetEnabled(s.filtering || s.filter.Value() != "")
	k.Search.SetEnabled(normal && len(s.sums) > 0)
	k.Encrypt.SetEnabled(normal && s.loaded && s.err == nil && !s.encrypted)
	if sum, ok := s.selected(); ok && sum.Rel.Archived {
		k.Archive.SetHelp("a", "unarchive")
	} else {
		k.Archive.SetHelp("a", "archive")
	}
	if s.showArchived {
		k.ShowArchived.SetHelp("A", "hide archived")
	} else {
		k.ShowArchived.SetHelp("A", "show archived")
	}
	s.lk.setEnabled(len(s.visible) > 1)
	s.lk.Top.SetEnabled(len(s.visible) > 1 && normal)
	s.lk.Bottom.SetEnabled(len(s.visible) > 1 && normal)
	// While filtering, letters are typed into the filter; arrows move.
	on := []bool{s.lk.Up.Enabled(), s.lk.Down.Enabled(), s.lk.Top.Enabled(), s.lk.Bottom.Enabled(), s.lk.PageUp.Enabled(), s.lk.PageDown.Enabled()}
	if s.filtering {
		s.lk = typingListKeys()
	} else {
		s.lk = newListKeys()
	}
	for i, b := range []*key.Binding{&s.lk.Up, &s.lk.Down, &s.lk.Top, &s.lk.Bottom, &s.lk.PageUp, &s.lk.PageDown} {
		b.SetEnabled(on[i])
	}
}

func (s *dashboard) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case dashLoadedMsg:
		if msg.req != s.req {
			return s, nil
		}
		s.loaded = true
		s.err = msg.err
		s.encrypted = msg.encrypted
		if msg.err == nil {
			// The rows change under the cursor: keep it on the same
			// relationship (or the one after a deleted one).
			if sum, ok := s.selected(); ok && s.selectID == "" {
				s.selectID = sum.Rel.ID
			}
			s.visible = nil
			s.sums = append([]model.Summary(nil), msg.sums...)
			sortSummaries(s.sums)
			s.buildRows()
		} else {
			s.updateKeys()
		}
		return s, nil
	case writtenMsg:
		if msg.err != nil {
			return s, tea.Batch(fail(msg.err), s.load())
		}
		return s, tea.Batch(status(msg.note), s.load())
	case reloadMsg:
		return s, s.load()
	case tea.KeyPressMsg:
		if s.filtering {
			return s, s.filterKey(msg)
		}
		return s, s.key(msg)
	case tea.PasteMsg:
		if s.filtering {
			return s, s.filterInput(msg)
		}
		return s, nil
	}
	if s.filtering {
		var cmd tea.Cmd
		s.filter, cmd = s.filter.Update(msg)
		return s, cmd
	}
	return s, nil
}

func (s *dashboard) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.list.move(s.lk, msg) {
		s.updateKeys()
		return nil
	}
	sum, has := s.selected()
	switch {
	case key.Matches(msg, k.Open) && has:
		return s.d.push(newRelationshipScreen(s.d, sum.Rel.ID))
	case key.Matches(msg, k.New):
		return s.d.push(newRelationshipForm(s.d, nil, func(id model.ID) { s.selectID = id }))
	case key.Matches(msg, k.Edit) && has:
		r := sum.Rel
		return s.d.push(newRelationshipForm(s.d, &r, nil))
	case key.Matches(msg, k.Archive) && has:
		name := model.SanitizeLine(sum.Rel.Other())
		q := fmt.Sprintf("Archive %s? It leaves the dashboard; nothing is deleted.", name)
		if sum.Rel.Archived {
			q = fmt.Sprintf("Unarchive %s?", name)
		}
		return s.d.ask(q, func() tea.Cmd { return s.archive(sum) })
	case key.Matches(msg, k.Delete) && has:
		return s.d.push(newEraseForm(s.d, sum.Rel))
	case key.Matches(msg, k.Encrypt):
		return s.d.push(newEncryptForm(s.d))
	case key.Matches(msg, k.ShowArchived):
		s.showArchived = !s.showArchived
		s.applyFilter()
	case slices.Contains(k.ShowArchived.Keys(), msg.String()) && s.archived == 0:
		return status("Nothing is archived: a archives the relationship under the cursor.")
	case key.Matches(msg, k.Filter):
		s.filtering = true
		s.updateKeys()
		s.scroll()
		return s.filter.Focus()
	case key.Matches(msg, k.ClearFilter):
		s.filter.SetValue("")
		s.applyFilter()
	case key.Matches(msg, k.Search):
		if newSearchScreen == nil {
			return fail(errors.New("search is not available"))
		}
		return s.d.push(newSearchScreen(s.d, ""))
	}
	return nil
}

func (s *dashboard) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		s.filtering = false
		s.filter.Blur()
		s.filter.SetValue("")
		s.applyFilter()
		return nil
	case "enter":
		s.filtering = false
		s.filter.Blur()
		s.applyFilter()
		return nil
	}
	if s.list.move(s.lk, msg) {
		return nil
	}
	return s.filterInput(msg)
}

// filterInput gives a key or a paste to the filter, and filters again
// if it changed.
func (s *dashboard) filterInput(msg tea.Msg) tea.Cmd {
	before := s.filter.Value()
	var cmd tea.Cmd
	s.filter, cmd = s.filter.Update(msg)
	if s.filter.Value() != before {
		s.list.cursor = 0
		s.applyFilter()
	}
	return cmd
}

// archive archives or unarchives a relationship (one transaction over
// the relationship as stored).
func (s *dashboard) archive(sum model.Summary) tea.Cmd {
	j := s.d.j
	name := model.SanitizeLine(sum.Rel.Other())
	on := !sum.Rel.Archived
	note := "Archived " + name + "; A shows archived relationships."
	if !on {
		note = "Unarchived " + name + "."
	}
	return write(s, note, func(ctx context.Context) error {
		_, _, err := j.UpdateRelationship(ctx, sum.Rel.ID, func(r *model.Relationship, _ *model.Plan) error {
			r.Archived = on
			return nil
		})
		return err
	})
}

func (s *dashboard) View() string {
	st := s.d.styles
	w := s.width
	if !s.loaded {
		return st.Muted.Render("Loading the journal…")
	}
	if s.err != nil {
		return st.Error.Render(cut("Could not read the journal: "+model.SanitizeLine(s.err.Error()), w)) + "\n" +
			st.Muted.Render(cut("Press q to quit, then check the file and try again.", w))
	}
	if len(s.sums) == 0 {
		lines := []string{
			st.Title.Render("Welcome to your mentoring journal."),
			"",
			cut("It is empty so far. Press n to add your first relationship:", w),
			cut("the mentor's and the mentee's names, your role, how often you meet.", w),
			"",
			cut("To look around first, quit and run `mentorlog demo`: it opens a sample", w),
			cut("journal in a temporary file and leaves this one as it is.", w),
			"",
		}
		if s.encrypted {
			lines = append(lines, cut("It is encrypted: it opens only with its passphrase.", w), "")
		} else {
			lines = append(lines,
				cut("Press P to encrypt it first: then it opens only with a passphrase,", w),
				cut("and nothing you write is readable in the file without it.", w), "")
		}
		lines = append(lines,
			st.Muted.Render(cut("Press ? to see every key, q to quit.", w)),
		)
		return strings.Join(lines, "\n")
	}
	var b strings.Builder
	count := model.Plural(len(s.visible), "relationship")
	if shown := len(s.sums) - s.archived*boolInt(!s.showArchived); len(s.visible) < shown {
		count = fmt.Sprintf("%d of %s", len(s.visible), model.Plural(shown, "relationship"))
	}
	if s.archived > 0 && !s.showArchived {
		count += fmt.Sprintf(" · %d archived hidden (A shows them)", s.archived)
	}
	count += fmt.Sprintf(" · the strip: layers 0–6 of the last %d meetings", model.RecentSessions)
	b.WriteString(st.Muted.Render(cut(count, w)))
	b.WriteString("\n")
	if s.filtering || s.filter.Value() != "" {
		if s.filtering {
			b.WriteString(inputView(s.filter))
		} else { // kept: letters act on the list again, which must show
			b.WriteString(cut(s.filter.Prompt+model.SanitizeLine(s.filter.Value())+st.Muted.Render("  · kept: F changes it, esc clears it"), w))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if len(s.visible) == 0 {
		q := model.SanitizeLine(s.filter.Value())
		b.WriteString(cut(fmt.Sprintf("No relationship matches %s. esc clears the filter.", model.Quote(q)), w))
	}
	b.WriteString(s.list.view())
	return strings.TrimRight(b.String(), "\n")
}

func (s *dashboard) ShortHelp() []key.Binding {
	k := s.keys
	if s.filtering {
		return []key.Binding{s.lk.Up, s.lk.Down, k.FilterDone, k.ClearFilter}
	}
	return []key.Binding{k.Open, k.New, k.Filter, k.Search, k.ClearFilter}
}

func (s *dashboard) FullHelp() [][]key.Binding {
	k := s.keys
	if s.filtering {
		return [][]key.Binding{{s.lk.Up, s.lk.Down, s.lk.PageUp, s.lk.PageDown}, {k.FilterDone, k.ClearFilter}}
	}
	return [][]key.Binding{
		s.lk.bindings(),
		{k.Open, k.New, k.Edit, k.Archive, k.Delete, k.Encrypt},
		{k.Filter, k.ClearFilter, k.ShowArchived, k.Search},
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lastMet says when the pair last met: "last met 2026-11-02", or "never
// met".
func lastMet(sum model.Summary) string {
	if sum.LastSession.IsZero() {
		return "never met"
	}
	return "last met " + model.FormatDate(sum.LastSession)
}

// newEraseForm asks for the other person's name before it erases a
// relationship for good, as `mentorlog erase` does: a y typed ahead (the
// end of a name typed into a filter that had closed) erases nothing.
func newEraseForm(d deps, r model.Relationship) screen {
	name := model.SanitizeLine(r.Other())
	fm := newForm(d, lineField("name", "Their name", ""))
	fm.keys.Save.SetHelp("ctrl+s", "erase for good")
	fs := newFormScreen(d, "Erase "+one(name, 40),
		"Everything of your relationship with "+name+" leaves the journal file for good: every session, goal, follow-up and note (backups and exports keep theirs). This cannot be undone. Type "+name+", then ctrl+s to erase it; esc keeps it.", fm,
		func(fm *form) (func(ctx context.Context) error, error) {
			if !model.SameName(fm.Value("name"), name) {
				return nil, &model.FieldError{Field: "name", Reason: "type " + name + " to erase it; esc keeps it"}
			}
			j, id := d.j, r.ID
			return func(ctx context.Context) error { return j.Erase(ctx, id) }, nil
		})
	fs.savedMsg = "Erased " + name + ": the journal file holds nothing of it now."
	return fs
}
