package tui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// Drafts: what is typed and not saved yet is kept in the journal, so that
// a closed terminal, a signal or a crash loses none of it. The root writes
// the drafts of every screen with unsaved edits a moment after the last
// key, and at once when the app ends (q, ctrl+c, a signal). When a screen
// opens again and a draft of it is kept, the app puts it back.
// Leaving a screen (after saving, or discarding on purpose) drops its
// draft.

// drafter is a screen that keeps drafts.
type drafter interface {
	// draftKey names the screen across runs: the same screen of the same
	// record has the same key.
	draftKey() string
	// draftFields is what is typed now, by the screen's own field names.
	draftFields() map[string]string
	// restoreDraft puts a kept draft back; the screen is then dirty.
	restoreDraft(fields map[string]string)
}

// saveKeyer is a drafter that saves with another key than ctrl+s: the
// follow-ups list's one-line fields save with enter.
type saveKeyer interface{ saveKey() string }

// draftDelay is how long typing must pause before the drafts are written.
const draftDelay = time.Second

type (
	// draftTickMsg fires when typing paused; seq names the keystroke.
	draftTickMsg struct{ seq int }
	// draftLoadedMsg carries the kept draft of a screen that opened.
	draftLoadedMsg struct {
		s     screen
		d     model.Draft
		found bool
		err   error
	}
	// draftsKeptMsg reports a write of drafts.
	draftsKeptMsg struct{ err error }
	// shutdownMsg ends the app at a signal (the terminal closed, SIGTERM),
	// keeping the drafts first.
	shutdownMsg struct{}
)

// drafts are the drafts of every screen of the stack with unsaved edits.
func (m Model) drafts() map[string]model.Draft {
	out := map[string]model.Draft{}
	now := m.d.now().UTC()
	for _, s := range m.stack {
		d, ok := s.(drafter)
		if !ok || !s.Dirty() || d.draftKey() == "" {
			continue
		}
		if fields := d.draftFields(); len(fields) > 0 {
			out[d.draftKey()] = model.Draft{Saved: now, Fields: fields}
		}
	}
	return out
}

// anyDirtyDrafter is a cheap look, made on every key, whether some screen
// has a draft to keep (drafts builds them only when typing pauses).
func (m Model) anyDirtyDrafter() bool {
	for _, s := range m.stack {
		if _, ok := s.(drafter); ok && s.Dirty() {
			return true
		}
	}
	return false
}

// keepDrafts writes the drafts of the screens with unsaved edits; nil when
// there are none.
func (m Model) keepDrafts() tea.Cmd {
	ds := m.drafts()
	if len(ds) == 0 {
		return nil
	}
	j := m.d.j
	return func() tea.Msg { return draftsKeptMsg{err: j.SaveDrafts(context.Background(), ds)} }
}

// loadDraft reads the kept draft of a screen that opens.
func loadDraft(j Journal, s screen) tea.Cmd {
	d, ok := s.(drafter)
	if !ok || d.draftKey() == "" {
		return nil
	}
	key := d.draftKey()
	return func() tea.Msg {
		dr, found, err := j.LoadDraft(context.Background(), key)
		return draftLoadedMsg{s: s, d: dr, found: found, err: err}
	}
}

// dropDraft deletes the draft of key.
func dropDraft(j Journal, key string) tea.Cmd {
	if key == "" {
		return nil
	}
	return func() tea.Msg {
		return draftsKeptMsg{err: j.SaveDrafts(context.Background(), map[string]model.Draft{key: {}})}
	}
}

// dropDraftOf deletes the draft of a screen that is left.
func dropDraftOf(j Journal, s screen) tea.Cmd {
	if d, ok := s.(drafter); ok {
		return dropDraft(j, d.draftKey())
	}
	return nil
}

// dropSaved drops the kept drafts whose screens have no unsaved edits any
// more: saved, or given up on purpose, what they held must never be
// put back over what was saved since (the follow-ups screen, for one,
// saves and stays open, and a search hit can open it again on top).
func (m Model) dropSaved() tea.Cmd {
	var cmds []tea.Cmd
	for k := range m.kept {
		if !m.dirtyDraft(k) {
			delete(m.kept, k)
			cmds = append(cmds, dropDraft(m.d.j, k))
		}
	}
	return tea.Batch(cmds...)
}

// dirtyDraft reports whether a screen of the stack with draft key k has
// unsaved edits.
func (m Model) dirtyDraft(k string) bool {
	for _, s := range m.stack {
		if d, ok := s.(drafter); ok && s.Dirty() && d.draftKey() == k {
			return true
		}
	}
	return false
}

// draftUnread says that the draft kept for a screen could not be read.
func draftUnread(err error) string {
	return "could not read the unsaved text kept here: " + model.SanitizeLine(err.Error())
}

// putBackDraft puts a kept draft back into the screen it was kept for, if
// that screen is still on top and nothing was typed in it, and says so.
// It asks nothing: a question there took the screen's own keys (a
// newcomer's n for "new follow-up" threw the text away), and a text put
// back is given up the way any unsaved edit is, on purpose.
func (m Model) putBackDraft(msg draftLoadedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setStatus(draftUnread(msg.err), true)
	}
	if !msg.found || !sameScreen(m.top(), msg.s) || msg.s.Dirty() || m.ask != askNothing {
		return m, nil
	}
	d := msg.s.(drafter)
	d.restoreDraft(msg.d.Fields)
	m.kept[d.draftKey()] = true
	save := "ctrl+s"
	if k, ok := d.(saveKeyer); ok {
		save = k.saveKey()
	}
	when := msg.d.Saved.In(time.Local).Format("2006-01-02 15:04")
	return m, m.setStatus(fmt.Sprintf("Put back what you typed here on %s and did not save: %s saves it.", when, save), false)
}
