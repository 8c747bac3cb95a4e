package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
	"mentorlog/store"
	"mentorlog/store/storetest"
)

var _ Journal = (*store.Store)(nil)

// openLarge opens the large benchmark journal (storetest.Default: 20,000
// sessions, ~50 MB of text), built once and cached by storetest.
func openLarge(b *testing.B) *store.Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "large.db")
	if err := storetest.Generate(path, storetest.Default()); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkSearchAsYouType measures search on the large journal:
// "keystroke" is what the event loop pays per key (Update + View with a
// full result list on screen; the search itself runs in a command);
// "refine" is one whole refinement: the command's Journal.Search for a
// typical word, then the result applied and drawn.
func BenchmarkSearchAsYouType(b *testing.B) {
	st := openLarge(b)
	d := loopDeps(st)
	s := newSearch(d, "")
	s.SetSize(118, 36)
	run := func(q string) {
		s.input.SetValue(q)
		s.seq++
		msg := runSearch(s, st, s.seq, q, s.options())()
		s.Update(msg)
	}
	run("feedback")
	if len(s.hits) == 0 {
		b.Fatal("no hits for feedback in the large journal")
	}
	b.Run("keystroke", func(b *testing.B) {
		keys := []tea.KeyPressMsg{keyMsg("s"), keyMsg("backspace")}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			s.Update(keys[i%2])
			_ = s.View()
		}
	})
	b.Run("refine", func(b *testing.B) {
		words := []string{"feedback", "career", "roadmap", "meeting"}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			run(words[i%len(words)])
			_ = s.View()
		}
	})
}

// BenchmarkSessionsScroll measures one keystroke (Update + View) on the
// sessions screen of a relationship with 1,000 sessions.
func BenchmarkSessionsScroll(b *testing.B) {
	f := loopSample()
	f.Sessions = manySessions(f.Rel.ID, 1000)
	f.FollowUps, f.Roadmap = nil, nil // they point at the sessions replaced
	s := newSessionsScreen(loopDeps(newJournal(b, loopNow, f)), f)
	s.SetSize(118, 36)
	_ = s.View()
	down, up := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := down
		if (i/999)%2 == 1 {
			k = up
		}
		s.Update(k)
		_ = s.View()
	}
}

// BenchmarkHistory compares a relationship with 5,000 sessions (25,000
// follow-ups, 481 of them open) with the one nearest 50 sessions in the
// same journal, and with itself in a copy where no more of its follow-ups
// are open than the other's, as the app reads them (a window of the
// newest historyPage sessions, and every open follow-up): opening it, its sessions
// screen, its follow-ups screen, paging down its sessions (the reads of
// older pages included), and end (which reads the oldest page).
//
//	go test ./tui -run XXX -bench History -benchtime 20x
func BenchmarkHistory(b *testing.B) {
	cfg := storetest.Default()
	cfg.Relationships, cfg.Sessions, cfg.FollowUps, cfg.Goals, cfg.BigRelSessions = 21, 6000, 30000, 105, 5000
	path, err := storetest.CachedPath(cfg)
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	sums, err := st.ListSummaries(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	var big, small model.Summary
	for _, x := range sums {
		if x.Sessions > big.Sessions {
			big = x
		}
		if x.Sessions > 0 && (small.Sessions == 0 || max(x.Sessions-50, 50-x.Sessions) < max(small.Sessions-50, 50-small.Sessions)) {
			small = x // the one nearest 50 sessions
		}
	}
	// The big one again, in a copy of the journal where all its open
	// follow-ups but the newest, as many as the small one has open, are
	// done: what its history costs, apart from what is still open.
	cases := []historyCase{{small, st}, {big, st}, closeOpenBut(b, path, big.Rel.ID, small.OpenFollowUps)}
	// press sends k to s, then what the key asked for (the reads of more
	// history) back to s, and draws it.
	press := func(s screen, k string) {
		_, cmd := s.Update(keyMsg(k))
		for _, msg := range collect(cmd) {
			s.Update(msg)
		}
		_ = s.View()
	}
	for _, c := range cases {
		rel, d := c.sum, loopDeps(c.st)
		load := func(b *testing.B, id model.ID) model.Full {
			f, err := c.st.LoadWindow(context.Background(), id, windowOf(model.Full{}))
			if err != nil {
				b.Fatal(err)
			}
			return f
		}
		name := func(what string) string {
			return fmt.Sprintf("%s/sessions=%d,open=%d", what, rel.Sessions, rel.OpenFollowUps)
		}
		b.Run(name("open"), func(b *testing.B) {
			for b.Loop() {
				s := newRelationshipScreen(d, rel.Rel.ID)
				s.SetSize(118, 36)
				s.Update(s.Init()())
				_ = s.View()
			}
		})
		b.Run(name("sessions"), func(b *testing.B) {
			for b.Loop() {
				s := newSessionsScreen(d, load(b, rel.Rel.ID))
				s.SetSize(118, 36)
				_ = s.View()
			}
		})
		b.Run(name("follow-ups"), func(b *testing.B) {
			for b.Loop() {
				s := newFollowUpsScreen(d, load(b, rel.Rel.ID))
				s.SetSize(118, 36)
				_ = s.View()
			}
		})
		b.Run(name("pgdown"), func(b *testing.B) {
			var s *sessionsScreen
			for b.Loop() {
				if s == nil || s.list.cursor >= min(rel.Sessions, 300)-1 {
					s = newSessionsScreen(d, load(b, rel.Rel.ID))
					s.SetSize(118, 36)
				}
				press(s, "pgdown")
			}
		})
		b.Run(name("end"), func(b *testing.B) {
			for b.Loop() {
				s := newSessionsScreen(d, load(b, rel.Rel.ID))
				s.SetSize(118, 36)
				press(s, "end")
				if s.list.cursor != rel.Sessions-1 {
					b.Fatalf("end put the cursor on %d of %d", s.list.cursor, rel.Sessions)
				}
			}
		})
	}
}

// historyCase is a relationship of BenchmarkHistory and its journal.
type historyCase struct {
	sum model.Summary
	st  *store.Store
}

// closeOpenBut copies the journal at path and marks done every open
// follow-up of rel in the copy but the n newest.
func closeOpenBut(b *testing.B, path string, rel model.ID, n int) historyCase {
	b.Helper()
	cp := filepath.Join(b.TempDir(), "journal.db")
	if err := copyFile(path, cp); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(cp, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ctx := context.Background()
	f, err := st.LoadWindow(ctx, rel, windowOf(model.Full{})) // every open follow-up is in a window
	if err != nil {
		b.Fatal(err)
	}
	var open []model.FollowUp
	for _, x := range f.FollowUps {
		if x.Status == model.FollowUpOpen {
			open = append(open, x)
		}
	}
	sort.Slice(open, func(i, j int) bool { return open[i].Created.After(open[j].Created) })
	for _, x := range open[min(n, len(open)):] {
		x.Status, x.DoneAt = model.FollowUpDone, model.Day(loopNow)
		if err := st.SaveFollowUp(ctx, x); err != nil {
			b.Fatal(err)
		}
	}
	sums, err := st.ListSummaries(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range sums {
		if s.Rel.ID == rel {
			if s.OpenFollowUps != min(n, len(open)) {
				b.Fatalf("%d follow-ups open after closing all but %d", s.OpenFollowUps, n)
			}
			return historyCase{s, st}
		}
	}
	b.Fatal("the relationship is not in the copy")
	return historyCase{}
}
