package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// The fields of a form: their kinds, constructors and values.

type fieldKind int

const (
	kindLine fieldKind = iota
	kindText
	kindList
	kindChoice
	kindDate
	kindInfo
	kindLink
	kindMarks
)

// field is one field of a form. Build it with lineField, textField, ….
type field struct {
	key, label  string
	hint        string
	placeholder string
	kind        fieldKind

	in   *textinput.Model // line, date: made by newForm
	area *bigText         // text, list

	values, labels []string // choice, marks
	sel            int      // choice: the value chosen; marks: the one under the cursor
	marked         []bool   // marks

	info    func() []string // info: its lines; link: the summary
	open    func() tea.Cmd  // link
	initial string
	err     string
	secret  bool // line: typed text is not shown, and never kept as a draft
	// fresh: a date just focused with a date in it, which the first
	// character typed replaces (typing +3d after a proposed date made
	// "2026-12-22+3d"); any other key first edits it instead.
	fresh bool

	// block caches the field's rendering while it is not focused.
	block   []string
	blockOK bool
}

func lineField(key, label, value string) *field {
	value = model.SanitizeLine(value)
	f := &field{key: key, label: label, kind: kindLine}
	f.initial = value
	return f
}

// secretField is a line whose text is not shown (a passphrase).
func secretField(key, label string) *field {
	return &field{key: key, label: label, kind: kindLine, secret: true}
}

func textField(key, label, value string) *field {
	return &field{key: key, label: label, kind: kindText, initial: model.Sanitize(value)}
}

func listField(key, label string, items []string) *field {
	clean := make([]string, len(items))
	for i, s := range items {
		clean[i] = model.SanitizeLine(s)
	}
	v := model.JoinList(clean)
	return &field{key: key, label: label, kind: kindList, initial: v}
}

func choiceField(key, label string, values []string, value string) *field {
	f := &field{key: key, label: label, kind: kindChoice}
	f.setChoices(values, nil)
	f.selectValue(value)
	f.initial = f.choice()
	return f
}

// marksField is a set of values, each marked or not: the value is the
// marked ones joined by commas, in the order given.
func marksField(key, label string, values, labels []string, marked []string) *field {
	f := &field{key: key, label: label, kind: kindMarks}
	f.setChoices(values, labels)
	f.marked = make([]bool, len(values))
	f.setMarks(strings.Join(marked, ","))
	f.initial = f.value()
	return f
}

// setMarks marks exactly the values in v (comma-separated).
func (f *field) setMarks(v string) {
	for i := range f.marked {
		f.marked[i] = false
	}
	for _, x := range strings.Split(v, ",") {
		for i, val := range f.values {
			if val == strings.TrimSpace(x) {
				f.marked[i] = true
			}
		}
	}
	f.blockOK = false
}

// toggle marks or unmarks value i.
func (f *field) toggle(i int) {
	if i >= 0 && i < len(f.marked) {
		f.marked[i] = !f.marked[i]
		f.sel = i
		f.err = ""
		f.blockOK = false
	}
}

func dateField(key, label string, value time.Time) *field {
	f := lineField(key, label, model.FormatDate(value))
	f.kind = kindDate
	f.placeholder = "YYYY-MM-DD, today, +3d, +2w"
	return f
}

func infoField(key, label string, lines func() []string) *field {
	return &field{key: key, label: label, kind: kindInfo, info: lines}
}

func linkField(key, label string, summary func() []string, open func() tea.Cmd) *field {
	return &field{key: key, label: label, kind: kindLink, info: summary, open: open}
}

func (f *field) withHint(h string) *field { f.hint = h; f.blockOK = false; return f }

func (f *field) withPlaceholder(p string) *field {
	f.placeholder = p
	if f.in != nil {
		f.in.Placeholder = p
	}
	if f.area != nil {
		f.area.ta.Placeholder = p
	}
	f.blockOK = false
	return f
}

func (f *field) withLabels(labels []string) *field {
	f.setChoices(f.values, labels)
	return f
}

// setChoices replaces a choice field's values (and their labels), keeping
// the selected value when it is still offered.
func (f *field) setChoices(values, labels []string) {
	cur := ""
	if f.sel < len(f.values) {
		cur = f.values[f.sel]
	}
	f.values = append([]string(nil), values...)
	if len(labels) == len(values) {
		f.labels = append([]string(nil), labels...)
	} else {
		f.labels = append([]string(nil), values...)
	}
	f.sel = 0
	f.selectValue(cur)
	f.blockOK = false
}

func (f *field) selectValue(v string) {
	for i, x := range f.values {
		if x == v {
			f.sel = i
			return
		}
	}
}

func (f *field) choice() string {
	if f.sel < len(f.values) {
		return f.values[f.sel]
	}
	return ""
}

func (f *field) long() bool { return f.kind == kindText || f.kind == kindList }

func (f *field) focusable() bool { return f.kind != kindInfo }

// value is the field's text as the form holds it.
func (f *field) value() string {
	switch f.kind {
	case kindLine, kindDate:
		if f.in == nil {
			return f.initial
		}
		return f.in.Value()
	case kindText, kindList:
		if f.area == nil {
			return f.initial
		}
		return f.area.Value()
	case kindChoice:
		return f.choice()
	case kindMarks:
		var on []string
		for i, m := range f.marked {
			if m {
				on = append(on, f.values[i])
			}
		}
		return strings.Join(on, ",")
	}
	return ""
}
