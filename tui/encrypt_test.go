package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The recovery key is shown whole at any width: broken over lines where
// the window is narrower than the key, never cut.
func TestNoticeKeepsTheKeyWhole(t *testing.T) {
	k := "AGE-SECRET-KEY-1" + strings.Repeat("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 2)[:58]
	for _, w := range []int{100, 80, 60, 40} {
		s := newNotice(testDeps(nil), "Recovery key", []string{"Write it down:", "", "  " + k, "", "Then press enter."})
		s.SetSize(w, 40)
		var joined string
		for _, l := range strings.Split(ansi.Strip(s.View()), "\n") {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: line wider than the window: %q", w, l)
			}
			if strings.HasPrefix(l, "  ") {
				joined += strings.TrimSpace(l)
			}
		}
		if joined != k {
			t.Errorf("width %d: the key shown is %q, want %q", w, joined, k)
		}
	}
}
