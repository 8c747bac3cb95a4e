package tui

import (
	"context"
	"fmt"
	"path/filepath"
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
// follow-ups) with one of 39 in the same journal, as the app reads them
// (a window of the newest historyPage sessions): opening it, its sessions
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
		if x.Sessions > 0 && (small.Sessions == 0 || x.Sessions < small.Sessions) {
			small = x
		}
	}
	d := loopDeps(st)
	load := func(b *testing.B, id model.ID) model.Full {
		f, err := st.LoadWindow(context.Background(), id, windowOf(model.Full{}))
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	// press sends k to s, then what the key asked for (the reads of more
	// history) back to s, and draws it.
	press := func(s screen, k string) {
		_, cmd := s.Update(keyMsg(k))
		for _, msg := range collect(cmd) {
			s.Update(msg)
		}
		_ = s.View()
	}
	for _, rel := range []model.Summary{small, big} {
		name := func(what string) string { return fmt.Sprintf("%s/sessions=%d", what, rel.Sessions) }
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
