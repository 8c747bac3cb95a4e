package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorlog/demo"
	"mentorlog/model"
)

var t0 = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func demoMarkdown(t *testing.T, shared bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, demo.Archive(t0).Relationships, Options{Shared: shared, Now: t0}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMarkdownSections(t *testing.T) {
	md := demoMarkdown(t, false)
	want := []string{
		"# Mentoring journal\n\nExported from mentorlog on 2026-11-23 · 3 relationships.\n",
		"\n## Sam Okafor & Priya Raman\n",
		"\n## Sam Okafor & Lena Fischer\n",
		"\n## Marta Alves & Sam Okafor\n",
		"- **Your role:** mentee",
		"### Foundation agreement",
		"**Rules of engagement**",
		"- **Mentor:** Sam Okafor, ",
		"- **Mentee:** not signed yet",
		"### Goals", "### Roadmap", "### Sessions", "### Follow-ups", "### Health checks",
		"- **Still missing:** achievable",
		"- **Stalled:** no progress for 40 days",
		"- **Change next time:** _(not answered)_",
		"**Private notes**",
		"- [ ] **OVERDUE** mentee (Priya Raman) · due ",
		"- [x] mentor (Sam Okafor) · due ",
		"4. Saying no to scope creep without burning bridges — planned",
		"still getting to know each other after 4 sessions",
		"| Date | By | Articulation |",
		"- **Stage:** Stage 5 Problem solving · step 3 Developing the mentee · phase 3 Recap and progress (option “Lead the pipeline consolidation” has its obstacles",
		"- **Stage:** Stage 1 Introduction · step 1 Building the relationship · phase 1 Building rapport (getting to know each other: 4 meetings",
		"**Layers worked on:** 4 Commit, 6 Review\n",
		"1. Defining the skill — held on ",
	}
	for _, l := range model.Layers[1:] {
		want = append(want, "### Layer "+string(rune('0'+l.Layer))+" — "+l.Title+"\n")
	}
	for _, w := range want {
		if !strings.Contains(md, w) {
			t.Errorf("markdown lacks %q", w)
		}
	}
	// sessions newest first
	i, j := strings.Index(md, "Running meetings with senior people (5"), strings.Index(md, "· Our paths so far")
	if i < 0 || j < 0 || i > j {
		t.Errorf("sessions not newest first (%d, %d)", i, j)
	}
	// every private phrase of the demo is in the owner's copy
	for _, f := range demo.Archive(t0).Relationships {
		if !strings.Contains(md, strings.TrimSpace(f.Rel.PrivateNotes)) {
			t.Errorf("private notes of %s missing from the owner's export", f.Rel.Other())
		}
	}
}

func TestMarkdownSharedHidesPrivate(t *testing.T) {
	a := demo.Archive(t0)
	for i := range a.Relationships {
		f := &a.Relationships[i]
		f.Rel.PrivateNotes = "ZEBRA-PRIVATE-42 about the pair"
		for k := range f.Sessions {
			f.Sessions[k].PrivateNotes = "ZEBRA-PRIVATE-42\nsecond line"
		}
	}
	var own, shared bytes.Buffer
	if err := Write(&own, a.Relationships, Options{Now: t0}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&shared, a.Relationships, Options{Now: t0, Shared: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(own.String(), "ZEBRA-PRIVATE-42") {
		t.Fatal("owner's export lost the private notes")
	}
	for _, bad := range []string{"ZEBRA-PRIVATE-42", "Private notes", "Your role"} {
		if strings.Contains(shared.String(), bad) {
			t.Errorf("shared export contains %q", bad)
		}
	}
	if !strings.Contains(shared.String(), "shared copy: private notes are left out") {
		t.Error("shared export does not say it is shared")
	}
}

func TestMarkdownEscapesAndSanitizes(t *testing.T) {
	f := demo.Archive(t0).Relationships[0]
	f.Rel.MenteeName = "Eve #"
	s := &f.Sessions[0]
	s.Notes = "# not a heading\n> not a quote\n```\n---\n<div>\n| a | b |\n    four spaces\n- a real list item\n\n\x1b[31mred\x1b[0m and \x1b]8;;http://x\x07link\x1b]8;;\x07\r\nnext"
	s.Topic = "Topic\nwith newline"
	f.Goals[0].Title = "=== equals"
	var b bytes.Buffer
	if err := Write(&b, []model.Full{f}, Options{Now: t0}); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if strings.ContainsAny(md, "\x1b\x07\r") {
		t.Fatalf("control characters in markdown: %q", md)
	}
	for _, w := range []string{
		"## Sam Okafor & Eve \\#\n",
		"\\# not a heading  \n\\> not a quote  \n\\```  \n\\---  \n\\<div\\>  \n\\| a | b |  \n   four spaces  \n- a real list item\n\nred and link  \nnext\n",
		"· Topic with newline (",
		"#### \\=== equals (open)",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("markdown lacks %q", w)
		}
	}
}

func TestWriterStreamsLikeWrite(t *testing.T) {
	rels := demo.Archive(t0).Relationships
	var whole, streamed bytes.Buffer
	if err := Write(&whole, rels, Options{Now: t0}); err != nil {
		t.Fatal(err)
	}
	m := NewWriter(&streamed, Options{Now: t0})
	if err := m.WriteHeader(len(rels)); err != nil {
		t.Fatal(err)
	}
	for _, f := range rels {
		if err := m.WriteRelationship(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if whole.String() != streamed.String() {
		t.Fatal("streamed output differs")
	}
	// an empty journal still gives a valid document
	var empty bytes.Buffer
	if err := Write(&empty, nil, Options{Now: t0}); err != nil || !strings.Contains(empty.String(), "0 relationships") {
		t.Fatalf("empty: %q %v", empty.String(), err)
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n += len(p); w.n > 1000 {
		return 0, os.ErrClosed
	}
	return len(p), nil
}

func TestMarkdownReportsWriteErrors(t *testing.T) {
	a := demo.Large(t0, 2, 50, 2000)
	if err := Write(&failWriter{}, a.Relationships, Options{Now: t0}); err == nil {
		t.Fatal("a failing writer gave no error")
	}
}

// BenchmarkMarkdownExport writes a large journal (about 40 MB of Markdown)
// to a file and fsyncs it, as `mentorlog export --format markdown -o` does
// after reading. Reported MB/s is of the Markdown written.
func BenchmarkMarkdownExport(b *testing.B) {
	a := demo.Large(t0, 200, 100, 1800)
	path := filepath.Join(b.TempDir(), "journal.md")
	var size int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		if err := Write(f, a.Relationships, Options{Now: t0}); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		st, _ := f.Stat()
		size = st.Size()
		f.Close()
		b.SetBytes(size)
	}
	b.ReportMetric(float64(size)/1e6, "MB/export")
}

// TestMarkdownClosureOnlyWhenClosed: only a closed relationship reads as
// closed; a reopened one keeps its notes, marked as not a closing.
func TestMarkdownClosureOnlyWhenClosed(t *testing.T) {
	base := demo.Archive(t0).Relationships[0]
	closedAt := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	write := func(f model.Full) string {
		t.Helper()
		var b bytes.Buffer
		if err := Write(&b, []model.Full{f}, Options{Now: t0}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	notes := model.Closure{Accomplishments: "A talk given.", Next: "Peers."}

	closed := base
	model.Close(&closed.Rel, &closed.Plan, notes, closedAt)
	md := write(closed)
	for _, w := range []string{"- **Status:** closed", "### Closure\n\n- **Closed:** 2026-03-01\n", "- **Accomplishments:** A talk given."} {
		if !strings.Contains(md, w) {
			t.Errorf("closed: markdown lacks %q", w)
		}
	}

	// Reopened: model.Reopen clears the date and keeps the notes.
	reopened := closed
	model.Reopen(&reopened.Rel, &reopened.Plan)
	md = write(reopened)
	if strings.Contains(md, "Closed:") {
		t.Errorf("a reopened relationship reads as closed:\n%s", md)
	}
	for _, w := range []string{"- **Status:** active", "- **Not closed:** the relationship is active; these are closure notes, not a closing",
		"- **Accomplishments:** A talk given."} {
		if !strings.Contains(md, w) {
			t.Errorf("reopened: markdown lacks %q", w)
		}
	}

	// Active again with the old closing date still recorded.
	stale := reopened
	stale.Plan.Closure.ClosedAt = closedAt
	md = write(stale)
	if strings.Contains(md, "Closed:") {
		t.Errorf("an active relationship with an old closing date reads as closed:\n%s", md)
	}
	if !strings.Contains(md, "- **Not closed:** the relationship is active again (it was closed on 2026-03-01); these notes are from that closing") {
		t.Errorf("the old closing is not told as past:\n%s", md)
	}

	// Only an old date and no notes: no closure section at all.
	bare := base
	bare.Plan.Closure = model.Closure{ClosedAt: closedAt}
	if md = write(bare); strings.Contains(md, "### Closure") {
		t.Errorf("an active relationship without closure notes has a closure section")
	}
}

// unescaped returns the first '<', '>', '[' or ']' of md that is not
// escaped (preceded by an odd number of backslashes), ignoring the task
// list markers the writer puts before follow-ups, and its line.
func unescaped(md string) (byte, string, bool) {
	for _, line := range strings.Split(md, "\n") {
		l := line
		for _, own := range []string{"- [ ] ", "- [x] "} {
			l = strings.TrimPrefix(l, own)
		}
		for i := 0; i < len(l); i++ {
			if !strings.ContainsRune("<>[]", rune(l[i])) {
				continue
			}
			k := 0
			for k < i && l[i-1-k] == '\\' {
				k++
			}
			if k%2 == 0 {
				return l[i], line, true
			}
		}
	}
	return 0, "", false
}

// FuzzMarkdownText puts any text into every kind of place the writer puts
// journal text (heading, label, inline, block, cell): no '<', '>', '[' or
// ']' of it may come out unescaped, and no control character at all.
func FuzzMarkdownText(f *testing.F) {
	for _, s := range []string{"plain", "<img src=x onerror=alert(1)>", "[a](javascript:x)", "\\<b\\>", "x\\", "# h #", "a|b", "\u009b31m\x7f", "line\n<div>\n[r]: javascript:y"} {
		f.Add(s)
	}
	base := demo.Archive(t0).Relationships[0]
	f.Fuzz(func(t *testing.T, s string) {
		x := base
		x.Rel.MentorName, x.Rel.MenteeName, x.Rel.PrivateNotes = s+"#", s, s
		x.Goals = append([]model.Goal(nil), base.Goals...)
		x.Goals[0].Title, x.Goals[0].Specific = s, s
		x.Sessions = append([]model.Session(nil), base.Sessions...)
		x.Sessions[0].Topic, x.Sessions[0].Notes = s, s
		x.Health = []model.HealthCheck{{Date: t0, Party: model.RoleMentee, Comment: s}}
		var b bytes.Buffer
		if err := Write(&b, []model.Full{x}, Options{Now: t0}); err != nil {
			t.Fatal(err)
		}
		md := b.String()
		if c, line, bad := unescaped(md); bad {
			t.Fatalf("unescaped %q from %q in line %q", c, s, line)
		}
		for _, r := range md {
			if r == 0x1b || r == 0x7f || r < 0x20 && r != '\n' || r >= 0x80 && r < 0xa0 {
				t.Fatalf("control %U from %q in the markdown", r, s)
			}
		}
	})
}

// TestMarkdownMakesNoHTMLOrLinks: a name or any other journal text could
// put inline HTML (<img onerror=...>) or a javascript: link into the
// document, a heading included. Every '<', '>', '[' and ']' that comes
// from the journal must reach the output escaped: preceded by an odd
// number of backslashes.
func TestMarkdownMakesNoHTMLOrLinks(t *testing.T) {
	evil := []string{
		`<img src=x onerror=alert(1)>`,
		`[click](javascript:alert(1))`,
		`![pic](javascript:alert(2))`,
		`<javascript:alert(3)>`,
		`\<img src=x onerror=alert(4)\>`,
		`\\[two](javascript:alert(5))`,
		`<!-- comment --> <a href="javascript:alert(6)">x</a>`,
		`trailing backslash \`,
	}
	f := demo.Archive(t0).Relationships[0]
	for i, e := range evil {
		n := e + " " + string(rune('A'+i))
		f.Rel.MenteeName = n // headings, the layer 3 label, follow-up owners
		f.Rel.MentorName = n + " #"
		f.Rel.PrivateNotes = "[ref]: javascript:alert(7)\n" + e
		f.Goals[0].Title = n
		f.Goals[0].Specific = e + "\n" + e
		f.Plan.Meaning.Person = e
		f.Plan.Trust.Stories = []model.Story{{Teller: e, Story: e, Lesson: e}}
		f.Plan.Support.People = []model.Supporter{{Who: e, What: e}}
		f.Plan.Foundation.Signatures = nil
		f.Sessions[0].Topic = e
		f.Sessions[0].Notes = e + "\n\n[ref]: javascript:alert(8)\n" + e
		f.Sessions[0].Reviewed = []model.FollowUpReview{{Text: e, Outcome: model.OutcomeDone}}
		f.FollowUps[0].Text = e
		f.Roadmap[0].Topic = e
		if len(f.Health) > 0 {
			f.Health[0].Comment = e + " | cell"
		}
		var b bytes.Buffer
		if err := Write(&b, []model.Full{f}, Options{Now: t0}); err != nil {
			t.Fatal(err)
		}
		if c, line, bad := unescaped(b.String()); bad {
			t.Errorf("%q: unescaped %q in line %q", e, c, line)
		}
	}
	// Still readable: only the dangerous characters gain a backslash.
	f.Rel.MenteeName = `Ana <ana@example.com> [Lisbon]`
	f.Rel.MentorName = `C:\Users\ana #`
	var b bytes.Buffer
	if err := Write(&b, []model.Full{f}, Options{Now: t0}); err != nil {
		t.Fatal(err)
	}
	if want := "\n## C:\\Users\\ana \\# & Ana \\<ana@example.com\\> \\[Lisbon\\]\n"; !strings.Contains(b.String(), want) {
		t.Errorf("markdown lacks %q:\n%s", want, b.String()[:400])
	}
}
