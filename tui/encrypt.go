package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// Encrypting a new journal from its welcome screen: a passphrase typed
// twice, then its recovery key, shown once.

func newEncryptForm(d deps) screen {
	fm := newForm(d, secretField("pass", "Passphrase"), secretField("again", "The same again"))
	var recovery string
	fs := newFormScreen(d, "Encrypt the journal",
		"From now on the journal opens only with this passphrase: every note in the file is sealed, and so are its indexes and drafts. There is no way back in without it, except the recovery key shown next.", fm,
		func(fm *form) (func(ctx context.Context) error, error) {
			pass := fm.Value("pass")
			switch {
			case strings.TrimSpace(pass) == "":
				return nil, &model.FieldError{Field: "pass", Reason: "is empty: choose a passphrase"}
			case fm.Value("again") != pass:
				return nil, &model.FieldError{Field: "again", Reason: "differs from the passphrase: type it again"}
			}
			j := d.j
			return func(ctx context.Context) (err error) {
				recovery, err = j.Encrypt(ctx, pass)
				return err
			}, nil
		})
	fs.savedMsg = "The journal is encrypted."
	fs.next = func() screen {
		return newNotice(d, "Recovery key", []string{
			"The journal is encrypted. If the passphrase is ever lost, this recovery key opens it (type it where the passphrase is asked):",
			"",
			"  " + recovery,
			"",
			"This is the only time it is shown. Write it down or keep it in a password manager, away from this laptop, then press enter.",
		})
	}
	return fs
}

// notice is a screen of text to read; enter or esc closes it.
type notice struct {
	d      deps
	title  string
	text   []string
	lines  []string
	close  key.Binding
	width  int
	height int
}

func newNotice(d deps, title string, text []string) *notice {
	return &notice{d: d, title: title, text: text, close: bind("done", "enter", "esc"), width: 80, height: 20}
}

func (s *notice) Init() tea.Cmd   { return nil }
func (s *notice) Title() string   { return s.title }
func (s *notice) Capturing() bool { return false }
func (s *notice) Dirty() bool     { return false }

func (s *notice) SetSize(w, h int) {
	s.width, s.height = w, h
	s.lines = nil
	for _, t := range s.text {
		if strings.HasPrefix(t, "  ") {
			s.lines = append(s.lines, s.d.styles.Text.Render(t)) // kept whole, to copy
			continue
		}
		s.lines = append(s.lines, wrapText(t, max(10, w))...)
		if t == "" {
			s.lines = append(s.lines, "")
		}
	}
}

func (s *notice) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.close) {
		return s, s.d.pop(true)
	}
	return s, nil
}

func (s *notice) View() string {
	lines := s.lines
	if len(lines) > s.height {
		lines = lines[:s.height]
	}
	return strings.Join(lines, "\n")
}

func (s *notice) ShortHelp() []key.Binding  { return []key.Binding{s.close} }
func (s *notice) FullHelp() [][]key.Binding { return [][]key.Binding{{s.close}} }
