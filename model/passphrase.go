package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MinPassphrase is the fewest characters a passphrase may have.
const MinPassphrase = 8

// RecoveryPrefix begins a recovery key (an age identity), which opens a
// journal wherever a passphrase is asked, in any letter case.
const RecoveryPrefix = "AGE-SECRET-KEY-1"

// CheckPassphrase tells what is wrong with a passphrase chosen to encrypt
// a journal, as a reason to show beside the field ("" when it will do):
// not empty, not too short, and not a recovery key.
func CheckPassphrase(p string) string {
	t := strings.TrimSpace(p)
	switch {
	case t == "":
		return "is empty: choose a passphrase"
	case strings.HasPrefix(strings.ToUpper(t), RecoveryPrefix):
		return "is a recovery key: choose a passphrase of your own"
	case utf8.RuneCountInString(t) < MinPassphrase:
		return fmt.Sprintf("is too short: use at least %d characters; a few words are easy to remember and hard to guess", MinPassphrase)
	}
	return ""
}
