package tui

import (
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

// Helpers shared by the core and loop test drivers.

// testKeyCodes are the special keys keyMsg knows by name.
var testKeyCodes = map[string]rune{
	"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd,
	"delete": tea.KeyDelete, "f1": tea.KeyF1,
}

// keyMsg makes a key by name, as a terminal's keystroke decodes ("enter",
// "ctrl+s", "shift+tab", "alt+1", "space", "j", "J", "é"). A name with
// several characters that names no key is refused: type text with
// typeText, one key a character.
func keyMsg(s string) tea.KeyPressMsg {
	var mod tea.KeyMod
	name := s
	for {
		switch {
		case strings.HasPrefix(name, "ctrl+") && len(name) > 5:
			mod |= tea.ModCtrl
			name = name[5:]
			continue
		case strings.HasPrefix(name, "alt+") && len(name) > 4:
			mod |= tea.ModAlt
			name = name[4:]
			continue
		case strings.HasPrefix(name, "shift+") && len(name) > 6:
			mod |= tea.ModShift
			name = name[6:]
			continue
		}
		break
	}
	if name == "space" || name == " " {
		k := tea.KeyPressMsg{Code: tea.KeySpace, Mod: mod}
		if mod == 0 {
			k.Text = " "
		}
		return k
	}
	if c, ok := testKeyCodes[name]; ok {
		return tea.KeyPressMsg{Code: c, Mod: mod}
	}
	r, n := utf8.DecodeRuneInString(name)
	if n != len(name) {
		panic("keyMsg: no key is named " + strconv.Quote(s))
	}
	k := tea.KeyPressMsg{Code: r, Mod: mod}
	if unicode.IsUpper(r) {
		k.Code, k.ShiftedCode, k.Mod = unicode.ToLower(r), r, k.Mod|tea.ModShift
	}
	if k.Mod&^tea.ModShift == 0 {
		k.Text = string(r)
	}
	return k
}

// typeKeys is text typed a key a character, as a terminal decodes it.
func typeKeys(text string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range text {
		out = append(out, keyMsg(string(r)))
	}
	return out
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// sequenceOf returns the commands of tea.Sequence's (unexported) message.
func sequenceOf(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}

// shown is a screen's or a field's view as the terminal shows it: the
// cursor mark taken out (the terminal's cursor stands there).
func shown(view string) string {
	s, _ := placeCursor(view)
	return s
}
