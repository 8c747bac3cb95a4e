package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// formSaveFunc turns a form into the write to run. It does no I/O: it
// builds the record, validates it, and returns either the validation error
// (shown next to the fields) or the write, which runs in a command.
type formSaveFunc func(f *form) (fn func(ctx context.Context) error, err error)

// formScreen is a screen that holds one form: an intro text (such as a
// layer's purpose), an optional live note, the form, and what saving does.
// ctrl+s validates and saves in a command, then goes back with the screen
// below reloaded and "saved" in the status line; esc goes back (the app
// asks first when there are unsaved edits).
type formScreen struct {
	d     deps
	title string
	intro string
	form  *form
	save  formSaveFunc

	note    func(f *form) string                             // a live line under the intro, optional
	changed func(f *form)                                    // after every message the form took, optional
	reload  func(s *formScreen) tea.Cmd                      // on reloadMsg, optional
	onMsg   func(s *formScreen, msg tea.Msg) (bool, tea.Cmd) // other messages first, optional
	start   func(s *formScreen) tea.Cmd                      // a read to run when it opens, optional
	// rebuild makes the form again from the relationship as stored, to
	// rebase this one on it when the screen is shown again after writes
	// on top of it (form.rebase); it reads the relationship with win.
	// Optional.
	rebuild  func(f model.Full) *form
	win      model.Window
	req      uint64
	savedMsg string
	failed   string // what a failed save says first: "not saved" unless set
	rel      model.ID
	stay     bool          // stay on the screen after saving
	next     func() screen // after saving, the screen that takes this one's place (optional)

	saving bool
	sent   []string // the values the write in flight holds (form.Snapshot)

	width, height int
	introLines    []string
}

func newFormScreen(d deps, title, intro string, f *form, save formSaveFunc) *formScreen {
	return &formScreen{d: d, title: title, intro: intro, form: f, save: save, savedMsg: "Saved.", failed: "not saved", width: 80, height: 20}
}

func (s *formScreen) Init() tea.Cmd {
	if s.start != nil {
		return tea.Batch(s.form.Focus(), s.start(s))
	}
	return s.form.Focus()
}

func (s *formScreen) Title() string   { return s.title }
func (s *formScreen) Capturing() bool { return s.form.typing() }

// ownsEsc: esc leaves the form through the form (asking first when it
// holds edits), on any field.
func (s *formScreen) ownsEsc() bool { return true }
func (s *formScreen) Dirty() bool   { return s.form.Dirty() }
func (s *formScreen) scopeRel() model.ID {
	return s.rel
}

func (s *formScreen) SetSize(w, h int) {
	if w != s.width || s.introLines == nil {
		s.introLines = nil
		if s.intro != "" {
			s.introLines = wrapText(s.intro, max(10, w))
		}
		if s.introLines == nil {
			s.introLines = []string{}
		}
	}
	s.width, s.height = w, h
	s.form.SetSize(w, max(3, h-s.headHeight()))
}

func (s *formScreen) headHeight() int {
	n := len(s.introLines)
	if n > 0 {
		n++ // blank line after
	}
	if s.note != nil {
		n += 2
	}
	return n
}

func (s *formScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case writtenMsg:
		s.saving = false
		if msg.err != nil {
			if s.form.SetErrors(msg.err) && errorsIsInvalid(msg.err) {
				return s, nil
			}
			s.form.topErr = s.failed + ": " + msg.err.Error()
			return s, fail(msg.err)
		}
		s.form.MarkSavedAt(s.sent)
		if s.stay {
			return s, status(s.savedMsg)
		}
		if s.form.Dirty() {
			// Typed while the save was in flight: not saved, so the
			// screen stays with it instead of closing on it.
			return s, status(s.savedMsg + " What you typed since is not saved yet (ctrl+s).")
		}
		if s.next != nil {
			return s, tea.Batch(s.d.pop(true), s.d.push(s.next()), status(s.savedMsg))
		}
		return s, tea.Batch(s.d.pop(true), status(s.savedMsg))
	case reloadMsg:
		if s.reload != nil {
			return s, s.reload(s)
		}
		if s.rebuild != nil && s.rel != "" {
			s.req = newReqID()
			return s, loadFull(s.d.j, s.rel, s.win, s, s.req)
		}
		return s, nil
	case fullLoadedMsg:
		if s.rebuild != nil && msg.req == s.req && msg.err == nil && !s.saving {
			if fresh := s.rebuild(msg.full); fresh != nil {
				s.form.rebase(fresh)
			}
			return s, nil
		}
	}
	if s.onMsg != nil {
		if ok, cmd := s.onMsg(s, msg); ok {
			return s, cmd
		}
	}
	act, cmd := s.form.Update(msg)
	if s.changed != nil {
		s.changed(s.form)
	}
	switch act {
	case formCancel:
		return s, s.d.pop(false)
	case formSave:
		if s.saving {
			return s, nil
		}
		fn, err := s.save(s.form)
		if s.form.SetErrors(err) {
			return s, nil
		}
		if fn == nil {
			s.form.MarkSaved()
			return s, s.d.pop(true)
		}
		s.saving, s.sent = true, s.form.Snapshot()
		return s, write(s, s.savedMsg, fn)
	}
	return s, cmd
}

func (s *formScreen) View() string {
	st := s.d.styles
	var b strings.Builder
	for _, l := range s.introLines {
		b.WriteString(st.Muted.Render(l))
		b.WriteByte('\n')
	}
	if len(s.introLines) > 0 {
		b.WriteByte('\n')
	}
	if s.note != nil {
		n := s.note(s.form)
		b.WriteString(cut(n, s.width))
		b.WriteString("\n\n")
	}
	if s.saving {
		b.WriteString(st.Muted.Render("saving…") + "\n")
	}
	b.WriteString(s.form.View())
	return b.String()
}

func (s *formScreen) ShortHelp() []key.Binding  { return s.form.ShortHelp() }
func (s *formScreen) FullHelp() [][]key.Binding { return s.form.FullHelp() }

// focusHit puts the cursor on the match of a search hit.
func (s *formScreen) focusHit(h model.Hit) tea.Cmd {
	cmd, _ := s.form.focusHit(h)
	return cmd
}

// forRel ties the form to a relationship: search from it looks there, and
// a closed relationship's form opens read-only, so nothing is typed that
// could not be saved.
func (s *formScreen) forRel(f model.Full) {
	s.rel = f.Rel.ID
	if readOnly(f) {
		s.form.setReadOnly()
	}
}

// The form's draft: one per form of a relationship (or per new
// relationship), named by its title.
func (s *formScreen) draftKey() string {
	if s.form.readOnly {
		return ""
	}
	return formDraftKey(s.rel, s.title)
}

// rebaseOn makes the form read its record again, with the window f was
// read with, when it is shown after writes on top of it: rebuild makes the
// form from the relationship as stored (nil when the record is gone).
func (s *formScreen) rebaseOn(f model.Full, rebuild func(f model.Full) *form) {
	s.win, s.rebuild = windowOf(f), rebuild
}

// formDraftKey is the draft key of the form titled title of relationship
// rel ("" for none).
func formDraftKey(rel model.ID, title string) string {
	return "form/" + string(rel) + "/" + title
}
func (s *formScreen) draftFields() map[string]string { return s.form.draftFields() }
func (s *formScreen) restoreDraft(fields map[string]string) {
	s.form.restoreDraft(fields)
}
