package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"mentorlog/model"
)

// rowList is the cursor and window of a list screen whose rows are
// rendered beforehand (normal and selected), each `per` lines tall. View
// only joins the rows in the window, so a keystroke costs the same with
// ten rows or ten thousand.
type rowList struct {
	rows, sel [][]string
	per       int
	cursor    int
	offset    int
	height    int // lines available
}

func (l *rowList) set(rows, sel [][]string, per int) {
	l.rows, l.sel, l.per = rows, sel, max(1, per)
	l.cursor = min(l.cursor, max(0, len(rows)-1))
	l.scroll()
}

func (l *rowList) fit() int { return max(1, l.height/max(1, l.per)) }

func (l *rowList) scroll() { l.offset = scrollTo(l.cursor, l.offset, l.fit(), len(l.rows)) }

func (l *rowList) setHeight(h int) {
	l.height = h
	l.scroll()
}

func (l *rowList) move(lk listKeys, msg tea.KeyMsg) bool {
	if len(l.rows) == 0 {
		return false
	}
	c, ok := lk.move(msg, l.cursor, len(l.rows), l.fit())
	if ok {
		l.cursor = c
		l.scroll()
	}
	return ok
}

func (l *rowList) view() string {
	var b strings.Builder
	end := min(len(l.rows), l.offset+l.fit())
	for i := l.offset; i < end; i++ {
		src := l.rows[i]
		if i == l.cursor {
			src = l.sel[i]
		}
		for j, line := range src {
			if i > l.offset || j > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(line)
		}
	}
	return b.String()
}

// crudKeys are the keys of a list of records.
type crudKeys struct {
	New, Edit, Delete, Yes, No key.Binding
}

func newCrudKeys(noun string) crudKeys {
	return crudKeys{
		New:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Edit:   key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e/enter", "edit")),
		Delete: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Yes:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "delete it")),
		No:     key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep it")),
	}
}

// set enables the keys for a list with or without rows, while asking or not.
func (k *crudKeys) set(hasRows, asking, writable bool) {
	k.New.SetEnabled(!asking && writable)
	k.Edit.SetEnabled(!asking && hasRows)
	k.Delete.SetEnabled(!asking && hasRows && writable)
	k.Yes.SetEnabled(asking)
	k.No.SetEnabled(asking)
}

// fullLoadedMsg carries a relationship read for one screen.
type fullLoadedMsg struct {
	s    screen
	req  uint64
	full model.Full
	err  error
}

func (m fullLoadedMsg) to() screen { return m.s }

// loadFull reads a relationship for screen s.
func loadFull(j Journal, id model.ID, s screen, req uint64) tea.Cmd {
	return func() tea.Msg {
		f, err := j.LoadFull(context.Background(), id)
		return fullLoadedMsg{s: s, req: req, full: f, err: err}
	}
}

// partState is what the list screens over one relationship's parts
// (goals, progress, roadmap, layer entries) keep alike: the relationship as
// last read, the request id of the read under way and whether a write is.
type partState struct {
	d    deps
	full model.Full
	req  uint64
	busy bool
}

// partScreen is a screen that embeds a partState.
type partScreen interface {
	screen
	build()
	key(msg tea.KeyMsg) tea.Cmd
}

// reload reads the relationship again for s.
func (p *partState) reload(s screen) tea.Cmd {
	p.req = newReqID()
	return loadFull(p.d.j, p.full.Rel.ID, s, p.req)
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
		return p.reload(s)
	case tea.KeyMsg:
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

func (m writtenMsg) to() screen { return m.s }

// write runs fn in a command and reports to s.
func write(s screen, note string, fn func(ctx context.Context) error) tea.Cmd {
	return func() tea.Msg {
		return writtenMsg{s: s, note: note, err: fn(context.Background())}
	}
}

var errClosed = errors.New(errReadOnlyText)

// updatePlan is the write that reads the relationship's plan as it is in
// the journal now, applies one change to it, validates and saves it. A
// screen editing one layer so never overwrites what another screen saved
// in another part of the plan.
func updatePlan(j Journal, relID model.ID, now time.Time, apply func(p *model.Plan)) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		f, err := j.LoadFull(ctx, relID)
		if err != nil {
			return err
		}
		if readOnly(f) {
			return errClosed
		}
		p := f.Plan
		p.RelID = relID
		apply(&p)
		p.Updated = now
		if err := p.Validate(); err != nil {
			return err
		}
		return j.SavePlan(ctx, p)
	}
}

// updateGoal is updatePlan for one goal.
func updateGoal(j Journal, relID, goalID model.ID, now time.Time, apply func(g *model.Goal)) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		f, err := j.LoadFull(ctx, relID)
		if err != nil {
			return err
		}
		if readOnly(f) {
			return errClosed
		}
		for _, g := range f.Goals {
			if g.ID == goalID {
				g.Progress = append([]model.ProgressEntry(nil), g.Progress...)
				apply(&g)
				g.Updated = now
				if err := g.Validate(); err != nil {
					return err
				}
				return j.SaveGoal(ctx, g)
			}
		}
		return errors.New("this goal is no longer in the journal (deleted elsewhere?): go back and reopen the goals")
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
