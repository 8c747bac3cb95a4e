package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// AgreementText is the foundation written out as the text both parties
// sign. Signatures are not part of it. Its layout is stable: changing it
// would make every existing signature look stale.
func (f Foundation) AgreementText() string {
	var b strings.Builder
	line := func(label, v string) {
		v = strings.TrimSpace(v)
		if v == "" {
			return
		}
		fmt.Fprintf(&b, "%s: %s\n", label, strings.ReplaceAll(v, "\n", "\n  "))
	}
	list := func(label string, vs []string) {
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				fmt.Fprintf(&b, "%s: %s\n", label, strings.ReplaceAll(v, "\n", "\n  "))
			}
		}
	}
	list("Shared value", f.SharedValues)
	list("Key goal", f.KeyGoals)
	r := f.Rules
	line("Meeting frequency", r.Frequency)
	line("Meeting time", r.When)
	line("Meeting place", r.Where)
	line("How to reach each other", r.Contact)
	line("When not to", r.NoContact)
	line("Confidentiality", r.Confidentiality)
	line("In scope", r.Scope)
	line("Limits", r.Limits)
	line("Mentor wants", f.MentorWants)
	line("Mentor brings", f.MentorBrings)
	line("Mentee wants", f.MenteeWants)
	line("Mentee brings", f.MenteeBrings)
	line("Expectations", f.Expectations)
	line("Schedule", f.Schedule)
	return b.String()
}

// Fingerprint is a short hash of AgreementText: 16 hex digits.
func (f Foundation) Fingerprint() string {
	sum := sha256.Sum256([]byte(f.AgreementText()))
	return hex.EncodeToString(sum[:8])
}

// CurrentSignature is the newest signature of party, if any.
func (f Foundation) CurrentSignature(party Role) (Signature, bool) {
	for i := len(f.Signatures) - 1; i >= 0; i-- {
		if f.Signatures[i].Party == party {
			return f.Signatures[i], true
		}
	}
	return Signature{}, false
}

// SignState is where one party stands with the current agreement.
type SignState int

const (
	Unsigned           SignState = iota // never signed
	Signed                              // signed this very text
	ChangedSinceSigned                  // signed, but the text changed afterwards
)

func (s SignState) String() string {
	switch s {
	case Signed:
		return "signed"
	case ChangedSinceSigned:
		return "changed since signed"
	}
	return "not signed"
}

// SignStateOf says whether party's newest signature matches the text now.
func (f Foundation) SignStateOf(party Role) (SignState, Signature) {
	s, ok := f.CurrentSignature(party)
	if !ok {
		return Unsigned, Signature{}
	}
	if s.Fingerprint != f.Fingerprint() {
		return ChangedSinceSigned, s
	}
	return Signed, s
}

// FullySigned reports whether both parties signed the current text.
func (f Foundation) FullySigned() bool {
	a, _ := f.SignStateOf(RoleMentor)
	b, _ := f.SignStateOf(RoleMentee)
	return a == Signed && b == Signed
}

// ChangedSinceSigned reports whether a party signed an older text of the
// agreement than the one there is now.
func (f Foundation) ChangedSinceSigned() bool { return len(f.ToSignAgain()) > 0 }

// ToSignAgain lists the parties who signed an older text of the agreement
// than it holds now, with their newest signature: they must sign again.
func (f Foundation) ToSignAgain() []Signature {
	var out []Signature
	for _, p := range Parties {
		if st, sig := f.SignStateOf(p); st == ChangedSinceSigned {
			out = append(out, sig)
		}
	}
	return out
}

// Empty reports whether the agreement holds nothing to sign yet.
func (f Foundation) Empty() bool { return strings.TrimSpace(f.AgreementText()) == "" }

// Sign appends a signature of the current text by party, typed as name.
// It validates the name; the returned foundation keeps every earlier
// signature.
func (f Foundation) Sign(party Role, name string, at time.Time) (Foundation, error) {
	name = strings.TrimSpace(name)
	var c checker
	if !party.ValidParty() {
		c.add("party", "must be mentor or mentee")
	}
	c.name("name", name, true)
	if f.Empty() {
		c.add("agreement", "is empty: write at least one value, goal or rule before signing")
	}
	if err := c.p.Err(); err != nil {
		return f, err
	}
	sigs := make([]Signature, len(f.Signatures), len(f.Signatures)+1)
	copy(sigs, f.Signatures)
	f.Signatures = append(sigs, Signature{
		Party: party, Name: name, At: at.UTC(),
		Fingerprint: f.Fingerprint(), Text: f.AgreementText(),
	})
	return f, nil
}

// DiffOp marks a line of a diff.
type DiffOp byte

const (
	DiffSame    DiffOp = ' '
	DiffAdded   DiffOp = '+'
	DiffRemoved DiffOp = '-'
)

// DiffLine is one line of a line diff.
type DiffLine struct {
	Op   DiffOp
	Text string
}

// DiffLines is a line diff (longest common subsequence) from old to new.
// It is meant for agreement texts of a few dozen lines; inputs over 2,000
// lines each are compared as a whole removal and addition.
func DiffLines(oldText, newText string) []DiffLine {
	a := splitLines(oldText)
	b := splitLines(newText)
	if len(a) > 2000 || len(b) > 2000 {
		out := make([]DiffLine, 0, len(a)+len(b))
		for _, l := range a {
			out = append(out, DiffLine{DiffRemoved, l})
		}
		for _, l := range b {
			out = append(out, DiffLine{DiffAdded, l})
		}
		return out
	}
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else if lcs[i+1][j] >= lcs[i][j+1] {
				lcs[i][j] = lcs[i+1][j]
			} else {
				lcs[i][j] = lcs[i][j+1]
			}
		}
	}
	var out []DiffLine
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, DiffLine{DiffSame, a[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, DiffLine{DiffRemoved, a[i]})
			i++
		default:
			out = append(out, DiffLine{DiffAdded, b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, DiffLine{DiffRemoved, a[i]})
	}
	for ; j < m; j++ {
		out = append(out, DiffLine{DiffAdded, b[j]})
	}
	return out
}

func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// SameName reports whether a typed name is the given name as names are
// compared (FoldName: case and accents aside), runs of white space aside
// too ("ada  lovelace" is "Ada Lovelace", "jose" is "José").
func SameName(typed, name string) bool {
	fold := func(s string) string { return FoldName(strings.Join(strings.Fields(s), " ")) }
	return fold(typed) == fold(name)
}
