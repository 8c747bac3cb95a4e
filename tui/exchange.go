package tui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
	"mentorlog/outfile"
)

// The exchanges of a relationship kept in two journals on two laptops
// (the shell's share, receive and sync): when the pair last exchanged,
// the conflicts to resolve, and share and receive from the app.

func init() {
	registerPart(part{Order: 75, Key: "E", Title: "Exchange", Open: func(d deps, f model.Full) screen {
		return newExchangeScreen(d, f)
	}})
}

// exchangeScreen lists the relationship's exchange state and its open
// conflicts; enter opens one to resolve, s shares, r receives.
type exchangeScreen struct {
	partState
	ex        model.Exchange
	recipient string // this journal's, to give the partner
	loaded    bool
	err       error

	list rowList
	lk   listKeys
	keys exchangeKeys
	head []string

	width, height int
}

type exchangeKeys struct {
	Resolve, Share, Receive key.Binding
}

type exchangeLoadedMsg struct {
	s         *exchangeScreen
	req       uint64
	full      model.Full
	ex        model.Exchange
	recipient string
	err       error
}

func (m exchangeLoadedMsg) to() screen { return m.s }

func newExchangeScreen(d deps, f model.Full) *exchangeScreen {
	s := &exchangeScreen{partState: partState{d: d, full: f}, lk: newListKeys(), width: 80, height: 20,
		keys: exchangeKeys{
			Resolve: keyOpen("resolve the conflict"),
			Share:   bind("share: write a bundle for them", "s"),
			Receive: bind("receive their bundle", "r"),
		}}
	s.build()
	return s
}

func (s *exchangeScreen) Init() tea.Cmd {
	s.req = newReqID()
	j, id, me, req := s.d.j, s.full.Rel.ID, s, s.req
	return func() tea.Msg {
		ctx := context.Background()
		f, err := j.LoadFull(ctx, id)
		var ex model.Exchange
		var rcpt string
		if err == nil {
			ex, err = j.Exchange(ctx, id)
		}
		if err == nil {
			_, rcpt, err = j.Identity(ctx)
		}
		return exchangeLoadedMsg{s: me, req: req, full: f, ex: ex, recipient: rcpt, err: err}
	}
}

func (s *exchangeScreen) Title() string      { return "Exchange" }
func (s *exchangeScreen) Capturing() bool    { return false }
func (s *exchangeScreen) Dirty() bool        { return false }
func (s *exchangeScreen) scopeRel() model.ID { return s.full.Rel.ID }
func (s *exchangeScreen) loading() bool      { return !s.loaded }

func (s *exchangeScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.build()
	}
	s.height = h
	s.list.setHeight(max(2, h-len(s.head)-1))
}

func (s *exchangeScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case exchangeLoadedMsg:
		if msg.req != s.req {
			return s, nil
		}
		s.loaded, s.err = true, msg.err
		if msg.err == nil {
			s.full, s.ex, s.recipient = msg.full, msg.ex, msg.recipient
		}
		s.build()
		s.SetSize(s.width, s.height)
		return s, nil
	case reloadMsg:
		return s, s.Init()
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *exchangeScreen) build() {
	st := s.d.styles
	w := max(20, s.width)
	name := model.SanitizeLine(s.full.Rel.Other())
	p := s.ex.Partner
	var head []string
	add := func(line string) { head = append(head, cut(line, w)) }
	switch {
	case !s.loaded:
		add(st.Muted.Render("Loading…"))
	case s.err != nil:
		add(st.Error.Render("Could not read the exchanges: " + model.SanitizeLine(s.err.Error())))
	default:
		add(st.Subtitle.Render("Exchanges with " + name + "'s journal"))
		if p.Sent.IsZero() && p.Received.IsZero() {
			head = appendWrapped(head, st.Muted, "Not exchanged yet. s writes a bundle for "+name+"; r reads theirs.", w)
		} else {
			add(st.Text.Render("Last shared " + when(p.Sent) + " · last received " + when(p.Received)))
			if p.Brought != "" {
				head = appendWrapped(head, st.Muted, "The last news from their journal: "+p.Brought+".", w)
			}
		}
		if p.Recipient == "" {
			head = appendWrapped(head, st.Muted, "Their recipient is not known yet: they get it from mentorlog id; s asks for it.", w)
		}
		label := "Your recipient:"
		if p.Received.IsZero() {
			label = "Your recipient, for their first share:"
		}
		if cells().StringWidth(s.recipient) > w {
			// Never cut: it is what the partner must be given whole. On a
			// narrow screen it breaks where it must, and says where to
			// copy it from on one line.
			label = strings.TrimSuffix(label, ":") + " (on one line: mentorlog id):"
			head = appendWrapped(head, st.Muted, label, w)
			for r := s.recipient; r != ""; {
				n := min(len(r), w) // a recipient is ASCII
				add(st.Text.Render(r[:n]))
				r = r[n:]
			}
		} else {
			add(st.Muted.Render(label))
			add(st.Text.Render(s.recipient))
		}
		add("")
		if len(s.ex.Conflicts) == 0 {
			head = appendWrapped(head, st.Muted, "No conflicts: everything both of you changed fits together.", w)
		} else {
			head = appendWrapped(head, st.Warn, model.Plural(len(s.ex.Conflicts), "conflict")+": you and "+name+" changed the same thing without seeing each other's change. Both versions are kept until you choose.", w)
		}
	}
	s.head = head
	rows := make([][]string, len(s.ex.Conflicts))
	sel := make([][]string, len(s.ex.Conflicts))
	for i, c := range s.ex.Conflicts {
		for k, l := range wrapText(model.SanitizeLine(c.Place(s.full)), w-2) {
			if k == 2 {
				break
			}
			if k == 0 {
				rows[i] = append(rows[i], "  "+st.Text.Render(l))
				sel[i] = append(sel[i], st.Accent.Render("▸ ")+st.Selected.Render(l))
			} else {
				rows[i] = append(rows[i], "  "+st.Text.Render(l))
				sel[i] = append(sel[i], "  "+st.Selected.Render(l))
			}
		}
	}
	s.list.set(rows, sel)
	s.updateKeys()
}

// when is a time for the exchange lines, or "never".
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func (s *exchangeScreen) updateKeys() {
	ok := s.loaded && s.err == nil
	s.keys.Resolve.SetEnabled(ok && len(s.ex.Conflicts) > 0)
	s.keys.Share.SetEnabled(ok)
	s.keys.Receive.SetEnabled(ok)
}

func (s *exchangeScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if s.list.move(s.lk, msg) {
		return nil
	}
	switch {
	case key.Matches(msg, s.keys.Resolve) && s.keys.Resolve.Enabled():
		if c := s.list.cursor; c < len(s.ex.Conflicts) {
			return s.d.push(newConflictScreen(s.d, s.full, s.ex, s.ex.Conflicts[c]))
		}
	case key.Matches(msg, s.keys.Share) && s.keys.Share.Enabled():
		return s.d.push(s.shareForm())
	case key.Matches(msg, s.keys.Receive) && s.keys.Receive.Enabled():
		return s.d.push(s.receiveForm())
	}
	return nil
}

// shareForm asks where to write the bundle (and, the first time, the
// partner's recipient), then writes it.
func (s *exchangeScreen) shareForm() screen {
	d, f := s.d, s.full
	name := strings.TrimSpace(model.SanitizeLine(f.Rel.Other()))
	file := filepath.Join(d.files, model.BundleName(f.Rel.Own(), f.Rel.Other(), d.now()))
	var fields []*field
	needTo := s.ex.Partner.Recipient == ""
	if needTo {
		fields = append(fields, lineField("to", "Their recipient", "").withPlaceholder("age1… (they run mentorlog id)"))
	}
	fields = append(fields, lineField("file", "Write the bundle to", file))
	fm := newForm(d, fields...)
	var fs *formScreen
	fs = newFormScreen(d, "Share", "A bundle holds what you share with "+name+" (never your private notes), sealed so that only their journal can open it. Send it any way you like. They add it with `mentorlog receive FILE`; once they have the relationship, r on its Exchange screen reads your next ones.", fm,
		func(fm *form) (func(ctx context.Context) error, error) {
			to := ""
			if needTo {
				to = strings.TrimSpace(fm.Value("to"))
				if to == "" {
					return nil, &model.FieldError{Field: "to", Reason: "is needed the first time: ask " + name + " to run mentorlog id and send you what it prints"}
				}
			}
			path := outfile.ExpandHome(strings.TrimSpace(fm.Value("file")), os.Getenv("HOME"))
			if path == "" {
				return nil, &model.FieldError{Field: "file", Reason: "is required"}
			}
			j, id := d.j, f.Rel.ID
			if !filepath.IsAbs(path) && d.files != "" {
				path = filepath.Join(d.files, path) // the status names the whole path
			}
			where := path
			if !filepath.IsAbs(path) {
				where += " (in the folder mentorlog was started in)"
			}
			fs.savedMsg = "Wrote " + where + ": send it to " + name + "."
			return func(ctx context.Context) error { return j.ShareFile(ctx, id, to, false, path) }, nil
		})
	fs.failed = "not written"
	fs.forRel(f)
	return fs
}

// receiveForm asks for the partner's bundle, then merges it into this
// relationship.
func (s *exchangeScreen) receiveForm() screen {
	d, f := s.d, s.full
	name := strings.TrimSpace(model.SanitizeLine(f.Rel.Other()))
	fm := newForm(d, lineField("file", "Their bundle", "").withPlaceholder("the file "+name+" sent you"))
	fs := newFormScreen(d, "Receive", "Merges the bundle "+name+" wrote into this relationship, all of it or nothing. Nothing is lost: where both of you changed the same thing, both versions are kept as a conflict to resolve here.", fm,
		func(fm *form) (func(ctx context.Context) error, error) {
			path := outfile.ExpandHome(strings.TrimSpace(fm.Value("file")), os.Getenv("HOME"))
			if path == "" {
				return nil, &model.FieldError{Field: "file", Reason: "is required"}
			}
			j, id := d.j, f.Rel.ID
			return func(ctx context.Context) error {
				_, err := j.ReceiveFile(ctx, path, model.ReceiveOptions{Into: id})
				return err
			}, nil
		})
	fs.savedMsg = "Read " + name + "'s bundle: what it brought is on the Exchange screen."
	fs.failed = "not received"
	// The newest bundle their share wrote for this pair, in the folder the
	// app started in, is looked for once the form is open and proposed.
	dir := d.files
	fs.start = func(s *formScreen) tea.Cmd {
		return func() tea.Msg { return bundleFoundMsg{s: s, path: theirBundle(dir, f.Rel)} }
	}
	fs.onMsg = func(s *formScreen, msg tea.Msg) (bool, tea.Cmd) {
		m, ok := msg.(bundleFoundMsg)
		if ok && m.path != "" && strings.TrimSpace(s.form.Value("file")) == "" {
			s.form.propose("file", m.path)
		}
		return ok, nil
	}
	fs.forRel(f)
	return fs
}

// bundleFoundMsg carries the bundle theirBundle found for a receive form.
type bundleFoundMsg struct {
	s    *formScreen
	path string
}

func (m bundleFoundMsg) to() screen { return m.s }

// theirBundle is the newest bundle in dir that the partner's share named
// for this pair (model.BundleName, from them to this journal's person),
// or "".
func theirBundle(dir string, r model.Relationship) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var best string
	var at time.Time
	for _, e := range entries {
		if e.Type().IsDir() || !model.IsBundleName(e.Name(), r.Other(), r.Own()) {
			continue
		}
		if info, err := e.Info(); err == nil && (best == "" || info.ModTime().After(at)) {
			best, at = filepath.Join(dir, e.Name()), info.ModTime()
		}
	}
	return best
}

func (s *exchangeScreen) View() string {
	lines := append([]string{}, s.head...)
	if s.loaded && s.err == nil && s.list.len() > 0 {
		lines = append(lines, s.list.view())
	}
	return strings.Join(lines, "\n")
}

func (s *exchangeScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Resolve, s.keys.Share, s.keys.Receive}
}

func (s *exchangeScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.lk.Up, s.lk.Down, s.keys.Resolve}, {s.keys.Share, s.keys.Receive}}
}

// conflictScreen shows one conflict's versions: 1, 2, … keeps one; e
// writes a version that combines them. The choice is an edit made knowing
// of every version, so it ends the conflict on the other laptop too.
type conflictScreen struct {
	d     deps
	full  model.Full
	ex    model.Exchange
	c     model.Conflict
	keys  conflictKeys
	busy  bool
	lines []string

	width, height int
}

type conflictKeys struct {
	Pick, Combine key.Binding
}

func newConflictScreen(d deps, f model.Full, ex model.Exchange, c model.Conflict) *conflictScreen {
	// This journal's version first, then the partner's.
	c.Versions = append(model.Register(nil), c.Versions...)
	sort.SliceStable(c.Versions, func(i, j int) bool {
		return c.Versions[i].Clock.Newest().Peer == ex.Me && c.Versions[j].Clock.Newest().Peer != ex.Me
	})
	s := &conflictScreen{d: d, full: f, ex: ex, c: c, width: 80, height: 20,
		keys: conflictKeys{
			Pick:    bind("keep that version", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
			Combine: keyEdit("write one that combines them"),
		}}
	s.keys.Pick.SetHelp("1-"+strconv.Itoa(min(9, len(c.Versions))), "keep that version")
	s.keys.Combine.SetEnabled(c.Editable())
	s.build()
	return s
}

func (s *conflictScreen) Init() tea.Cmd      { return nil }
func (s *conflictScreen) Title() string      { return "Conflict" }
func (s *conflictScreen) Capturing() bool    { return false }
func (s *conflictScreen) Dirty() bool        { return false }
func (s *conflictScreen) scopeRel() model.ID { return s.full.Rel.ID }

func (s *conflictScreen) SetSize(w, h int) {
	if w != s.width {
		s.width = w
		s.build()
	}
	s.height = h
}

// who says which journal wrote a version: this one, or the partner's.
func (s *conflictScreen) who(v model.Version) string {
	d := v.Clock.Newest()
	by := model.SanitizeLine(s.full.Rel.Other())
	if d.Peer == s.ex.Me {
		by = "you"
	}
	return by + ", " + d.When().In(s.d.now().Location()).Format("2006-01-02 15:04")
}

func (s *conflictScreen) build() {
	st := s.d.styles
	w := max(20, s.width)
	var lines []string
	for _, l := range wrapText(model.SanitizeLine(s.c.Place(s.full)), w) {
		lines = append(lines, st.Subtitle.Render(l))
	}
	lines = append(lines, "")
	for i, v := range s.c.Versions {
		if i >= 9 {
			break
		}
		lines = append(lines, st.Accent.Render(strconv.Itoa(i+1))+" "+st.Muted.Render(s.who(v)))
		for _, l := range wrapText(model.Sanitize(s.c.Text(v)), max(10, w-4)) {
			lines = append(lines, "    "+st.Text.Render(l))
		}
		lines = append(lines, "")
	}
	s.lines = lines
}

func (s *conflictScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case writtenMsg:
		s.busy = false
		if msg.err != nil {
			return s, fail(msg.err)
		}
		return s, tea.Batch(s.d.pop(true), status(msg.note))
	case reloadMsg:
		// Back from the combined version, saved: the conflict is gone.
		return s, s.d.pop(true)
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		switch {
		case key.Matches(msg, s.keys.Pick):
			i, _ := strconv.Atoi(msg.String())
			if i < 1 || i > len(s.c.Versions) {
				return s, nil
			}
			return s, s.resolve(s.c.Versions[i-1].Value, fmt.Sprintf("Kept version %d. It goes to %s with your next share.", i, model.SanitizeLine(s.full.Rel.Other())))
		case key.Matches(msg, s.keys.Combine) && s.keys.Combine.Enabled():
			return s, s.d.push(s.combineForm())
		}
	}
	return s, nil
}

func (s *conflictScreen) resolve(v json.RawMessage, note string) tea.Cmd {
	s.busy = true
	j, id, c := s.d.j, s.full.Rel.ID, s.c
	return write(s, note, func(ctx context.Context) error { return j.Resolve(ctx, id, c, v) })
}

// combineForm edits a text that starts with every version, one after the
// other; saving it resolves the conflict with it.
func (s *conflictScreen) combineForm() screen {
	var parts []string
	oneLine := true
	for _, v := range s.c.Versions {
		if model.Blank(v) {
			continue // an empty version adds nothing to combine
		}
		t := s.c.Text(v)
		oneLine = oneLine && !strings.Contains(t, "\n") && v.Value[0] == '"'
		parts = append(parts, t)
	}
	d, c, j, id := s.d, s.c, s.d.j, s.full.Rel.ID
	// A one-line text is combined on one line, as its own screen edits it.
	field := textField("text", "Combined", strings.Join(parts, "\n\n"))
	intro := "The versions are below, one after the other. Make them one; ctrl+s keeps it."
	if oneLine {
		field = lineField("text", "Combined", strings.Join(parts, " / "))
		intro = "The versions are below on one line, a slash between them. Make them one; ctrl+s keeps it."
	}
	fm := newForm(d, field)
	fs := newFormScreen(d, "Combine", intro, fm,
		func(fm *form) (func(ctx context.Context) error, error) {
			v := c.Combined(fm.Value("text"))
			return func(ctx context.Context) error { return j.Resolve(ctx, id, c, v) }, nil
		})
	fs.savedMsg = "Kept the combined version. It goes to " + model.SanitizeLine(s.full.Rel.Other()) + " with your next share."
	fs.forRel(s.full)
	return fs
}

func (s *conflictScreen) View() string {
	lines := s.lines
	if len(lines) > s.height {
		lines = lines[:s.height]
	}
	return strings.Join(lines, "\n")
}

func (s *conflictScreen) ShortHelp() []key.Binding { return []key.Binding{s.keys.Pick, s.keys.Combine} }
func (s *conflictScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{{s.keys.Pick, s.keys.Combine}}
}
