package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// rowList is the cursor and window of every list screen. Rows come from
// render (which screens back with rendered lines or a cache); a row may be
// several lines tall, and rows need not be alike. Scrolling and View touch
// only the rows in the window, so a keystroke costs the same with ten rows
// or ten thousand.
type rowList struct {
	n      int
	render func(i int, selected bool) []string
	cursor int
	offset int
	height int // lines available
}

// set shows rows rendered beforehand, each with its selected form.
func (l *rowList) set(rows, sel [][]string) {
	l.setRows(len(rows), func(i int, selected bool) []string {
		if selected {
			return sel[i]
		}
		return rows[i]
	})
}

// setRows shows n rows drawn by render.
func (l *rowList) setRows(n int, render func(i int, selected bool) []string) {
	l.n, l.render = n, render
	l.cursor = min(l.cursor, max(0, n-1))
	l.scroll()
}

func (l *rowList) len() int { return l.n }

func (l *rowList) rowHeight(i int) int {
	return max(1, len(l.render(i, i == l.cursor)))
}

// scroll keeps the cursor's row whole in the window, walking only the rows
// between the window and the cursor.
func (l *rowList) scroll() {
	if l.n == 0 {
		l.cursor, l.offset = 0, 0
		return
	}
	l.cursor = min(max(0, l.cursor), l.n-1)
	l.offset = min(l.offset, l.cursor)
	used, lo := 0, l.cursor
	for ; lo >= l.offset; lo-- {
		h := l.rowHeight(lo)
		if used+h > l.height && lo < l.cursor {
			break
		}
		used += h
	}
	l.offset = max(l.offset, lo+1)
	// Rows gone below (a delete, a filter) leave no blank lines while rows
	// above are hidden: the window takes them back.
	used = 0
	for i := l.offset; i < l.n && used < l.height; i++ {
		used += l.rowHeight(i)
	}
	for l.offset > 0 && used+l.rowHeight(l.offset-1) <= l.height {
		l.offset--
		used += l.rowHeight(l.offset)
	}
}

// page is how many rows a page key moves: the rows in the window.
func (l *rowList) page() int {
	used, n := 0, 0
	for i := l.offset; i < l.n && used < l.height; i++ {
		used += l.rowHeight(i)
		n++
	}
	return max(1, n)
}

func (l *rowList) setHeight(h int) {
	l.height = h
	l.scroll()
}

// move applies a movement key; it reports whether msg was one.
func (l *rowList) move(lk listKeys, msg tea.KeyPressMsg) bool {
	if l.n == 0 {
		return false
	}
	c, ok := lk.move(msg, l.cursor, l.n, l.page())
	if ok {
		l.cursor = c
		l.scroll()
	}
	return ok
}

// selectRow puts the cursor on row i.
func (l *rowList) selectRow(i int) {
	l.cursor = i
	l.scroll()
}

func (l *rowList) view() string {
	var b strings.Builder
	used := 0
	for i := l.offset; i < l.n && used < l.height; i++ {
		for _, line := range l.render(i, i == l.cursor) {
			if used >= l.height {
				break
			}
			if used > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(line)
			used++
		}
	}
	return b.String()
}

// pager scrolls a text longer than its window (pair view, the brief) with
// the same movement keys as the lists.
type pager struct {
	lines  []string
	offset int
	height int
}

func (p *pager) setLines(lines []string) {
	p.lines = lines
	p.clamp()
}

func (p *pager) setHeight(h int) {
	p.height = max(1, h)
	p.clamp()
}

func (p *pager) clamp() {
	p.offset = min(max(0, p.offset), max(0, len(p.lines)-p.height))
}

// move applies a movement key: a line, a page, the top or the end.
func (p *pager) move(lk listKeys, msg tea.KeyPressMsg) bool {
	last := max(0, len(p.lines)-p.height)
	// The window's top line moves like a cursor over the first lines.
	o, ok := lk.move(msg, p.offset, last+1, p.height)
	if ok {
		p.offset = o
	}
	return ok
}

// to scrolls so that line i is at the top (as far as the text allows).
func (p *pager) to(i int) {
	p.offset = i
	p.clamp()
}

func (p *pager) view() []string {
	end := min(len(p.lines), p.offset+p.height)
	return p.lines[p.offset:end]
}

// fullLoadedMsg carries a relationship read for one screen.
type fullLoadedMsg struct {
	s    screen
	req  uint64
	full model.Full
	err  error
}

func (m fullLoadedMsg) to() screen { return m.s }

// loadFull reads a relationship for screen s, as much of its history as
// w says (model.Window).
func loadFull(j Journal, id model.ID, w model.Window, s screen, req uint64) tea.Cmd {
	return func() tea.Msg {
		f, err := j.LoadWindow(context.Background(), id, w)
		return fullLoadedMsg{s: s, req: req, full: f, err: err}
	}
}

// openMsg carries a relationship read back to a record, for screen s to
// open a screen on it on top of itself: a search hit, a session far down
// its list.
type openMsg struct {
	s    screen
	what string // what is opened, as a person says it
	full model.Full
	err  error
	open func(f model.Full) screen // the screen on what was read; nil if the record is gone
}

func (m openMsg) to() screen { return m.s }

// readToOpen reads relationship id with window w for s, to open the
// screen open makes of it (openMsg.push).
func readToOpen(d deps, s screen, id model.ID, w model.Window, what string, open func(f model.Full) screen) tea.Cmd {
	j := d.j
	return func() tea.Msg {
		f, err := j.LoadWindow(context.Background(), id, w)
		return openMsg{s: s, what: what, full: f, err: err, open: open}
	}
}

// push opens the screen m was read for, or says why it cannot.
func (m openMsg) push(d deps) tea.Cmd {
	if m.err != nil {
		return fail(fmt.Errorf("open %s: %w", m.what, m.err))
	}
	if sc := m.open(m.full); sc != nil {
		return d.push(sc)
	}
	return status("Could not open " + m.what + ": it is no longer in the journal.")
}

// historyPage is how many sessions a relationship is read with at first,
// and how many the sessions list reads at a time beyond them (model.Page):
// a relationship of five thousand sessions opens as one of fifty does.
const historyPage = 60

// windowOf is the window that reads f again: the sessions it holds, and
// at least a page of them; the whole history if f holds it (a
// relationship of less than a page, or read whole).
func windowOf(f model.Full) model.Window {
	if f.Rel.ID != "" && !f.History.More {
		return model.Window{}
	}
	return model.Window{Sessions: max(historyPage, f.History.Read)} // not those kept: the window would grow at every read
}

// keeper is a screen on records that must stay in its window of the
// history whatever their dates (model.Window.Keep): the follow-up under
// the cursor, just marked done; the session open and the follow-ups it
// reviews. (The sessions list finds its session by its page instead.)
type keeper interface{ keep() []model.ID }

// windowFor is windowOf f with what s keeps.
func windowFor(s screen, f model.Full) model.Window {
	w := windowOf(f)
	if k, ok := s.(keeper); ok && !w.Whole() {
		w.Keep = k.keep()
	}
	return w
}

// partState is what the screens over one relationship keep alike: the
// relationship as last read, the request id of the read under way and
// whether it is under way, and whether a write is. A screen that needs
// the whole history (the journey's heat map) sets whole.
type partState struct {
	d       deps
	full    model.Full
	req     uint64
	reading bool // a read of the relationship (req) is under way: what is shown is of the one before
	busy    bool
	whole   bool
	// newDraft is the draft key of what n opens (the "New goal" form, a
	// new session): when a draft of it is kept, the list says so as it
	// opens (a newcomer's new story, typed when the terminal closed,
	// looked lost until n). newNoun names what n makes.
	newDraft, newNoun string
}

// keptNewMsg says whether a draft of a list's new-entry form is kept.
type keptNewMsg struct {
	s     screen
	found bool
	err   error
}

func (m keptNewMsg) to() screen { return m.s }

// lookNew reads whether the form n opens on s has a draft kept.
func (p *partState) lookNew(s screen) tea.Cmd {
	if p.newDraft == "" || readOnly(p.full) {
		return nil
	}
	j, key := p.d.j, p.newDraft
	return func() tea.Msg {
		_, found, err := j.LoadDraft(context.Background(), key)
		return keptNewMsg{s: s, found: found, err: err}
	}
}

// window is what screen s reads the relationship with.
func (p *partState) window(s screen) model.Window {
	if p.whole {
		return model.Window{}
	}
	return windowFor(s, p.full)
}

// readWhole reads the whole history for s, a screen that shows what is
// of all of it, when the relationship was read in part.
func (p *partState) readWhole(s screen) tea.Cmd {
	if !p.full.History.More {
		return nil
	}
	return p.all(s)
}

// all reads the whole history for s.
func (p *partState) all(s screen) tea.Cmd {
	p.req, p.reading = newReqID(), true
	return loadFull(p.d.j, p.full.Rel.ID, model.Window{}, s, p.req)
}

// partScreen is a screen that embeds a partState.
type partScreen interface {
	screen
	build()
	key(msg tea.KeyPressMsg) tea.Cmd
}

// reload reads the relationship again for s.
func (p *partState) reload(s screen) tea.Cmd {
	p.req, p.reading = newReqID(), true
	return loadFull(p.d.j, p.full.Rel.ID, p.window(s), s, p.req)
}

// update answers the messages of a part screen s: its own read of the
// relationship (rebuilding the rows), the end of a write (reading again),
// a reload request and keys.
func (p *partState) update(s partScreen, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fullLoadedMsg:
		if msg.req != p.req {
			return nil
		}
		p.reading = false // what is shown stays as it was if the read failed
		if msg.err != nil {
			return fail(msg.err)
		}
		p.full = msg.full
		s.build()
		return nil
	case writtenMsg:
		p.busy = false
		if msg.err != nil {
			return tea.Batch(fail(msg.err), p.reload(s))
		}
		return tea.Batch(status(msg.note), p.reload(s))
	case reloadMsg:
		return tea.Batch(p.reload(s), p.lookNew(s))
	case keptNewMsg:
		switch {
		case msg.err != nil:
			return fail(errors.New(draftUnread(msg.err)))
		case msg.found:
			return status(model.Article(p.newNoun) + " " + p.newNoun + " you were typing is kept, not saved: n puts it back.")
		}
		return nil
	case tea.KeyPressMsg:
		return s.key(msg)
	}
	return nil
}

// writtenMsg reports a write asked for by a screen.
type writtenMsg struct {
	s    screen
	note string
	err  error
}

func (m writtenMsg) to() screen      { return m.s }
func (m writtenMsg) writeErr() error { return m.err }

// write runs fn in a command and reports to s.
func write(s screen, note string, fn func(ctx context.Context) error) tea.Cmd {
	return func() tea.Msg {
		return writtenMsg{s: s, note: note, err: fn(context.Background())}
	}
}

// updatePlan is the write that applies one change to the relationship's
// plan as it is in the journal at that moment (one transaction). A screen
// editing one layer so never overwrites what another saved in another
// part of the plan.
func updatePlan(j Journal, relID model.ID, apply func(p *model.Plan)) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := j.UpdatePlan(ctx, relID, func(r model.Relationship, p *model.Plan) error {
			if err := model.Editable(r); err != nil {
				return err
			}
			apply(p)
			return p.Validate()
		})
		return err
	}
}

// updateGoal is updatePlan for one goal.
func updateGoal(j Journal, relID, goalID model.ID, apply func(g *model.Goal)) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := j.UpdateGoal(ctx, relID, goalID, func(r model.Relationship, g *model.Goal) error {
			if err := model.Editable(r); err != nil {
				return err
			}
			apply(g)
			return g.Validate()
		})
		return err
	}
}

// scoped keeps the problems under prefix, with the prefix cut off, so a
// form with short keys can place them; the others stay as they are.
func scoped(err error, prefix string) error {
	if err == nil {
		return nil
	}
	ps := model.Prefixed("", err)
	out := make(model.Problems, 0, len(ps))
	for _, p := range ps {
		f := p.Field
		if strings.HasPrefix(f, prefix+".") {
			f = strings.TrimPrefix(f, prefix+".")
		} else if f == prefix {
			f = ""
		}
		out = append(out, &model.FieldError{Field: f, Reason: p.Reason})
	}
	return out.Err()
}
