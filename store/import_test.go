package store

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"mentorlog/archive"
	"mentorlog/model"
)

// withBatch sets importBatch for a test: 1 byte makes every relationship
// of an archive in a file its own transaction of a staged import.
func withBatch(t *testing.T, n int64) {
	t.Helper()
	old := importBatch
	importBatch = n
	t.Cleanup(func() { importBatch = old })
}

// exportFile exports s to a file and opens it as an import reads it.
func exportFile(t *testing.T, s *Store) *archive.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.json")
	var b bytes.Buffer
	mustNil(t, s.ExportJSON(ctx, &b, ExportOptions{Now: t0}))
	mustNil(t, os.WriteFile(path, b.Bytes(), 0o600))
	a, err := archive.Open(path, "export.json")
	mustNil(t, err)
	return a
}

func sourceOf(a *archive.File) Source { return Source{Head: a.Head, Size: a.Size, Each: a.Each} }

// TestImportStagedEqualsOneTransaction: an archive written in a staged
// copy of the journal, a transaction per relationship, leaves the journal
// as one transaction does: into an empty journal, and merged into one
// that holds some of the same relationships, changed since, and others.
func TestImportStagedEqualsOneTransaction(t *testing.T) {
	src := openTemp(t)
	a := fill(t, src, "Lena")
	fill(t, src, "Marta")
	fill(t, src, "Priya")
	file := exportFile(t, src)

	// A journal that knows Lena, edited since the export, and Jonas.
	base := openTemp(t)
	_, err := base.Import(ctx, model.NewArchive([]model.Full{a}, t0, false))
	mustNil(t, err)
	_, err = base.UpdateGoal(ctx, a.Rel.ID, a.Goals[0].ID, func(_ model.Relationship, g *model.Goal) error {
		g.Title = "Speak at two conferences"
		return nil
	})
	mustNil(t, err)
	fill(t, base, "Jonas")
	baseFile := exportFile(t, base)

	for _, c := range []struct {
		name string
		into func(t testing.TB) *Store
	}{
		{"empty", openTemp},
		{"merged", func(t testing.TB) *Store {
			s := openTemp(t)
			_, err := s.ImportFrom(ctx, sourceOf(baseFile))
			mustNil(t, err)
			return s
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			one, staged := c.into(t), c.into(t)
			withBatch(t, 1<<40)
			wantRes, err := one.ImportFrom(ctx, sourceOf(file))
			mustNil(t, err)
			withBatch(t, 1)
			dir := filepath.Dir(staged.Path())
			before, _ := os.ReadDir(dir)
			mustNil(t, os.Chmod(staged.Path(), 0o640))
			gotRes, err := staged.ImportFrom(ctx, sourceOf(file))
			mustNil(t, err)
			if !gotRes.Rewritten || wantRes.Rewritten {
				t.Errorf("rewritten: staged %v, one transaction %v", gotRes.Rewritten, wantRes.Rewritten)
			}
			gotRes.Rewritten = false
			if !reflect.DeepEqual(gotRes, wantRes) {
				t.Errorf("staged import counted %+v, one transaction %+v", gotRes, wantRes)
			}
			if got, want := exportString(t, staged), exportString(t, one); got != want {
				t.Errorf("the staged import left another journal:\n%s\n---\n%s", got, want)
			}
			mustNil(t, staged.Check())
			for _, q := range []string{"conference", "rehearsal room"} {
				got, err := staged.Search(ctx, q, model.SearchOptions{})
				mustNil(t, err)
				want, err := one.Search(ctx, q, model.SearchOptions{})
				mustNil(t, err)
				if len(got) == 0 || !reflect.DeepEqual(got, want) {
					t.Errorf("search %q: staged %d hits, one transaction %d", q, len(got), len(want))
				}
			}
			after, _ := os.ReadDir(dir)
			if len(after) != len(before) {
				t.Errorf("the staged import left files beside the journal: %v, before %v", after, before)
			}
			if fi, err := os.Stat(staged.Path()); err != nil || fi.Mode().Perm() != 0o640 {
				t.Errorf("the journal written anew does not keep its mode 0640: %v", fi.Mode().Perm())
			}
			// The same file again changes nothing, an open conflict or
			// not: the journal stays the same file.
			was, err := os.Stat(staged.Path())
			mustNil(t, err)
			res, err := staged.ImportFrom(ctx, sourceOf(file))
			mustNil(t, err)
			if now, err := os.Stat(staged.Path()); err != nil || !os.SameFile(was, now) || res.Rewritten || res.Records+res.Relationships != 0 {
				t.Errorf("importing the same file again wrote the journal anew: %+v", res)
			}
		})
	}
}

// TestImportStagedAllOrNothing: a relationship that fails to be written
// after others were committed to the staged copy leaves the journal as it
// was, and nothing beside it.
func TestImportStagedAllOrNothing(t *testing.T) {
	withBatch(t, 1)
	s := openTemp(t)
	mine := fill(t, s, "Lena")
	before := exportString(t, s)

	// An archive of two new relationships, the second with a session
	// whose id is the journal's goal: the archive is sound on its own;
	// only writing it into this journal fails.
	src := openTemp(t)
	fill(t, src, "Ana")
	b := fill(t, src, "Bea")
	arc := model.NewArchive(nil, t0, false)
	var buf bytes.Buffer
	mustNil(t, src.ExportJSON(ctx, &buf, ExportOptions{Now: t0}))
	text := strings.ReplaceAll(buf.String(), string(b.Sessions[0].ID), string(mine.Goals[0].ID))
	path := filepath.Join(t.TempDir(), "clash.json")
	mustNil(t, os.WriteFile(path, []byte(text), 0o600))
	file, err := archive.Open(path, "clash.json")
	mustNil(t, err)
	n := 0
	mustNil(t, file.Each(func(f model.Full, _ int64) error { n++; arc.Relationships = append(arc.Relationships, f); return nil }))
	if n != 2 || arc.Relationships[1].Rel.ID != b.Rel.ID {
		t.Fatalf("the archive should hold Ana then Bea, holds %d", n)
	}
	dir := filepath.Dir(s.Path())
	entries, _ := os.ReadDir(dir)
	_, err = s.ImportFrom(ctx, sourceOf(file))
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") || !strings.Contains(err.Error(), "already used by a goal") {
		t.Fatalf("import of a clashing id: %v", err)
	}
	if after := exportString(t, s); after != before {
		t.Error("a failed staged import changed the journal")
	}
	if now, _ := os.ReadDir(dir); len(now) != len(entries) {
		t.Errorf("a failed staged import left files beside the journal: %v", now)
	}
	mustNil(t, s.Check())
}

// TestImportStagedEncrypted: a staged import into an encrypted journal
// seals what it writes with the journal's keys, and the journal opens
// with its passphrase afterwards.
func TestImportStagedEncrypted(t *testing.T) {
	withBatch(t, 1)
	src := openTemp(t)
	fill(t, src, "Lena")
	fill(t, src, "Marta")
	file := exportFile(t, src)

	s := openTemp(t)
	_, err := s.Encrypt(ctx, "correct horse battery")
	mustNil(t, err)
	res, err := s.ImportFrom(ctx, sourceOf(file))
	mustNil(t, err)
	if res.Relationships != 2 {
		t.Fatalf("imported %+v", res)
	}
	if found := inFile(t, s.Path(), []string{"Send the talk abstract", "Afraid of public speaking"}); len(found) > 0 {
		t.Errorf("the encrypted journal holds %q in the clear after a staged import", found)
	}
	s2, err := reopen(t, s, "correct horse battery")
	mustNil(t, err)
	defer s2.Close()
	sums, err := s2.ListSummaries(ctx)
	mustNil(t, err)
	if len(sums) != 2 {
		t.Fatalf("%d relationships after reopening", len(sums))
	}
	hits, err := s2.Search(ctx, "rehearsal room", model.SearchOptions{})
	mustNil(t, err)
	if len(hits) != 2 {
		t.Errorf("search after a staged import into an encrypted journal: %d hits, want 2", len(hits))
	}
	mustNil(t, s2.Check())
}
