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
			switch why := model.CheckPassphrase(pass); {
			case why != "":
				return nil, &model.FieldError{Field: "pass", Reason: why}
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

// notice is a screen of text to read, scrolled with the movement keys;
// enter or esc closes it. A line that begins with two spaces is kept whole
// (a key to copy), broken only where the window is narrower.
type notice struct {
	d     deps
	title string
	text  []string
	pg    pager
	lk    listKeys
	close key.Binding
}

func newNotice(d deps, title string, text []string) *notice {
	return &notice{d: d, title: title, text: text, lk: newListKeys(), close: bind("done", "enter", "esc")}
}

func (s *notice) Init() tea.Cmd   { return nil }
func (s *notice) Title() string   { return s.title }
func (s *notice) Capturing() bool { return false }
func (s *notice) Dirty() bool     { return false }

func (s *notice) SetSize(w, h int) {
	w = max(10, w)
	var lines []string
	for _, t := range s.text {
		switch {
		case t == "":
			lines = append(lines, "")
		case strings.HasPrefix(t, "  "):
			for k := strings.TrimSpace(t); k != ""; {
				n := min(len(k), w-2)
				lines = append(lines, s.d.styles.Text.Render("  "+k[:n]))
				k = k[n:]
			}
		default:
			lines = append(lines, wrapText(t, w)...)
		}
	}
	s.pg.setLines(lines)
	s.pg.setHeight(h)
	s.lk.setEnabled(len(lines) > h)
}

func (s *notice) Update(msg tea.Msg) (screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if key.Matches(k, s.close) {
			return s, s.d.pop(true)
		}
		s.pg.move(s.lk, k)
	}
	return s, nil
}

func (s *notice) View() string { return strings.Join(s.pg.view(), "\n") }

func (s *notice) ShortHelp() []key.Binding { return []key.Binding{s.close} }
func (s *notice) FullHelp() [][]key.Binding {
	return [][]key.Binding{s.lk.bindings(), {s.close}}
}
