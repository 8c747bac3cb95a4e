package store

import (
	"strings"
	"testing"

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
	mustNil(t, s.DeleteRelationship(ctx, ada.Rel.ID))
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
	if hits := hitsOf(t, s, "ünïcode", model.SearchOptions{}); len(hits) != 1 {
		t.Errorf("non-ASCII case-insensitive: %+v", hits)
	} else if got := hits[0].Line[hits[0].Start:hits[0].End]; got != "Ünïcode" {
		t.Errorf("non-ASCII original case: %q", got)
	}
}

func TestSearchIndexCompacts(t *testing.T) {
	s := openTemp(t)
	r := newRel(t, s, "Ada")
	se := session(r.ID, "2026-02-01", "first")
	mustNil(t, s.SaveSession(ctx, se))
	_, err := s.Search(ctx, "first", model.SearchOptions{})
	mustNil(t, err)
	for i := 0; i < 3000; i++ {
		se.Notes = strings.Repeat("x", i%50) + " version"
		mustNil(t, s.idx.putSessionForTest(se))
	}
	s.idx.mu.RLock()
	docs, dead := len(s.idx.rels[r.ID].docs), s.idx.rels[r.ID].dead
	s.idx.mu.RUnlock()
	if docs > 200 || dead*2 > docs+128 {
		t.Errorf("index not compacted: %d docs, %d dead", docs, dead)
	}
	if hits := hitsOf(t, s, "version", model.SearchOptions{}); len(hits) != 1 {
		t.Errorf("after compaction: %d hits", len(hits))
	}
}

func (x *searchIndex) putSessionForTest(s model.Session) error {
	x.putSession(s)
	return nil
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
