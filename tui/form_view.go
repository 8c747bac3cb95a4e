package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"

	"mentorlog/model"
)

// How a form draws itself: each field as a block (cached while it is not
// focused), previews of long text, choices, and the help.

// SetSize sets the form's area.
func (f *form) SetSize(w, h int) {
	w, h = max(w, 10), max(h, 3)
	if w != f.width {
		for _, fl := range f.fields {
			fl.blockOK = false
		}
	}
	f.width, f.height = w, h
	for _, fl := range f.fields {
		if fl.kind == kindLine || fl.kind == kindDate {
			fl.in.SetWidth(max(4, w-f.labelW-5))
		}
	}
	if fl := f.focused(); fl != nil && fl.long() {
		f.sizeArea(fl)
	}
}

// areaMax is the most lines a focused long field takes.
func (f *form) areaMax() int { return max(3, f.height-4) }

// sizeArea sizes a focused long field to its text, within areaMax.
func (f *form) sizeArea(fl *field) {
	h := min(max(3, fl.area.LineCount()+1), f.areaMax())
	if fl.area.height != h || fl.area.ta.Width() != f.width-4 {
		fl.area.SetSize(f.width-2, h)
	}
}

// previewLines is how many lines an unfocused long field shows.
const previewLines = 3

func (f *form) renderBlock(i int) []string {
	fl := f.fields[i]
	st := f.d.styles
	focused := i == f.focus
	if !focused && fl.blockOK && fl.kind != kindInfo && fl.kind != kindLink {
		return fl.block
	}
	w := f.width
	marker, lab := "  ", st.Label
	if focused {
		marker, lab = st.FocusLabel.Render("▸ "), st.FocusLabel
	}
	var out []string
	switch fl.kind {
	case kindLine, kindDate, kindChoice:
		head := marker + lab.Render(padRight(cut(fl.label, f.labelW), f.labelW)) + "  "
		room := w - cells().StringWidth(head)
		var body string
		switch {
		case fl.kind == kindChoice:
			body = f.choiceView(fl, focused, room)
		case focused && fl.fresh:
			body = freshView(st, one(fl.in.Value(), room-1))
		case focused:
			body = inputView(*fl.in)
			if fl.hint != "" {
				if r := room - cells().StringWidth(body) - 2; r > 8 {
					body += "  " + st.Muted.Render(cut(fl.hint, r))
				}
			}
		case fl.in.Value() == "":
			body = st.Muted.Render(cut(orDash(fl.placeholder), room))
		case fl.secret:
			body = cut(strings.Repeat("*", cells().StringWidth(fl.in.Value())), room) // never the passphrase
		default:
			body = one(fl.in.Value(), room)
		}
		out = append(out, head+body)
	case kindMarks:
		head := marker + lab.Render(padRight(cut(fl.label, f.labelW), f.labelW)) + "  "
		for i, l := range f.marksView(fl, focused, w-cells().StringWidth(head)) {
			if i > 0 {
				head = strings.Repeat(" ", cells().StringWidth(head))
			}
			out = append(out, head+l)
		}
		if fl.hint != "" {
			for _, l := range wrapText(fl.hint, max(8, w-4)) {
				out = append(out, "  "+st.Muted.Render(l))
			}
		}
	case kindText, kindList, kindInfo, kindLink:
		head := marker + lab.Render(fl.label)
		hint := fl.hint
		if fl.kind == kindLink && focused && hint == "" {
			hint = "enter to open"
		}
		if hint != "" {
			if r := w - cells().StringWidth(head) - 3; r > 8 {
				head += "  " + st.Muted.Render(cut(hint, r))
			}
		}
		out = append(out, head)
		switch {
		case fl.long() && focused:
			out = append(out, strings.Split(fl.area.View(), "\n")...)
		case fl.long():
			out = append(out, f.preview(fl)...)
		default:
			var lines []string
			if fl.info != nil {
				lines = fl.info()
			}
			if len(lines) == 0 {
				lines = []string{st.Muted.Render("—")}
			}
			for _, l := range lines {
				out = append(out, wrapIndented(l, 2, w)...) // a signature's state is read whole
			}
		}
	}
	if fl.err != "" {
		for _, l := range wrapText(fl.err, max(8, w-4)) {
			out = append(out, "  "+st.Error.Render("! "+l))
		}
	}
	if !focused {
		fl.block, fl.blockOK = out, true
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// preview is the first lines of an unfocused long field.
func (f *form) preview(fl *field) []string {
	st := f.d.styles
	v := fl.value()
	var lines []string
	if fl.kind == kindList {
		for _, item := range model.SplitList(v) {
			lines = append(lines, "• "+one(item, f.width-6))
		}
	} else {
		lines = wrapText(v, f.width-4)
	}
	if len(lines) == 0 {
		return []string{"  " + st.Muted.Render(cut(orDash(fl.placeholder), f.width-4))}
	}
	out := make([]string, 0, previewLines+1)
	for i, l := range lines {
		if i == previewLines {
			out = append(out, "  "+st.Muted.Render(morelines(len(lines)-previewLines)))
			break
		}
		out = append(out, "  "+l)
	}
	return out
}

func morelines(n int) string {
	if n == 1 {
		return "… 1 more line"
	}
	return "… " + strconv.Itoa(n) + " more lines"
}

func (f *form) choiceView(fl *field, focused bool, room int) string {
	st := f.d.styles
	if len(fl.values) == 0 {
		return st.Muted.Render("—")
	}
	parts := make([]string, len(fl.labels))
	total := 0
	for i, l := range fl.labels {
		l = model.SanitizeLine(l)
		switch {
		case i == fl.sel && focused:
			parts[i] = st.Selected.Render("[" + l + "]")
		case i == fl.sel:
			parts[i] = st.Text.Render("[" + l + "]")
		default:
			parts[i] = st.Muted.Render(" " + l + " ")
		}
		total += cells().StringWidth(l) + 3
	}
	if total <= room {
		return strings.Join(parts, " ")
	}
	cur := one(fl.labels[fl.sel], max(4, room-14))
	s := "‹ " + cur + " ›"
	if focused {
		s = st.Selected.Render(s)
	}
	return s + st.Muted.Render(" "+strconv.Itoa(fl.sel+1)+"/"+strconv.Itoa(len(fl.values)))
}

// marksView lays out a marks field's values in lines of room cells: a
// marked value is ■, an unmarked one □, and the one under the cursor is
// highlighted while the field has focus.
func (f *form) marksView(fl *field, focused bool, room int) []string {
	st := f.d.styles
	var lines []string
	line, used := "", 0
	for i, l := range fl.labels {
		box := "□ "
		style := st.Muted
		if fl.marked[i] {
			box, style = "■ ", st.Text
		}
		item := box + model.SanitizeLine(l)
		wd := cells().StringWidth(item)
		if focused && i == fl.sel {
			item = st.Selected.Render(item)
		} else {
			item = style.Render(item)
		}
		if used > 0 && used+2+wd > room {
			lines = append(lines, line)
			line, used = "", 0
		}
		if used > 0 {
			line += "  "
			used += 2
		}
		line += item
		used += wd
	}
	return append(lines, line)
}

// View renders the fields that fit, keeping the focused one in view.
func (f *form) View() string {
	st := f.d.styles
	var lines []string
	if f.topErr != "" {
		for _, l := range wrapText(f.topErr, max(8, f.width-2)) {
			lines = append(lines, st.Error.Render(l))
		}
	}
	top, bottom := 0, 0
	for i := range f.fields {
		if i == f.focus {
			top = len(lines)
		}
		lines = append(lines, f.renderBlock(i)...)
		if i == f.focus {
			bottom = len(lines)
		}
	}
	h := f.height
	if bottom-f.offset > h {
		f.offset = bottom - h
	}
	if top < f.offset {
		f.offset = top
	}
	f.offset = max(0, min(f.offset, len(lines)-h))
	end := min(len(lines), f.offset+h)
	return strings.Join(lines[f.offset:end], "\n")
}

func (f *form) ShortHelp() []key.Binding {
	k := f.keys
	if (f.focus < 0 || f.reading) && !f.readOnly { // read so far: how to start editing first
		return []key.Binding{k.Next, k.Save, k.Cancel}
	}
	return []key.Binding{k.Save, k.Cancel, k.Next, k.Choose, k.Mark, k.MarkMove, k.Open, k.Editor}
}

func (f *form) FullHelp() [][]key.Binding {
	k := f.keys
	return [][]key.Binding{{k.Next, k.Prev, k.Choose, k.Mark, k.MarkMove, k.Open}, {k.Save, k.Editor, k.Cancel}}
}
