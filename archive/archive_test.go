package archive

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"mentorlog/demo"
	"mentorlog/model"
)

var now = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func write(t testing.TB, body []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.json")
	if err := os.WriteFile(p, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// read opens body as a file and reads it whole, as an import does.
func read(t testing.TB, body []byte) (model.Archive, []int64, error) {
	a, err := Open(write(t, body), "x.json")
	if err != nil {
		return model.Archive{}, nil, err
	}
	out := a.Head
	var sizes []int64
	err = a.Each(func(f model.Full, size int64) error {
		out.Relationships = append(out.Relationships, f)
		sizes = append(sizes, size)
		return nil
	})
	return out, sizes, err
}

// TestEachReadsWhatWasWritten: an export read one relationship at a time
// is the archive written, and the sizes it gives add up to the bytes of
// the relationships in the file.
func TestEachReadsWhatWasWritten(t *testing.T) {
	want := demo.Archive(now)
	body, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got, sizes, err := read(t, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Relationships) < 2 {
		t.Fatal("the demo should have several relationships")
	}
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(got)
	if string(a) != string(b) {
		t.Fatalf("read back differs:\n%s\n---\n%s", b, a)
	}
	var total int64
	for _, n := range sizes {
		if n <= 0 {
			t.Errorf("a relationship of %d bytes", n)
		}
		total += n
	}
	if total >= int64(len(body)) || total < int64(len(body))*9/10 {
		t.Errorf("the relationships take %d of the file's %d bytes", total, len(body))
	}
}

// TestHeadAfterRelationships: a file that puts its format after its
// relationships is read too (to its end, to find the format).
func TestHeadAfterRelationships(t *testing.T) {
	body := `{"relationships": [], "version": 2, "format": "mentorlog-journal"}`
	got, _, err := read(t, []byte(body))
	if err != nil || got.Format != model.ArchiveFormat || got.Version != 2 {
		t.Fatalf("got %+v, %v", got, err)
	}
}

// TestHeadAfterRelationshipsIsNotMissed: a field of the header after the
// relationships that says otherwise than what was read before them is
// refused, not missed.
func TestHeadAfterRelationshipsIsNotMissed(t *testing.T) {
	body := `{"format":"mentorlog-journal","version":2,"relationships":[],"shared":true}`
	_, _, err := read(t, []byte(body))
	if err == nil || !strings.Contains(err.Error(), `its "shared" after its relationships`) {
		t.Fatalf("a shared mark after the relationships: %v", err)
	}
	body = `{"format":"mentorlog-journal","version":2,"relationships":[],"shared":false}`
	if _, _, err := read(t, []byte(body)); err != nil {
		t.Fatalf("a field after the relationships that agrees: %v", err)
	}
}

// TestProblemsAreNamedWithTheirPlace: each kind of mistake says what and
// where, as line and column.
func TestProblemsAreNamedWithTheirPlace(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"{\n  \"format\": \"mentorlog-journal\",\n  \"version\": 1,\n  oops\n}", "x.json is not valid JSON at line 4, column 3"},
		{`{"name": "something else"}`, "is not a mentorlog export"},
		{`[1, 2]`, "is not a mentorlog export"},
		{`{"format":"mentorlog-journal","version":99,"relationships":[]}`, "newer mentorlog"},
		{`{"format":"mentorlog-journal","version":1,"relationships":[],"colour":"red"}`, `x.json near line 1, column 62: unknown field "colour"`},
		{"{\"format\":\"mentorlog-journal\",\"version\":1,\"relationships\":[\n{\"relationship\":{\"bogus\":1}}]}", `x.json near line 2, column 18: unknown field "bogus"`},
		{`{"format":"mentorlog-journal","version":1,"relationships":[{"relationship":{"cadence_days":"weekly"}}]}`, "relationships[0].relationship.cadence_days should be a whole number, not \"weekly\""},
		{`{"format":"mentorlog-journal","version":1,"relationships":{}}`, "relationships should be a list"},
		{``, "not valid JSON at line 1, column 1 (it is empty)"},
		{`{"format":"mentorlog-journal","version":1,"relationships":[]} {}`, "not valid JSON at line 1, column 63 (something follows"},
		{"{\"format\":\"mentorlog-journal\",\"version\":1,\"relationships\":[]}\n\n  garbage", "not valid JSON at line 3, column 3"},
		{`{"format":"mentorlog-journal","version":1,"relationships":[{"relationship":{"started":"2026-13-45"}}]}`, "relationship.started should be a date and time such as 2026-03-02T09:00:00Z, not \"2026-13-45\""},
		{`{"format":"mentorlog-journal","version":1,"relationships":[{"relationship":{"cadence_days":14.5}}]}`, "cadence_days should be a whole number, not 14.5"},
		{"{\"format\":\"mentorlog-journal\",\"version\":1,\"relationships\":[{\"relationship\":{\"mentee_name\":\"日本語\",\"bogus\":1}}]}", "near line 1, column 97: unknown field"},
		{`{"format":"mentorlog-journal","version":1,"relationships":[{"relationship":{`, "ends too early"},
		{`{"format":"mentorlog-journal","version":1,"format":"mentorlog-journal","relationships":[]}`, "not valid JSON"},
	} {
		_, _, err := read(t, []byte(c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s\n  gave %v\n  want %q", c.body, err, c.want)
		}
	}
}

// TestSpoolKeepsStandardInput: an export piped in is read twice from a
// copy, which Close removes.
func TestSpoolKeepsStandardInput(t *testing.T) {
	body, _ := json.Marshal(demo.Archive(now))
	dir := t.TempDir()
	a, err := Spool(context.Background(), strings.NewReader(string(body)), dir, "standard input")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		n := 0
		if err := a.Each(func(model.Full, int64) error { n++; return nil }); err != nil || n == 0 {
			t.Fatalf("read %d relationships: %v", n, err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("Close left %v", left)
	}
}

// TestSpoolStopsAtInterrupt: a read of standard input that never ends (a
// terminal nobody types in) ends at an interrupt, and leaves no file.
func TestSpoolStopsAtInterrupt(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	done := make(chan error, 1)
	go func() {
		_, err := Spool(ctx, r, dir, "standard input")
		done <- err
	}()
	if _, err := w.Write([]byte(`{"format":`)); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Spool after an interrupt: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("an interrupted Spool left %v", left)
	}
}

// TestEachRefusesAFileThatChanged: a file written again between two
// readings (an import checks it, then writes it) is refused, not read
// as another file.
func TestEachRefusesAFileThatChanged(t *testing.T) {
	body, _ := json.Marshal(demo.Archive(now))
	path := write(t, body)
	a, err := Open(path, "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Each(func(model.Full, int64) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(body, ' '), 0o600); err != nil {
		t.Fatal(err)
	}
	err = a.Each(func(model.Full, int64) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "changed while it was being imported") {
		t.Fatalf("a file written again: %v", err)
	}
	// Another file of the same size and time put in its place.
	b, err := Open(path, "x.json")
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	other := path + ".new"
	swapped := append([]byte(nil), append(body, ' ')...)
	swapped[len(swapped)-2] = '}' // the same bytes, a new file
	if err := os.WriteFile(other, swapped, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(other, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	if err := b.Each(func(model.Full, int64) error { return nil }); err == nil || !strings.Contains(err.Error(), "changed while") {
		t.Fatalf("another file of the same size and time: %v", err)
	}
}

// FuzzEach: no file makes reading panic, and a file read without a
// problem holds exactly what a strict reading of the whole file does.
func FuzzEach(f *testing.F) {
	small, _ := json.Marshal(model.NewArchive(demo.Archive(now).Relationships[:1], now, false))
	f.Add(small)
	f.Add([]byte(`{"format":"mentorlog-journal","version":2,"relationships":[]}`))
	f.Add([]byte(`{"relationships":null,"format":"mentorlog-journal","version":1}`))
	f.Add([]byte(`{"format":"mentorlog-journal","version":1,"relationships":[{"relationship":{"cadence_days":"weekly"}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, _, err := read(t, body)
		if err != nil {
			return
		}
		var want model.Archive
		if err := jsonv2.Unmarshal(body, &want, jsonv2.RejectUnknownMembers(true)); err != nil {
			t.Fatalf("read without a problem, but the whole file is not: %v", err)
		}
		if len(want.Relationships) == 0 {
			want.Relationships = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read %+v, the whole file holds %+v", got, want)
		}
	})
}
