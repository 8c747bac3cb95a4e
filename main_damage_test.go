package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestBitFlipsNeverGiveWrongOutput flips one random bit of a journal file
// a few hundred times (seeded: a failure names its flip, and
// MENTORLOG_FLIP_SEED replays the sequence) and runs the whole-journal
// exports, JSON and Markdown, over each. Every run either fails (exit not
// 0, saying the journal is damaged or cannot be read) or writes exactly
// what the undamaged journal gives. Exit 0 with wrong or invalid output is
// what must never happen. It runs the real binary, so that a damaged page
// that crashes a process crashes that one, as it would a user's command.
// MENTORLOG_FLIPS=N runs N flips instead (for a longer run than CI's).
func TestBitFlipsNeverGiveWrongOutput(t *testing.T) {
	e := withFixture(t)
	good, err := os.ReadFile(e.db)
	if err != nil {
		t.Fatal(err)
	}
	exports := [][]string{{"export"}, {"export", "--format", "markdown"}}
	var want []string
	for _, args := range exports {
		want = append(want, normalise(e.run("", args...).must(t, 0).out))
	}
	day := time.Now().Format(time.DateOnly)

	n, seed := 300, uint64(14)
	if testing.Short() {
		n = 40
	}
	if v, err := strconv.Atoi(os.Getenv("MENTORLOG_FLIPS")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.ParseUint(os.Getenv("MENTORLOG_FLIP_SEED"), 10, 64); err == nil {
		seed = v
	}
	// Flip bits where the journal has data: most of a small journal's
	// file is space bbolt has not used yet.
	const page = 4096
	var used []int
	for p := 0; p < len(good); p += page {
		if bytes.ContainsFunc(good[p:min(p+page, len(good))], func(r rune) bool { return r != 0 }) {
			used = append(used, p)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 300))
	var failed, same int
	for i := range n {
		bad := bytes.Clone(good)
		at := min(used[rng.IntN(len(used))]+rng.IntN(page), len(bad)-1)
		bad[at] ^= 1 << rng.IntN(8)
		if err := os.WriteFile(e.db, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		for j, args := range exports {
			r := e.run("", args...)
			switch {
			case r.code != 0:
				failed++
			case normalise(r.out) == want[j]:
				same++
			default:
				if time.Now().Format(time.DateOnly) != day {
					t.Skip("the date in the Markdown header changed during the run: run it again")
				}
				got, w := normalise(r.out), want[j]
				d := 0
				for d < len(got) && d < len(w) && got[d] == w[d] {
					d++
				}
				kept := filepath.Join(os.TempDir(), fmt.Sprintf("mentorlog-flip-%d-%d.db", seed, i))
				_ = os.WriteFile(kept, bad, 0o600)
				_ = os.WriteFile(kept+".good", good, 0o600)
				t.Errorf("flip %d (seed %d, byte %d, page %d; journal kept as %s): %v exited 0 with different output from byte %d:\n got %q\nwant %q",
					i, seed, at, at/page, kept, args, d, got[d:min(d+100, len(got))], w[d:min(d+100, len(w))])
			}
		}
	}
	t.Logf("%d flips over %d pages in use, %d runs: %d failed, %d gave the journal's export unchanged", n, len(used), n*len(exports), failed, same)
}
