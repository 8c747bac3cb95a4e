package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// The two list steps of a session: reviewing the follow-ups open from
// earlier meetings, and the follow-ups made in this one.

// leaveEntry runs next after the follow-up being typed, if any, is added;
// an entry that cannot be added yet stays open with its message.
func (s *sessionFlow) leaveEntry(next func() tea.Cmd) tea.Cmd {
	if !s.adding {
		return next()
	}
	if !s.entry.blank() {
		fu, ok := s.entry.build(s.full.Rel.ID, s.sess.ID, s.d.now())
		if !ok {
			return nil
		}
		s.mine = append(s.mine, fu)
		s.dirty = true
	}
	s.adding = false
	s.setLists()
	return next()
}

func (s *sessionFlow) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.rlist.move(k.lk, msg) {
		return nil
	}
	if !key.Matches(msg, k.Done, k.Carry, k.Drop, k.Cycle) {
		return nil
	}
	if readOnly(s.full) {
		s.err = errReadOnlyText
		return nil
	}
	i := s.rlist.cursor
	if i >= len(s.reviews) {
		return nil
	}
	r := &s.reviews[i]
	switch {
	case key.Matches(msg, k.Done):
		r.Outcome = model.OutcomeDone
	case key.Matches(msg, k.Carry):
		r.Outcome = model.OutcomeCarried
	case key.Matches(msg, k.Drop):
		r.Outcome = model.OutcomeDropped
	default:
		switch r.Outcome {
		case model.OutcomeCarried:
			r.Outcome = model.OutcomeDone
		case model.OutcomeDone:
			r.Outcome = model.OutcomeDropped
		default:
			r.Outcome = model.OutcomeCarried
		}
	}
	s.dirty = true
	if !slices.Contains(s.marked, r.FollowUpID) {
		s.marked = append(s.marked, r.FollowUpID)
	}
	if !key.Matches(msg, k.Cycle) {
		s.rlist.selectRow(i + 1)
	}
	// Saved at once: the session then exists, and leaving loses nothing.
	return s.save(false, "")
}

func (s *sessionFlow) followUpKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.flist.move(k.lk, msg) {
		return nil
	}
	if readOnly(s.full) {
		if key.Matches(msg, k.Add, k.Remove) {
			s.err = errReadOnlyText
		}
		return nil
	}
	i := s.flist.cursor
	switch {
	case key.Matches(msg, k.Add), key.Matches(msg, k.Cycle) && i == len(s.mine):
		return s.startAdding()
	case key.Matches(msg, k.Remove) && i < len(s.mine):
		fu := s.mine[i]
		return s.d.ask(fmt.Sprintf("Remove the follow-up %s from this session?", model.Quote(one(fu.Text, 40))), func() tea.Cmd {
			for j := range s.mine {
				if s.mine[j].ID == fu.ID {
					s.mine = append(s.mine[:j:j], s.mine[j+1:]...)
					break
				}
			}
			if _, stored := s.stored[fu.ID]; stored {
				s.removed = append(s.removed, fu.ID)
			}
			s.setLists()
			s.dirty = true
			return s.save(false, "Follow-up removed")
		})
	}
	return nil
}

func (s *sessionFlow) startAdding() tea.Cmd {
	s.proposeNext()
	due, _ := s.forms[stepNext].Date(kNext)
	s.entry = newFollowUpEntry(s.d.styles, model.RoleMentee, due)
	s.adding = true
	return s.entry.start()
}

func (s *sessionFlow) updateAdding(msg tea.KeyPressMsg) tea.Cmd {
	res, cmd := s.entry.update(msg)
	switch res {
	case entryCancel:
		if s.entry.blank() {
			s.adding = false
			return nil
		}
		return s.d.ask("Discard the follow-up you were typing?", func() tea.Cmd {
			s.adding = false
			return nil
		})
	case entryAdd:
		if s.entry.blank() {
			s.adding = false
			return nil
		}
		fu, ok := s.entry.build(s.full.Rel.ID, s.sess.ID, s.d.now())
		if !ok {
			return nil
		}
		s.mine = append(s.mine, fu)
		focus := s.entry.clear()
		s.setLists()
		s.flist.selectRow(len(s.mine))
		s.dirty = true
		return tea.Batch(focus, s.save(false, ""))
	}
	return cmd
}

// setLists puts the reviews and the session's follow-ups in their lists.
func (s *sessionFlow) setLists() {
	s.rlist.setRows(len(s.reviews), s.reviewRow)
	s.flist.setRows(len(s.mine)+1, s.followUpRow)
}

func (s *sessionFlow) reviewLines(w, h int) []string {
	st := s.d.styles
	out := s.lastLines(w)
	if len(s.reviews) == 0 {
		return append(out, st.Muted.Render(sentence("No follow-ups were open: nothing to review. pgdn goes on to the topic.", w)))
	}
	s.width = w
	s.rlist.setHeight(max(1, h-len(out)))
	return append(out, strings.Split(s.rlist.view(), "\n")...)
}

func (s *sessionFlow) reviewRow(i int, selected bool) []string {
	st := s.d.styles
	w := max(30, s.width)
	rv := s.reviews[i]
	mark := "  "
	if selected {
		mark = st.Selected.Render("▸") + " "
	}
	var choice string
	switch rv.Outcome {
	case model.OutcomeDone:
		choice = st.Good.Render("[done]")
	case model.OutcomeDropped:
		choice = st.Muted.Render("[dropped]")
	default:
		choice = st.Accent.Render("[carried over]")
	}
	choice = padRight(choice, 14)
	who, due := "", ""
	if fu, ok := s.stored[rv.FollowUpID]; ok {
		name := model.SanitizeLine(s.full.Rel.NameOf(fu.Owner))
		if w < 90 { // narrow: the first name, and room for the text
			name = firstWord(name)
		}
		who = name + ": "
		if fu.Status != rv.Outcome.Status() && !slices.Contains(s.marked, rv.FollowUpID) {
			// Closed or opened again elsewhere since: it stays so until a
			// key marks it here again (model.SessionEffects). The row
			// keeps what this session decided, and says what is now.
			due = "  " + st.Warn.Render("now "+string(fu.Status))
		} else if !fu.Due.IsZero() || fu.Status != model.FollowUpOpen {
			due = "  " + dueText(st, fu, s.d.today()) // "done 2026-12-03", not overdue
		}
	}
	room := max(10, w-2-cells().StringWidth(choice)-2-cells().StringWidth(due))
	return []string{mark + padRight(one(who+rv.Text, room), room) + due + "  " + choice}
}

func (s *sessionFlow) followUpRow(i int, selected bool) []string {
	st := s.d.styles
	w := max(30, s.width)
	mark := "  "
	if selected && !s.adding {
		mark = st.Selected.Render("▸") + " "
	}
	if i == len(s.mine) {
		return []string{mark + st.Accent.Render("+ add a follow-up") + st.Muted.Render("  n or enter")}
	}
	fu := s.mine[i]
	due := st.Muted.Render("  no date")
	if !fu.Due.IsZero() {
		due = st.Muted.Render("  due " + model.FormatDate(fu.Due))
	}
	return []string{mark + one(partyName(s.full.Rel, fu.Owner)+": "+fu.Text, max(10, w-20)) + due}
}

func (s *sessionFlow) followUpLines(w, h int) []string {
	st := s.d.styles
	var out []string
	if len(s.mine) == 0 && !s.adding {
		out = append(out, st.Muted.Render("No follow-ups from this session yet."), "")
	}
	var entry []string
	if s.adding {
		entry = append([]string{""}, strings.Split(s.entry.view(st, s.full.Rel, w), "\n")...)
		// The entry's own line says enter and esc; this one what the
		// session's keys do with it.
		entry = appendWrapped(entry, st.Muted, "pgdn/pgup add it and change step · ctrl+f adds it and goes to Finish", w)
	}
	s.width = w
	s.flist.setHeight(max(1, h-len(out)-len(entry)))
	out = append(out, strings.Split(s.flist.view(), "\n")...)
	return append(out, entry...)
}
