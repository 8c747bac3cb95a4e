package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

func hitsOf(t *testing.T, s *Store, q string, opt model.SearchOptions) []model.Hit {
	t.Helper()
	hits, err := s.Search(ctx, q, opt)
	mustNil(t, err)
	for _, h := range hits {
		if h.Line[h.Start:h.End] == "" || !strings.EqualFold(h.Line[h.Start:h.End], strings.TrimSpace(q)) {
			t.Errorf("hit %q [%d:%d] does not mark %q", h.Line, h.Start, h.End, q)
		}
	}
	return hits
}

func TestSearchFindsEveryKindOfText(t *testing.T) {
	s := openTemp(t)
	ada := fill(t, s, "Ada")
	bob := fill(t, s, "Bob")

	hits := hitsOf(t, s, "CONFERENCE", model.SearchOptions{})
	// Goal title and session notes of both relationships.
	kinds := map[model.HitKind]int{}
	for _, h := range hits {
		kinds[h.Kind]++
	}
	if kinds[model.HitGoal] != 2 || kinds[model.HitSession] != 2 {
		t.Fatalf("hits for conference: %+v", hits)
	}
	// Ordered by the other person's name, then newest first.
	if hits[0].With != "Ada" || hits[len(hits)-1].With != "Bob" {
		t.Errorf("order: %+v", hits)
	}
	for _, h := range hits {
		if h.Kind == model.HitSession {
			if h.Field != "notes" || h.Line != "We talked about the Conference and her fear of speaking." || h.Date != "2026-02-10" {
				t.Errorf("session hit: %+v", h)
			}
		}
	}
	// One line per hit: the second line of the notes is its own hit.
	if hits := hitsOf(t, s, "budget", model.SearchOptions{RelID: ada.Rel.ID}); len(hits) != 1 || hits[0].Line != "Second line about Budget." || hits[0].RelID != ada.Rel.ID {
		t.Errorf("budget in Ada's journal: %+v", hits)
	}
	// Plan hits carry their layer.
	hits = hitsOf(t, s, "present our work", model.SearchOptions{})
	if len(hits) != 2 || hits[0].Kind != model.HitPlan || hits[0].Layer != model.LayerMeaning || hits[0].Field != "meaning.team" {
		t.Errorf("plan hits: %+v", hits)
	}
	// Private notes are found, flagged, and left out on request.
	if hits := hitsOf(t, s, "tired", model.SearchOptions{}); len(hits) != 2 || !hits[0].Private {
		t.Errorf("private hits: %+v", hits)
	}
	if hits := hitsOf(t, s, "tired", model.SearchOptions{NoPrivate: true}); len(hits) != 0 {
		t.Errorf("NoPrivate still finds private notes: %+v", hits)
	}
	for _, q := range []string{"rehearsal", "good listening", "negotiation", "drafted the outline", "on track", "honesty", "read two chapters"} {
		if hits := hitsOf(t, s, q, model.SearchOptions{}); len(hits) != 2 {
			t.Errorf("%q: %d hits, want 2", q, len(hits))
		}
	}
	if hits := hitsOf(t, s, "conference", model.SearchOptions{Limit: 1}); len(hits) != 1 {
		t.Errorf("limit: %d hits", len(hits))
	}
	if hits, _ := s.Search(ctx, "   ", model.SearchOptions{}); len(hits) != 0 {
		t.Error("blank query found something")
	}

	// The index follows saves and deletes.
	se := session(bob.Rel.ID, "2026-03-01", "A brand new Zeppelin idea")
	mustNil(t, s.SaveSession(ctx, se))
	if hits := hitsOf(t, s, "zeppelin", model.SearchOptions{}); len(hits) != 1 || hits[0].RecordID != se.ID {
		t.Fatalf("new session not found: %+v", hits)
	}
	se.Notes = "changed my mind"
	mustNil(t, s.SaveSession(ctx, se))
	if hits := hitsOf(t, s, "zeppelin", model.SearchOptions{}); len(hits) != 0 {
		t.Errorf("old text still found: %+v", hits)
	}
	mustNil(t, s.DeleteSession(ctx, se.ID))
	if hits := hitsOf(t, s, "changed my mind", model.SearchOptions{}); len(hits) != 0 {
		t.Errorf("deleted session still found: %+v", hits)
	}
	mustNil(t, s.Erase(ctx, ada.Rel.ID))
	if hits := hitsOf(t, s, "conference", model.SearchOptions{}); len(hits) != 2 {
		t.Errorf("after deleting Ada: %+v", hits)
	}
	_, _, err := s.UpdateRelationship(ctx, bob.Rel.ID, func(r *model.Relationship, _ *model.Plan) error {
		r.MenteeName = "Robert"
		return nil
	})
	mustNil(t, err)
	if hits := hitsOf(t, s, "conference", model.SearchOptions{}); hits[0].With != "Robert" {
		t.Errorf("renamed relationship: %+v", hits[0])
	}
	// A new journal's import is searchable at once.
	other := openTemp(t)
	_, err = other.Search(ctx, "x", model.SearchOptions{}) // builds the empty index
	mustNil(t, err)
	_, err = other.Import(ctx, decodeArchive(t, exportString(t, s)))
	mustNil(t, err)
	if hits := hitsOf(t, other, "conference", model.SearchOptions{}); len(hits) != 2 {
		t.Errorf("after import: %d hits", len(hits))
	}
}

func TestSearchLinesAreSanitizedAndTrimmed(t *testing.T) {
	s := openTemp(t)
	r := newRel(t, s, "Ada")
	long := strings.Repeat("filler words here ", 30) + "the Ünïcode NEEDLE \x1b[31mred\x1b[0m " + strings.Repeat("and more after ", 30)
	se := session(r.ID, "2026-02-01", long)
	mustNil(t, s.SaveSession(ctx, se))
	hits := hitsOf(t, s, "needle", model.SearchOptions{})
	if len(hits) != 1 {
		t.Fatalf("hits: %+v", hits)
	}
	h := hits[0]
	if strings.ContainsRune(h.Line, 0x1b) {
		t.Errorf("escape sequence in the line: %q", h.Line)
	}
	if len(h.Line) > 260 || !strings.HasPrefix(h.Line, "…") || !strings.HasSuffix(h.Line, "…") {
		t.Errorf("line not trimmed around the hit (%d bytes): %q", len(h.Line), h.Line)
	}
	if h.Line[h.Start:h.End] != "NEEDLE" || !strings.Contains(h.Line, "Ünïcode") {
		t.Errorf("original case lost: %q", h.Line)
	}
	// The match stays marked whether the line holds what is stripped
	// before it, after it, or nothing at all.
	for _, text := range []string{
		"\x1b[31mred\x1b[0m and\tthen the Haystack",
		"the Haystack, then\x1b[31m red\x1b[0m and\ta tab",
		strings.Repeat("filler words here ", 30) + "the Haystack " + strings.Repeat("and more after ", 30),
		"just the Haystack",
	} {
		x := session(r.ID, "2026-02-02", text)
		mustNil(t, s.SaveSession(ctx, x))
		hits := hitsOf(t, s, "haystack", model.SearchOptions{})
		if len(hits) != 1 || hits[0].Line[hits[0].Start:hits[0].End] != "Haystack" || strings.ContainsAny(hits[0].Line, "\x1b\t") {
			t.Errorf("%q: %+v", text, hits)
		}
		mustNil(t, s.DeleteSession(ctx, x.ID))
	}
	if hits := hitsOf(t, s, "ünïcode", model.SearchOptions{}); len(hits) != 1 {
		t.Errorf("non-ASCII case-insensitive: %+v", hits)
	} else if got := hits[0].Line[hits[0].Start:hits[0].End]; got != "Ünïcode" {
		t.Errorf("non-ASCII original case: %q", got)
	}
}

// The texts on disk follow every edit and delete in the same transaction:
// after many edits of one session only its last text is found, the text
// bucket holds one entry per record, and a deleted record is not found.
func TestSearchTextFollowsEdits(t *testing.T) {
	s := openTemp(t)
	r := newRel(t, s, "Ada")
	se := session(r.ID, "2026-02-01", "first")
	mustNil(t, s.SaveSession(ctx, se))
	for i := 0; i < 300; i++ {
		se.Notes = strings.Repeat("x", i%50) + " version " + fmt.Sprint(i)
		mustNil(t, s.SaveSession(ctx, se))
	}
	if hits := hitsOf(t, s, "version", model.SearchOptions{}); len(hits) != 1 || !strings.HasSuffix(hits[0].Line, "version 299") {
		t.Errorf("after 300 edits: %+v", hits)
	}
	if hits := hitsOf(t, s, "first", model.SearchOptions{}); len(hits) != 0 {
		t.Errorf("the first text is still found: %+v", hits)
	}
	if n, want := bucketCounts(t, s)["text"], 3; n != want { // relationship, plan, session
		t.Errorf("%d text entries, want %d", n, want)
	}
	mustNil(t, s.DeleteSession(ctx, se.ID))
	if hits := hitsOf(t, s, "version", model.SearchOptions{}); len(hits) != 0 {
		t.Errorf("a deleted session is found: %+v", hits)
	}
	mustNil(t, s.Erase(ctx, r.ID))
	if n := bucketCounts(t, s)["text"] + bucketCounts(t, s)["textsig"]; n != 0 {
		t.Errorf("%d text entries left after the relationship was deleted", n)
	}
}

// A person is found by name, in any script; the hit is the relationship.
func TestSearchFindsPeopleByName(t *testing.T) {
	s := openTemp(t)
	r := newRel(t, s, "हिंदी शर्मा")
	hits := hitsOf(t, s, "शर्मा", model.SearchOptions{NoPrivate: true})
	if len(hits) != 1 || hits[0].Kind != model.HitRelationship || hits[0].RelID != r.ID || hits[0].Field != "mentee_name" {
		t.Fatalf("hits for a mentee's name: %+v", hits)
	}
	if part, field := hits[0].Where(); part != "Relationship" || field != "mentee name" {
		t.Errorf("where: %s · %s", part, field)
	}
}

// TestSearchMatchesABruteForceScan compares Search with a scan of every
// text of every record, line by line, for a thousand random queries over a
// generated journal and a relationship written in accented, mixed-case and
// non-Latin text: substrings of the texts (phrases across words too), with
// the case of their letters changed and their accents left out at random,
// and strings found nowhere; a query matches whatever the accents
// (model.Unaccented); with and
// without private fields, over the journal and over one relationship.
func TestSearchMatchesABruteForceScan(t *testing.T) {
	s := openTemp(t)
	words := strings.Fields("the goal feedback Feedback meeting agenda deadline stakeholder promotion project team manager " +
		"Café naïve résumé Ärger über Straße ÉCOLE İstanbul ΣΟΦΙΑ σοφία हिंदी शर्मा தமிழ் 日本語 talk budget Q3 review")
	rng := rand.New(rand.NewPCG(12, 7))
	sentence := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	for i := range 6 {
		f := fill(t, s, fmt.Sprintf("Person %d %s", i, words[rng.IntN(len(words))]))
		for j := range 8 {
			x := session(f.Rel.ID, fmt.Sprintf("2026-01-%02d", 1+j), sentence(20)+"\n"+sentence(15)+"\n\n"+sentence(5))
			x.Reflection.Useful, x.PrivateNotes, x.Topic = sentence(6), sentence(4), sentence(3)
			mustNil(t, s.SaveSession(ctx, x))
			mustNil(t, s.SaveFollowUp(ctx, followUp(f.Rel.ID, x.ID, sentence(5), "")))
		}
	}
	// One relationship saved a record at a time, many times over: the
	// bits of its parts fill and are rebuilt bigger (text.go).
	busy := newRel(t, s, "Mia Busy")
	for range 150 {
		mustNil(t, s.SaveFollowUp(ctx, followUp(busy.ID, "", sentence(12), "")))
	}
	mustNil(t, s.read(ctx, func(tx *bolt.Tx) error {
		rel, _ := idBytes(busy.ID)
		biggest := 0
		c := tx.Bucket(bTextSig).Cursor()
		for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
			biggest = max(biggest, len(v)-envHeader)
		}
		if biggest < 4*minSig {
			t.Errorf("the busiest part's bits are %d bytes: they never grew", biggest)
		}
		return nil
	}))
	// Texts shorter than a trigram: their parts may have no bits at all,
	// and a query as short must still find them.
	tiny := newRel(t, s, "Tim Tiny")
	for _, x := range []string{"ok", "k", "ab", "é"} {
		mustNil(t, s.SaveFollowUp(ctx, followUp(tiny.ID, "", x, "")))
	}
	r := newRel(t, s, "Zoë Ångström")
	se := session(r.ID, "2026-03-01", "Crème brûlée at the ÉCOLE in Straße 5\nİstanbul trip; ΣΟΦΙΑ said: हिंदी शर्मा\nnaïve CAFÉ plans")
	se.PrivateNotes = "Private: Ärger über den Chef"
	mustNil(t, s.SaveSession(ctx, se))

	type place struct {
		rec   model.ID
		field string
	}
	var fulls []model.Full
	mustNil(t, s.EachFull(ctx, nil, func(f model.Full) error { fulls = append(fulls, f); return nil }))
	type doc struct {
		rel   model.ID
		id    model.ID
		texts []text
	}
	var docs []doc
	for _, f := range fulls {
		docs = append(docs, doc{f.Rel.ID, f.Rel.ID, relTexts(f.Rel)}, doc{f.Rel.ID, f.Rel.ID, planTexts(f.Plan)})
		for _, g := range f.Goals {
			docs = append(docs, doc{f.Rel.ID, g.ID, goalTexts(g)})
		}
		for _, x := range f.Roadmap {
			docs = append(docs, doc{f.Rel.ID, x.ID, roadmapTexts(x)})
		}
		for _, x := range f.Sessions {
			docs = append(docs, doc{f.Rel.ID, x.ID, sessionTexts(x)})
		}
		for _, x := range f.FollowUps {
			docs = append(docs, doc{f.Rel.ID, x.ID, followUpTexts(x)})
		}
		for _, x := range f.Health {
			docs = append(docs, doc{f.Rel.ID, x.ID, healthTexts(x)})
		}
	}
	brute := func(q string, opt model.SearchOptions) map[place]int {
		lq := lowerQuery(strings.TrimSpace(q))
		want := map[place]int{}
		for _, d := range docs {
			if opt.RelID != "" && d.rel != opt.RelID {
				continue
			}
			for _, tx := range d.texts {
				if strings.TrimSpace(tx.s) == "" || opt.NoPrivate && tx.private {
					continue
				}
				lower, _, _ := lowerAppend(nil, nil, tx.s)
				lower = []byte(model.Unaccented(string(lower)))
				for _, line := range bytes.Split(lower, []byte("\n")) {
					if bytes.Contains(line, lq) {
						want[place{d.id, tx.name}]++
					}
				}
			}
		}
		return want
	}
	n := 1000
	if testing.Short() {
		n = 200
	}
	for _, q := range []string{"ok", "k", "ab", "b", "é", "o"} {
		hits, err := s.Search(ctx, q, model.SearchOptions{Limit: -1})
		mustNil(t, err)
		got := map[place]int{}
		for _, h := range hits {
			got[place{h.RecordID, h.Field}]++
		}
		if want := brute(q, model.SearchOptions{}); !reflect.DeepEqual(got, want) {
			t.Fatalf("short query %q: search found\n%v\nthe scan found\n%v", q, got, want)
		}
	}
	for i := range n {
		var q string
		if rng.IntN(10) == 0 {
			q = fmt.Sprintf("qz%dxv", rng.IntN(1000)) // found nowhere
		} else {
			var tx text
			for strings.TrimSpace(tx.s) == "" {
				d := docs[rng.IntN(len(docs))]
				if len(d.texts) > 0 {
					tx = d.texts[rng.IntN(len(d.texts))]
				}
			}
			runes := []rune(strings.ReplaceAll(tx.s, "\n", " "))
			from := rng.IntN(len(runes))
			to := min(len(runes), from+1+rng.IntN(24))
			b := []rune(string(runes[from:to]))
			var qb strings.Builder
			for k := range b {
				if rng.IntN(3) == 0 {
					if b[k] >= 'a' && b[k] <= 'z' {
						b[k] -= 'a' - 'A'
					} else if b[k] >= 'A' && b[k] <= 'Z' {
						b[k] += 'a' - 'A'
					}
				}
				if f, ok := model.FoldRune(b[k]); ok && rng.IntN(2) == 0 {
					qb.WriteString(f) // typed without its accent
					continue
				}
				qb.WriteRune(b[k])
			}
			q = qb.String()
		}
		if strings.TrimSpace(q) == "" {
			continue
		}
		opt := model.SearchOptions{Limit: 1 << 30, NoPrivate: rng.IntN(2) == 0}
		if rng.IntN(4) == 0 {
			opt.RelID = docs[rng.IntN(len(docs))].rel
		}
		hits, err := s.Search(ctx, q, opt)
		mustNil(t, err)
		got := map[place]int{}
		// What a hit marks is the query, as a search compares it: lower-
		// cased and without accents (made here apart from lowerQuery).
		lq, _, _ := lowerAppend(nil, nil, strings.TrimSpace(q))
		fq := model.Unaccented(string(lq))
		for _, h := range hits {
			got[place{h.RecordID, h.Field}]++
			if opt.NoPrivate && h.Private {
				t.Fatalf("query %d %q: a private hit with private fields left out: %+v", i, q, h)
			}
			marked, _, _ := lowerAppend(nil, nil, h.Line[h.Start:h.End])
			if m := model.Unaccented(string(marked)); m != fq && !strings.ContainsRune(q, 0) {
				t.Fatalf("query %d %q: the hit marks %q (%q) in %q", i, q, h.Line[h.Start:h.End], m, h.Line)
			}
		}
		if want := brute(q, opt); !reflect.DeepEqual(got, want) {
			t.Fatalf("query %d %q (%+v): search found\n%v\nthe scan found\n%v", i, q, opt, got, want)
		}
	}
}

// FuzzFinder: looking for a query by its rarest byte finds what
// bytes.Index finds.
func FuzzFinder(f *testing.F) {
	f.Add([]byte("deadline stakeholder at the end"), []byte("stakeholder"))
	f.Add([]byte("kkk"), []byte("kk"))
	f.Add([]byte("abcabcabd"), []byte("abd"))
	f.Add([]byte("हिंदी शर्मा"), []byte("शर्"))
	f.Fuzz(func(t *testing.T, s, q []byte) {
		if len(q) == 0 {
			return
		}
		if got, want := newFinder(q).index(s), bytes.Index(s, q); got != want {
			t.Fatalf("index(%q, %q) = %d, want %d", s, q, got, want)
		}
	})
}

// FuzzTextValue: a text value reads back as written: each field's
// original, its text without accents as model.Unaccented makes it, and
// each place in that text standing where it does in the lower-cased one
// (a rune starts where a rune starts, and what follows is the same); any
// bytes at all read as a value or as damage, never a panic.
func FuzzTextValue(f *testing.F) {
	f.Add("Rewrite the RÉSUMÉ", "cafe\u0301 Naïve İstanbul", []byte{})
	f.Add("plain", "", []byte{0, 1, 2})
	f.Add("ǖ\x00Ærø e\u0301\u0301", "हिंदी ΆΣΤΡΟ", []byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5})
	f.Fuzz(func(t *testing.T, a, b string, junk []byte) {
		_, _ = readTextValue([]byte("k"), junk, func(fl storedField) {
			lo := fl.lowerOf()
			for p := 0; p <= len(fl.searched()); p++ {
				if l, e := lo.start(p), lo.end(p); l < 0 || l > e || e > len(fl.lower) {
					t.Fatalf("a value that reads maps byte %d of %d searched to %d-%d of %d", p, len(fl.searched()), l, e, len(fl.lower))
				}
			}
		})
		in := []text{{name: "a", s: a}, {name: "b", s: b, private: true}}
		v := textValue(time.Time{}, in, nil)
		i := 0
		_, err := readTextValue([]byte("k"), v, func(fl storedField) {
			for strings.TrimSpace(in[i].s) == "" {
				i++
			}
			x := in[i]
			i++
			lower, _, _ := lowerAppend(nil, nil, x.s)
			if !bytes.Equal(fl.lower, lower) {
				t.Fatalf("%q: lower %q, want %q", x.s, fl.lower, lower)
			}
			want := model.Unaccented(string(lower))
			if got := string(fl.searched()); got != want {
				t.Fatalf("%q: searched %q, want %q", x.s, got, want)
			}
			in := fl.searched()
			lo := fl.lowerOf()
			last := 0
			runes := func(b []byte) map[int]bool { // where a rune starts, a byte that is not UTF-8 too
				at := map[int]bool{len(b): true}
				for i := 0; i < len(b); {
					at[i] = true
					_, size := utf8.DecodeRune(b[i:])
					i += size
				}
				return at
			}
			bounds, inBounds := runes(fl.lower), runes(in)
			for p := 0; p <= len(in); p++ {
				if p < len(in) && !inBounds[p] {
					continue
				}
				l, e := lo.start(p), lo.end(p)
				rs := func(x int) bool { return bounds[x] }
				if l < last || l > e || !rs(l) || !rs(e) {
					t.Fatalf("%q: searched byte %d maps to %d-%d of %q (the one before to %d)", x.s, p, l, e, fl.lower, last)
				}
				last = l
				if p == len(in) || lo.inside && p > lo.at {
					continue // inside a letter folded to more than one: the whole letter
				}
				// The letter there is the one searched, or folds to it.
				r, size := utf8.DecodeRune(fl.lower[l:])
				as := string(fl.lower[l : l+size])
				if fr, ok := model.FoldRune(r); ok {
					as = fr
				}
				if !strings.HasPrefix(string(in[p:]), as) {
					t.Fatalf("%q: searched byte %d (%q) stands at %d of %q, %q", x.s, p, in[p:], l, fl.lower, as)
				}
			}
			if l := lo.end(len(in)); l != len(fl.lower) {
				t.Fatalf("%q: the end of the searched text stands at %d of %d", x.s, l, len(fl.lower))
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// A hit shows a record's day as the record holds it, in its own zone.
func TestSearchHitKeepsTheDatesZone(t *testing.T) {
	s := openTemp(t)
	r := newRel(t, s, "Ada")
	se := session(r.ID, "2026-02-01", "zoned meeting")
	se.Date = time.Date(2026, 2, 1, 0, 0, 0, 0, time.FixedZone("", 2*3600))
	mustNil(t, s.SaveSession(ctx, se))
	hits := hitsOf(t, s, "zoned", model.SearchOptions{})
	if len(hits) != 1 || hits[0].Date != "2026-02-01" {
		t.Fatalf("hits: %+v", hits)
	}
}

// TestSearchWhileSaving searches on every core (several read transactions
// at once) while another goroutine saves records that grow the file past
// its mapping, so bbolt remaps it: a read transaction begun while a remap
// waits on another would wait forever (viewMany).
func TestSearchWhileSaving(t *testing.T) {
	old := initialMmap
	initialMmap = 0
	t.Cleanup(func() { initialMmap = old })
	s := openTemp(t)
	r := newRel(t, s, "Ada")
	for range 3 {
		newRel(t, s, "Someone")
	}
	long := strings.Repeat("a long note about the budget and the roadmap ", 1000)
	done := make(chan error)
	go func() {
		for i := range 60 {
			x := session(r.ID, "2026-01-05", fmt.Sprintf("%d %s", i, long))
			if err := s.SaveSession(ctx, x); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	searches := 0
	for {
		select {
		case err := <-done:
			mustNil(t, err)
			hits, err := s.Search(ctx, "59 a long note", model.SearchOptions{})
			mustNil(t, err)
			if len(hits) != 1 || searches == 0 {
				t.Fatalf("after the saves: %d hits for the last note (want 1), %d searches during them", len(hits), searches)
			}
			return
		default:
		}
		_, err := s.Search(ctx, "budget", model.SearchOptions{Limit: -1})
		mustNil(t, err)
		searches++
	}
}

// TestSearchBesideWriteAndErase searches while a write is under way and an
// erase waits for it: the search takes the store's locks in the order the
// write and the erase do (viewMany), so all three end.
func TestSearchBesideWriteAndErase(t *testing.T) {
	for round := range 3 {
		s := openTemp(t)
		a := fill(t, s, "Ada")
		b := fill(t, s, "Bob")
		inWrite, release := make(chan struct{}), make(chan struct{})
		s.fault = func(int) error {
			close(inWrite)
			<-release
			return nil
		}
		done := make(chan error, 3)
		go func() { done <- s.SaveFollowUp(ctx, followUp(a.Rel.ID, "", "written beside a search", "")) }()
		<-inWrite
		s.fault = nil
		go func() { done <- s.Erase(ctx, b.Rel.ID) }()
		time.Sleep(time.Duration(round) * 10 * time.Millisecond) // the erase waits on the write
		go func() { _, err := s.Search(ctx, "conference", model.SearchOptions{}); done <- err }()
		time.Sleep(10 * time.Millisecond) // and the search beside it
		close(release)
		for range 3 {
			mustNil(t, <-done)
		}
		hits, err := s.Search(ctx, "written beside", model.SearchOptions{})
		mustNil(t, err)
		if len(hits) != 1 {
			t.Fatalf("round %d: %d hits for the follow-up written, want 1", round, len(hits))
		}
	}
}

// TestSearchWhateverTheAccents: a word is found with or without its
// accents, in either case, and the hit shows the text as written with the
// match marked where it is, accents typed apart from their letters too.
func TestSearchWhateverTheAccents(t *testing.T) {
	s := openTemp(t)
	r := newRel(t, s, "José Niño")
	x := session(r.ID, "2026-03-01", "Plans: rewrite the RÉSUMÉ, then coffee at Café Crème\nNaïve question: cafe\u0301 or cafe?\nΟΔΥΣΣΕΑΣ in the Straße, near Łódź")
	mustNil(t, s.SaveSession(ctx, x))
	for _, c := range []struct {
		q     string
		lines []string // the lines found, the match in brackets
	}{
		{"resume", []string{"Plans: rewrite the [RÉSUMÉ], then coffee at Café Crème"}},
		{"RÉSUMÉ", []string{"Plans: rewrite the [RÉSUMÉ], then coffee at Café Crème"}},
		{"cafe", []string{"Plans: rewrite the RÉSUMÉ, then coffee at [Café] Crème", "Naïve question: [cafe\u0301] or cafe?"}},
		{"café crème", []string{"Plans: rewrite the RÉSUMÉ, then coffee at [Café Crème]"}},
		{"naive", []string{"[Naïve] question: cafe\u0301 or cafe?"}},
		{"e\u0301 or", []string{"Naïve question: caf[e\u0301 or] cafe?"}},
		{"jose nino", []string{"[José Niño]", "owner's own thoughts about [José Niño]"}},
		{"strasse", []string{"ΟΔΥΣΣΕΑΣ in the [Straße], near Łódź"}},
		{"se, near lodz", []string{"ΟΔΥΣΣΕΑΣ in the Stra[ße, near Łódź]"}}, // a letter folded to two is marked whole
		{"οδυσσεας", []string{"[ΟΔΥΣΣΕΑΣ] in the Straße, near Łódź"}},      // a final sigma is a sigma
	} {
		hits, err := s.Search(ctx, c.q, model.SearchOptions{})
		mustNil(t, err)
		var got []string
		for _, h := range hits {
			if h.Kind == model.HitSession && h.Field != "notes" {
				continue
			}
			got = append(got, h.Line[:h.Start]+"["+h.Line[h.Start:h.End]+"]"+h.Line[h.End:])
		}
		if !slices.Equal(got, c.lines) {
			t.Errorf("%q found\n%q\nwant\n%q", c.q, got, c.lines)
		}
	}
	// The column is of the text as written: after "Naïve question: ".
	hits, err := s.Search(ctx, "cafe\u0301 or", model.SearchOptions{})
	mustNil(t, err)
	if len(hits) != 1 || hits[0].Row != 1 || hits[0].Col != len([]rune("Naïve question: ")) {
		t.Errorf("the hit of the decomposed café: %+v", hits)
	}
}
