package model

import "testing"

func TestCheckPassphrase(t *testing.T) {
	for p, ok := range map[string]bool{
		"":                  false,
		"   ":               false,
		"seven77":           false, // 7: one short
		"eight888":          true,  // 8: the least
		"  eight888  ":      true,
		"ünïcödé!":          true, // 8 characters, more bytes
		"ünïcödé":           false,
		"AGE-SECRET-KEY-1X": false,
		"age-secret-key-1x": false,
		"tuesday lantern":   true,
	} {
		if got := CheckPassphrase(p) == ""; got != ok {
			t.Errorf("CheckPassphrase(%q) = %q, want ok %v", p, CheckPassphrase(p), ok)
		}
	}
}
