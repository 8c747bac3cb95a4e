package tui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// `/` from inside a relationship searches the whole journal; tab narrows
// the search to that relationship and back.
func TestSearchFromRelationshipCoversJournalAndTabNarrows(t *testing.T) {
	a, b := loopSample(), loopOther()
	j := newJournal(t, loopNow, a, b)
	d := drive(t, j, 100, 20)
	s := newSearch(d.deps(), a.Rel.ID)
	d.open(s)
	d.typeText("ta")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	rels := map[string]bool{}
	for _, h := range s.hits {
		rels[string(h.RelID)] = true
	}
	if len(rels) != 2 {
		t.Fatalf("whole-journal search found hits in %d relationships, want 2", len(rels))
	}
	d.keys("tab")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	if len(s.hits) == 0 {
		t.Fatal("narrowed search found nothing")
	}
	for _, h := range s.hits {
		if h.RelID != a.Rel.ID {
			t.Fatalf("narrowed search returned a hit of %s", h.With)
		}
	}
	d.keys("tab")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	rels = map[string]bool{}
	for _, h := range s.hits {
		rels[string(h.RelID)] = true
	}
	if len(rels) != 2 {
		t.Fatalf("tab again should widen to the journal, got %d relationships", len(rels))
	}
}

// In pair view tab never widens the search beyond the pair.
func TestSearchPairViewStaysNarrow(t *testing.T) {
	a, b := loopSample(), loopOther()
	d := drive(t, newJournal(t, loopNow, a, b), 100, 20)
	dp := d.deps()
	dp.pair = true
	s := newSearch(dp, a.Rel.ID)
	d.open(s)
	d.typeText("ta")
	d.keys("tab")
	d.send(searchTickMsg{screen: s, seq: s.seq})
	for _, h := range s.hits {
		if h.RelID != a.Rel.ID {
			t.Fatalf("pair-view search reached %s", h.With)
		}
	}
}

// A chunk of fast typing that spells a key name is text, not that key.
func TestSearchChunkedTypingIsText(t *testing.T) {
	d := drive(t, newJournal(t, loopNow, loopSample()), 100, 20)
	s := newSearch(d.deps(), "")
	d.open(s)
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("enter")})
	if got := s.input.Value(); got != "enter" {
		t.Fatalf("query = %q, want the typed word", got)
	}
	if len(d.pushed()) != 0 {
		t.Fatal("typed text opened a hit")
	}
}

type warmingFake struct {
	*testJournal
	warmed int
}

func (w *warmingFake) WarmSearch(ctx context.Context) error { w.warmed++; return nil }

// Opening the search screen starts building the journal's search index.
func TestSearchOpeningWarmsTheIndex(t *testing.T) {
	j := &warmingFake{testJournal: newJournal(t, loopNow, loopSample())}
	s := newSearch(loopDeps(j), "")
	cmd := s.Init()
	if cmd == nil {
		t.Fatal("Init returned no command")
	}
	for _, c := range cmd().(tea.BatchMsg) {
		if c != nil {
			c()
		}
	}
	if j.warmed != 1 {
		t.Fatalf("WarmSearch called %d times, want 1", j.warmed)
	}
}
