package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

func decodeArchive(t testing.TB, s string) model.Archive {
	t.Helper()
	var a model.Archive
	mustNil(t, json.Unmarshal([]byte(s), &a))
	return a
}

func TestExportImportExportIsIdentical(t *testing.T) {
	s := openTemp(t)
	fill(t, s, "Ada")
	fill(t, s, "Bob <b@example.com> & co")
	first := exportString(t, s)
	a := decodeArchive(t, first)
	if err := a.Validate(); err != nil {
		t.Fatalf("export does not validate: %v", err)
	}
	if a.Format != model.ArchiveFormat || a.Version != model.ArchiveVersion || len(a.Relationships) != 2 {
		t.Fatalf("archive header: %+v", a)
	}
	// Spliced bytes decode to what LoadFull reads.
	for _, f := range a.Relationships {
		full, err := s.LoadFull(ctx, f.Rel.ID)
		mustNil(t, err)
		if len(f.Revisions) == 0 {
			t.Errorf("the export of %s carries no revisions", f.Rel.Other())
		}
		f.Revisions = nil
		want, _ := json.Marshal(full)
		got, _ := json.Marshal(f)
		if !bytes.Equal(got, want) {
			t.Errorf("exported relationship differs from LoadFull:\n got %s\nwant %s", got, want)
		}
	}

	fresh := openTemp(t)
	res, err := fresh.Import(ctx, a)
	mustNil(t, err)
	if res.Relationships != 2 || res.Unchanged != 0 {
		t.Errorf("first import: %+v", res)
	}
	second := exportString(t, fresh)
	if second != first {
		t.Fatalf("export → import → export differs:\n%s\n---\n%s", first, second)
	}
	mustNil(t, fresh.Check())

	// Importing the same archive again changes nothing.
	before := bucketCounts(t, fresh)
	res, err = fresh.Import(ctx, a)
	mustNil(t, err)
	if res.Relationships != 0 || res.Records != 0 || res.Unchanged == 0 {
		t.Errorf("second import: %+v", res)
	}
	if got := exportString(t, fresh); got != first {
		t.Error("second import changed the export")
	}
	if after := bucketCounts(t, fresh); len(after) != len(before) || after["sessions"] != before["sessions"] || after["records"] != before["records"] {
		t.Errorf("second import changed bucket counts: %v vs %v", after, before)
	}
	// Summaries came with the import.
	sums, _ := fresh.ListSummaries(ctx)
	for _, sum := range sums {
		full, _ := fresh.LoadFull(ctx, sum.Rel.ID)
		if want := model.Summarize(full); sum.Sessions != want.Sessions || sum.OpenFollowUps != want.OpenFollowUps {
			t.Errorf("imported summary %+v, want %+v", sum, want)
		}
	}
}

func TestExportOptions(t *testing.T) {
	s := openTemp(t)
	a := fill(t, s, "Ada")
	fill(t, s, "Bob")
	var b bytes.Buffer
	mustNil(t, s.ExportJSON(ctx, &b, ExportOptions{RelIDs: []model.ID{a.Rel.ID}, Shared: true, Now: t0}))
	arch := decodeArchive(t, b.String())
	if len(arch.Relationships) != 1 || !arch.Shared {
		t.Fatalf("selected shared export: %d relationships, shared=%v", len(arch.Relationships), arch.Shared)
	}
	if strings.Contains(b.String(), "seemed tired") || strings.Contains(b.String(), "owner's own thoughts") {
		t.Error("shared export holds private notes")
	}
	want := a.Shared()
	got := arch.Relationships[0]
	got.Revisions = nil
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if !bytes.Equal(wj, gj) {
		t.Errorf("shared export is not Full.Shared:\n got %s\nwant %s", gj, wj)
	}
	// Importing a shared export over the journal keeps its private notes.
	_, err := s.Import(ctx, arch)
	mustNil(t, err)
	full, _ := s.LoadFull(ctx, a.Rel.ID)
	if full.Rel.PrivateNotes == "" || full.Sessions[0].PrivateNotes == "" {
		t.Error("importing a shared export wiped private notes")
	}
	if err := s.ExportJSON(ctx, &b, ExportOptions{RelIDs: []model.ID{newID()}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("export of a missing relationship: %v", err)
	}
	// Export to a file syncs it; EachFull streams the same relationships.
	path := filepath.Join(t.TempDir(), "out.json")
	f, err := os.Create(path)
	mustNil(t, err)
	mustNil(t, s.ExportJSON(ctx, f, ExportOptions{Now: t0}))
	f.Close()
	n := 0
	mustNil(t, s.EachFull(ctx, nil, func(model.Full) error { n++; return nil }))
	if n != 2 {
		t.Errorf("EachFull gave %d", n)
	}
}

func TestImportWithOneBadRecordChangesNothing(t *testing.T) {
	s := openTemp(t)
	fill(t, s, "Ada")
	before := exportString(t, s)
	hashBefore := fileHash(t, s.Path())

	src := openTemp(t)
	fill(t, src, "Bob")
	fill(t, src, "Cy")
	a := decodeArchive(t, exportString(t, src))
	a.Relationships[1].Goals[0].Title = ""
	_, err := s.Import(ctx, a)
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "relationships[1].goals[0].title: required") {
		t.Fatalf("import of a bad archive: %v", err)
	}
	if got := exportString(t, s); got != before {
		t.Error("a refused import changed the journal")
	}
	if fileHash(t, s.Path()) != hashBefore {
		t.Error("a refused import changed the file")
	}

	// A record that is valid on its own but clashes with the journal (its
	// id belongs to another relationship) fails inside the transaction:
	// nothing of the archive is written.
	mine, _ := s.ListSummaries(ctx)
	full, _ := s.LoadFull(ctx, mine[0].Rel.ID)
	a = decodeArchive(t, exportString(t, src))
	g := a.Relationships[1].Goals[0]
	for i, r := range a.Relationships[1].Revisions {
		if r.ID == g.ID {
			a.Relationships[1].Revisions[i].ID = full.Goals[0].ID
		}
	}
	g.ID = full.Goals[0].ID
	a.Relationships[1].Goals[0] = g
	for i := range a.Relationships[1].Roadmap {
		a.Relationships[1].Roadmap[i].GoalID = ""
	}
	a.Relationships[1].Plan.Closure.Evaluations = nil
	a.Relationships[1].Revisions = slices.DeleteFunc(a.Relationships[1].Revisions, func(r model.Revision) bool { return r.Kind == model.KindPlan })
	mustNil(t, a.Validate())
	if _, err := s.Import(ctx, a); err == nil || !strings.Contains(err.Error(), "another relationship") {
		t.Fatalf("clashing import: %v", err)
	}
	if got := exportString(t, s); got != before {
		t.Error("a failed import half-applied")
	}
	mustNil(t, s.Check())
}

func FuzzImport(f *testing.F) {
	s := openTemp(f)
	fill(f, s, "Ada")
	src := openTemp(f)
	fill(f, src, "Bob")
	f.Add([]byte(exportString(f, src)))
	f.Add([]byte(exportString(f, s)))
	f.Add([]byte(`{"format":"mentorlog-journal","version":1,"relationships":[]}`))
	f.Add([]byte(`{"format":"mentorlog-journal","version":1,"relationships":[{"relationship":{"id":"0123456789abcdef0123456789abcdef"}}]}`))
	// The journal's own relationship as a shared export without its mark:
	// it must not clear the private notes.
	var sh bytes.Buffer
	mustNil(f, s.ExportJSON(ctx, &sh, ExportOptions{Shared: true, Now: t0}))
	f.Add(bytes.Replace(sh.Bytes(), []byte(`,"shared":true`), nil, 1))
	f.Add([]byte(strings.Replace(exportString(f, src), "Send the talk abstract", `Send\u0085 the\u007f talk\u009b abstract`, 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a model.Archive
		if json.Unmarshal(data, &a) != nil {
			return
		}
		before := exportString(t, s)
		_, err := s.Import(ctx, a)
		if err != nil {
			if after := exportString(t, s); after != before {
				t.Fatalf("a failed import (%v) changed the journal", err)
			}
			return
		}
		if err := s.Check(); err != nil {
			t.Fatalf("journal inconsistent after import: %v", err)
		}
		// Whatever was imported can be exported and read back.
		out := exportString(t, s)
		after := decodeArchive(t, out)
		if err := after.Validate(); err != nil {
			t.Fatalf("journal no longer exports a valid archive: %v", err)
		}
		for i, r := range out {
			if r == 0x7f || r >= 0x80 && r <= 0x9f {
				t.Fatalf("raw %U at byte %d of the export", r, i)
			}
		}
		// No import clears a private note.
		kept := privateNotes(after)
		for id := range privateNotes(decodeArchive(t, before)) {
			if _, ok := kept[id]; !ok {
				t.Fatalf("the import cleared the private notes of %s", id)
			}
		}
	})
}

// privateNotes maps each record of a that has private notes to them.
func privateNotes(a model.Archive) map[model.ID]string {
	out := map[model.ID]string{}
	for _, f := range a.Relationships {
		if f.Rel.PrivateNotes != "" {
			out[f.Rel.ID] = f.Rel.PrivateNotes
		}
		for _, x := range f.Sessions {
			if x.PrivateNotes != "" {
				out[x.ID] = x.PrivateNotes
			}
		}
	}
	return out
}

// TestImportFuzzSeed imports the valid fuzz seed: a follow-up due at
// midnight in +02:00 must be due on that calendar day, as model.Due says.
func TestImportFuzzSeed(t *testing.T) {
	b, err := os.ReadFile("testdata/fuzz/FuzzImport/valid")
	mustNil(t, err)
	lit := strings.TrimSuffix(strings.TrimPrefix(string(b), "go test fuzz v1\n[]byte("), ")\n")
	var raw string
	mustNil(t, json.Unmarshal([]byte(lit), &raw))
	a := decodeArchive(t, raw)
	s := openTemp(t)
	res, err := s.Import(ctx, a)
	mustNil(t, err)
	if res.Relationships != 1 || res.Records != 6 {
		t.Errorf("import: %+v", res)
	}
	mustNil(t, s.Check())
	full, err := s.LoadFull(ctx, a.Relationships[0].Rel.ID)
	mustNil(t, err)
	today := date("2026-02-10")
	got, err := s.Due(ctx, today, 3)
	mustNil(t, err)
	want := model.Due(today, []model.Summary{model.Summarize(full)}, full.FollowUps, 3)
	if len(got) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("Due:\n got %+v\nwant %+v", got, want)
	}
	if hits, _ := s.Search(ctx, "escape", model.SearchOptions{}); len(hits) != 1 || strings.ContainsRune(hits[0].Line, 0x1b) {
		t.Errorf("search of imported text: %+v", hits)
	}
}

// TestImportNeverClearsPrivateNotes: a private note left out of an
// archive is not a note deleted. A shared export that went into another
// journal and came back in that journal's full export, or a shared export
// whose "shared":true was removed, used to erase every private note of the
// relationship; only an edit in the app may clear one.
func TestImportNeverClearsPrivateNotes(t *testing.T) {
	mine := openTemp(t)
	a := fill(t, mine, "Ada")
	fill(t, mine, "Bob")
	relNote, sessNote := a.Rel.PrivateNotes, a.Sessions[0].PrivateNotes
	if relNote == "" || sessNote == "" {
		t.Fatal("the fixture has no private notes to lose")
	}
	kept := func(how string) {
		t.Helper()
		full, err := mine.LoadFull(ctx, a.Rel.ID)
		mustNil(t, err)
		if full.Rel.PrivateNotes != relNote {
			t.Errorf("%s: the relationship's private notes are %q, want %q", how, full.Rel.PrivateNotes, relNote)
		}
		if full.Sessions[0].PrivateNotes != sessNote {
			t.Errorf("%s: the session's private notes are %q, want %q", how, full.Sessions[0].PrivateNotes, sessNote)
		}
		if hits, err := mine.Search(ctx, "tired", model.SearchOptions{RelID: a.Rel.ID}); err != nil || len(hits) == 0 {
			t.Errorf("%s: search no longer finds the session's private notes (%v)", how, err)
		}
		mustNil(t, mine.Check())
	}

	var b bytes.Buffer
	mustNil(t, mine.ExportJSON(ctx, &b, ExportOptions{RelIDs: []model.ID{a.Rel.ID}, Shared: true, Now: t0}))
	sharedJSON := b.String()

	// The other party imports the shared copy, edits a session and sends
	// back a full export of their journal: no "shared" mark, empty notes.
	theirs := openTempAt(t, t0.Add(time.Hour))
	_, err := theirs.Import(ctx, decodeArchive(t, sharedJSON))
	mustNil(t, err)
	x := a.Sessions[0]
	x.PrivateNotes = ""
	x.Recap = "agreed next steps, and a rehearsal on Friday"
	mustNil(t, theirs.SaveSession(ctx, x))
	back := decodeArchive(t, exportString(t, theirs))
	if back.Shared || back.Relationships[0].Rel.PrivateNotes != "" || back.Relationships[0].Sessions[0].PrivateNotes != "" {
		t.Fatal("the other journal's export is not the case under test")
	}
	res, err := mine.Import(ctx, back)
	mustNil(t, err)
	kept("a shared export that came back through another journal")
	if full, _ := mine.LoadFull(ctx, a.Rel.ID); full.Sessions[0].Recap != x.Recap {
		t.Errorf("the other party's edit did not come back: recap %q (%+v)", full.Sessions[0].Recap, res)
	}

	// The same shared export with its mark removed by hand.
	unmarked := strings.Replace(sharedJSON, `,"shared":true`, "", 1)
	if unmarked == sharedJSON {
		t.Fatal("no shared mark to remove")
	}
	_, err = mine.Import(ctx, decodeArchive(t, unmarked))
	mustNil(t, err)
	kept(`a shared export without "shared":true`)

	// An archive that does hold private notes still replaces them (a
	// journal restored from its own export), and an edit in the app still
	// clears them.
	own := decodeArchive(t, exportString(t, mine))
	for i := range own.Relationships {
		if own.Relationships[i].Rel.ID == a.Rel.ID {
			own.Relationships[i].Rel.PrivateNotes = "rewritten elsewhere"
		}
	}
	_, err = mine.Import(ctx, own)
	mustNil(t, err)
	if r, _ := mine.GetRelationship(ctx, a.Rel.ID); r.PrivateNotes != "rewritten elsewhere" {
		t.Errorf("an archive's own private notes were not imported: %q", r.PrivateNotes)
	}
	_, _, err = mine.UpdateRelationship(ctx, a.Rel.ID, func(r *model.Relationship, _ *model.Plan) error {
		r.PrivateNotes = ""
		return nil
	})
	mustNil(t, err)
	if r, _ := mine.GetRelationship(ctx, a.Rel.ID); r.PrivateNotes != "" {
		t.Errorf("an edit in the app did not clear the private notes: %q", r.PrivateNotes)
	}
}

// TestImportRefusesWhatValidateMissed: a fingerprint that is not hex, a
// name with a line break and a session review of another relationship's
// follow-up were all imported. Each is refused with its field named, and
// nothing is written.
func TestImportRefusesWhatValidateMissed(t *testing.T) {
	s := openTemp(t)
	mine := fill(t, s, "Ada")
	before := exportString(t, s)
	hash := fileHash(t, s.Path())

	src := openTemp(t)
	fill(t, src, "Bob")
	fill(t, src, "Cy")
	fresh := func() model.Archive { return decodeArchive(t, exportString(t, src)) }
	refused := func(name string, a model.Archive, want ...string) {
		t.Helper()
		_, err := s.Import(ctx, a)
		if err == nil {
			t.Fatalf("%s: imported", name)
		}
		if !errors.Is(err, model.ErrInvalid) {
			t.Errorf("%s: %v does not wrap model.ErrInvalid", name, err)
		}
		for _, w := range append([]string{"nothing was imported"}, want...) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", name, err, w)
			}
		}
		if exportString(t, s) != before || fileHash(t, s.Path()) != hash {
			t.Fatalf("%s: a refused import changed the journal", name)
		}
	}

	a := fresh()
	a.Relationships[1].Plan.Foundation.SharedValues = []string{"honesty"}
	a.Relationships[1].Plan.Foundation.Signatures = []model.Signature{{Party: model.RoleMentor, Name: "Grace Hopper", At: t0,
		Fingerprint: "not-hex-but-16ch", Text: "honesty"}}
	refused("fingerprint", a, "relationships[1].plan.foundation.signatures[0].fingerprint: must be 16 hex digits")

	a = fresh()
	a.Relationships[0].Rel.MenteeName = "Bob\nDROP"
	refused("name", a, "relationships[0].relationship.mentee name: must be on one line")

	// Reviewing a follow-up of the archive's other relationship.
	a = fresh()
	a.Relationships[0].Sessions[0].Reviewed = []model.FollowUpReview{{FollowUpID: a.Relationships[1].FollowUps[0].ID, Text: "x", Outcome: model.OutcomeDone}}
	refused("review in the archive", a, "relationships[0].sessions[0].reviewed[0].follow_up_id: follow-up "+string(a.Relationships[1].FollowUps[0].ID)+" belongs to another relationship")

	// Reviewing a follow-up that is the journal's, of another relationship:
	// only the journal can tell.
	a = fresh()
	a.Relationships[0].Sessions[0].Reviewed = []model.FollowUpReview{{FollowUpID: mine.FollowUps[0].ID, Text: "x", Outcome: model.OutcomeDone}}
	mustNil(t, a.Validate())
	refused("review in the journal", a, "sessions[0].reviewed[0].follow_up_id: follow-up "+string(mine.FollowUps[0].ID)+" belongs to another relationship in this journal")
	a.Relationships[0].Sessions[0].Reviewed[0].FollowUpID = mine.Goals[0].ID
	refused("review of a goal", a, "sessions[0].reviewed[0].follow_up_id: "+string(mine.Goals[0].ID)+" is not a follow-up")

	// A follow-up deleted since is still fine, and so is the app's own save
	// of a review of this relationship's follow-up; another's is refused.
	a = fresh()
	a.Relationships[0].Sessions[0].Reviewed = []model.FollowUpReview{{FollowUpID: newID(), Text: "deleted since", Outcome: model.OutcomeDropped}}
	_, err := s.Import(ctx, a)
	mustNil(t, err)
	x := mine.Sessions[0]
	x.Reviewed = []model.FollowUpReview{{FollowUpID: mine.FollowUps[0].ID, Text: "x", Outcome: model.OutcomeCarried}}
	mustNil(t, s.SaveSession(ctx, x))
	x.Reviewed[0].FollowUpID = a.Relationships[0].FollowUps[0].ID
	if err := s.SaveSession(ctx, x); err == nil || !strings.Contains(err.Error(), "reviewed[0].follow_up_id: follow-up "+string(x.Reviewed[0].FollowUpID)+" belongs to another relationship") {
		t.Errorf("saving a review of another relationship's follow-up: %v", err)
	}
	mustNil(t, s.Check())
}

// TestExportEscapesC1AndDEL: the export copied stored bytes, and
// encoding/json leaves DEL and the C1 controls (U+0080 to U+009F, U+009B
// being CSI) as they are, so the file carried raw control characters
// that act on a terminal showing it. They are written as \u escapes now,
// and read back as the same text.
func TestExportEscapesC1AndDEL(t *testing.T) {
	s := openTemp(t)
	a := fill(t, s, "Ada\u0099")
	text := "NEL\u0085 DEL\x7f CSI\u009b31m end\u009f; not controls: 25 °C, ½ day, « » \u00a0"
	x := a.Sessions[0]
	x.Notes, x.PrivateNotes = text, "private "+text
	mustNil(t, s.SaveSession(ctx, x))
	_, _, err := s.UpdateRelationship(ctx, a.Rel.ID, func(r *model.Relationship, _ *model.Plan) error {
		r.PrivateNotes = text
		return nil
	})
	mustNil(t, err)

	for _, shared := range []bool{false, true} {
		var b bytes.Buffer
		mustNil(t, s.ExportJSON(ctx, &b, ExportOptions{Shared: shared, Now: t0}))
		out := b.String()
		for i, r := range out {
			if r == 0x7f || r >= 0x80 && r <= 0x9f {
				t.Fatalf("shared=%v: raw %U at byte %d of the export", shared, r, i)
			}
		}
		for _, w := range []string{`NEL\u0085 DEL\u007f CSI\u009b31m end\u009f`, "25 °C, ½ day, « » \u00a0", `"mentee_name":"Ada\u0099"`} {
			if !strings.Contains(out, w) {
				t.Errorf("shared=%v: export lacks %q", shared, w)
			}
		}
		if !json.Valid(b.Bytes()) {
			t.Fatalf("shared=%v: the export is not valid JSON", shared)
		}
		arc := decodeArchive(t, out)
		if got := arc.Relationships[0].Sessions[0].Notes; got != text {
			t.Errorf("shared=%v: notes read back as %q, want %q", shared, got, text)
		}
		if shared {
			continue
		}
		if arc.Relationships[0].Rel.PrivateNotes != text || arc.Relationships[0].Rel.MenteeName != "Ada\u0099" {
			t.Errorf("the relationship read back as %+v", arc.Relationships[0].Rel)
		}
		fresh := openTemp(t)
		_, err := fresh.Import(ctx, arc)
		mustNil(t, err)
		if again := exportString(t, fresh); again != out {
			t.Errorf("export → import → export differs:\n%s\n---\n%s", out, again)
		}
	}
}
