package tui

import (
	"os"
	"testing"
)

// TestMain makes the theme plain so views and goldens hold no escape
// sequence and do not depend on the terminal running the tests. It is the
// only TestMain of the package.
func TestMain(m *testing.M) {
	plainStyles = true
	os.Exit(m.Run())
}
