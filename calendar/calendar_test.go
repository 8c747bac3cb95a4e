package calendar

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

var (
	today = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	stamp = time.Date(2026, 12, 3, 16, 20, 5, 0, time.UTC)
)

func rel(id, mentee string, status model.RelStatus) model.Relationship {
	return model.Relationship{ID: model.ID(id), MentorName: "Sam Okafor", MenteeName: mentee, OwnerRole: model.RoleMentor,
		Started: today.AddDate(0, -2, 0), Status: status, CadenceDays: 14}
}

// journal is three pairs: one that met, one that has not met yet, one
// paused; with open follow-ups, dated and not, and a done one.
func journal() ([]model.Summary, []model.FollowUp) {
	a := rel("0000000000000000000000000000000a", "Priya; Raman, PhD", model.StatusActive)
	b := rel("0000000000000000000000000000000b", "Lena Fischer", model.StatusActive)
	c := rel("0000000000000000000000000000000c", "Paused Person", model.StatusPaused)
	sums := []model.Summary{
		{Rel: a, LastSession: today.AddDate(0, 0, -3), NextMeeting: today.AddDate(0, 0, 4), NextTopic: "Saying no to scope creep"},
		{Rel: b},
		{Rel: c, LastSession: today.AddDate(0, 0, -3)},
	}
	fus := []model.FollowUp{
		{ID: "000000000000000000000000000000f1", RelID: a.ID, Text: "Send Sam the notes\x1b[31m", Owner: model.RoleMentee, Due: today.AddDate(0, 0, -1), Status: model.FollowUpOpen},
		{ID: "000000000000000000000000000000f2", RelID: a.ID, Text: "Book a room", Owner: model.RoleMentor, Status: model.FollowUpOpen},
		{ID: "000000000000000000000000000000f3", RelID: a.ID, Text: "Done already", Owner: model.RoleMentor, Due: today, Status: model.FollowUpDone},
		{ID: "000000000000000000000000000000f4", RelID: c.ID, Text: "Paused pair's", Owner: model.RoleMentor, Due: today, Status: model.FollowUpOpen},
		{ID: "000000000000000000000000000000f5", RelID: b.ID, Text: strings.Repeat("A long promise with ünïcödé ", 6), Owner: model.RoleMentee, Due: today.AddDate(0, 0, 10), Status: model.FollowUpOpen},
	}
	return sums, fus
}

func TestEvents(t *testing.T) {
	sums, fus := journal()
	es := Events(sums, fus, today)
	var got []string
	for _, e := range es {
		got = append(got, model.FormatDate(e.Date)+" "+e.UID)
	}
	want := []string{
		"2026-12-02 followup-000000000000000000000000000000f1@mentorlog",
		"2026-12-03 meeting-0000000000000000000000000000000b@mentorlog", // not met yet: the first meeting is today
		"2026-12-07 meeting-0000000000000000000000000000000a@mentorlog",
		"2026-12-13 followup-000000000000000000000000000000f5@mentorlog",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s := es[2].Summary; s != "Mentoring: Sam Okafor & Priya; Raman, PhD: Saying no to scope creep" {
		t.Fatalf("meeting summary %q", s)
	}
	if s := es[0].Summary; s != "Follow-up due (Priya; Raman, PhD): Send Sam the notes" {
		t.Fatalf("follow-up summary %q", s)
	}
	if !strings.HasPrefix(es[1].Description, "First meeting") || !es[1].Busy || es[0].Busy {
		t.Fatalf("first meeting: %+v", es[1])
	}
}

func TestWriteIsValidICalendar(t *testing.T) {
	sums, fus := journal()
	var buf bytes.Buffer
	if err := Write(&buf, "mentorlog, mine", Events(sums, fus, today), stamp); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(l), l)
		}
		if strings.ContainsAny(l, "\n\r\x1b") {
			t.Errorf("line %d holds a raw control character: %q", i, l)
		}
	}
	for _, w := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mentorlog//mentorlog calendar//EN\r\n",
		"X-WR-CALNAME:mentorlog\\, mine\r\n",
		"SUMMARY:Mentoring: Sam Okafor & Priya\\; Raman\\, PhD: Saying no to scope creep\r\n",
		"DTSTART;VALUE=DATE:20261207\r\nDTEND;VALUE=DATE:20261208\r\n",
		"DTSTAMP:20261203T162005Z\r\n",
		"DESCRIPTION:Next meeting of Sam Okafor (mentor) and Priya\\; Raman\\, PhD (mentee).\\nPlanned topic: Saying no to scope creep\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(strings.ReplaceAll(out, "\r\n ", ""), w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if n := strings.Count(out, "BEGIN:VEVENT"); n != 4 {
		t.Errorf("%d events, want 4", n)
	}
	// The same journal written later has the same UIDs and a higher SEQUENCE.
	var later bytes.Buffer
	if err := Write(&later, "x", Events(sums, fus, today), stamp.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if uids(out) != uids(later.String()) {
		t.Fatal("UIDs differ between two files")
	}
	if seq(out) >= seq(later.String()) {
		t.Fatalf("SEQUENCE %d then %d", seq(out), seq(later.String()))
	}
}

func uids(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\r\n") {
		if strings.HasPrefix(l, "UID:") {
			out = append(out, l)
		}
	}
	return strings.Join(out, ",")
}

func seq(s string) int {
	i := strings.Index(s, "SEQUENCE:") + len("SEQUENCE:")
	n, err := strconv.Atoi(s[i : i+strings.Index(s[i:], "\r\n")])
	if err != nil {
		panic(err)
	}
	return n
}

func TestFoldingKeepsCharactersWhole(t *testing.T) {
	var buf bytes.Buffer
	long := strings.Repeat("é", 100) + strings.Repeat("x", 80)
	if err := Write(&buf, long, nil, stamp); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, "X-WR-CALNAME:"+long+"\r\n") {
		t.Fatal("folding lost or broke characters")
	}
	for _, l := range strings.Split(out, "\r\n") {
		if len(l) > 75 || !utf8Valid(l) {
			t.Fatalf("bad folded line %q", l)
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }

// python finds Debian's Python with the icalendar module (python3-icalendar,
// which .ci/run installs); the test fails in CI without it.
func python(t *testing.T) string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import icalendar").Run() == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("python3 with the icalendar module is missing: .ci/run installs python3-icalendar")
	}
	t.Skip("python3 with the icalendar module is not installed (apt-get install python3-icalendar)")
	return ""
}

const parse = `
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for ev in cal.walk('VEVENT'):
    out.append({
        'uid': str(ev['UID']),
        'summary': str(ev['SUMMARY']),
        'description': str(ev.get('DESCRIPTION', '')),
        'start': ev.decoded('DTSTART').isoformat(),
        'end': ev.decoded('DTEND').isoformat(),
        'stamp': ev.decoded('DTSTAMP').isoformat(),
        'sequence': int(ev['SEQUENCE']),
    })
print(json.dumps({'name': str(cal['X-WR-CALNAME']), 'version': str(cal['VERSION']), 'events': out}))
`

type parsed struct {
	Name, Version string
	Events        []struct {
		UID, Summary, Description, Start, End, Stamp string
		Sequence                                     int
	}
}

// TestAnIndependentParserReadsIt reads the file with Python's icalendar.
func TestAnIndependentParserReadsIt(t *testing.T) {
	py := python(t)
	sums, fus := journal()
	events := Events(sums, fus, today)
	read := func(at time.Time) parsed {
		path := filepath.Join(t.TempDir(), "m.ics")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := Write(f, "mentorlog; Sam's pairs", events, at); err != nil {
			t.Fatal(err)
		}
		f.Close()
		out, err := exec.Command(py, "-c", parse, path).CombinedOutput()
		if err != nil {
			t.Fatalf("icalendar refused the file: %v\n%s", err, out)
		}
		var p parsed
		if err := json.Unmarshal(out, &p); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return p
	}
	p := read(stamp)
	if p.Name != "mentorlog; Sam's pairs" || p.Version != "2.0" || len(p.Events) != len(events) {
		t.Fatalf("calendar %+v", p)
	}
	for i, e := range p.Events {
		want := events[i]
		if e.UID != want.UID || e.Summary != want.Summary || e.Description != want.Description {
			t.Errorf("event %d read back as %+v, want %+v", i, e, want)
		}
		if e.Start != model.FormatDate(want.Date) || e.End != model.FormatDate(want.Date.AddDate(0, 0, 1)) {
			t.Errorf("event %d: %s to %s", i, e.Start, e.End)
		}
		if e.Stamp != "2026-12-03T16:20:05+00:00" {
			t.Errorf("DTSTAMP %s", e.Stamp)
		}
	}
	q := read(stamp.Add(24 * time.Hour))
	for i := range p.Events {
		if p.Events[i].UID != q.Events[i].UID || q.Events[i].Sequence <= p.Events[i].Sequence {
			t.Errorf("event %d across two files: %s/%d then %s/%d", i, p.Events[i].UID, p.Events[i].Sequence, q.Events[i].UID, q.Events[i].Sequence)
		}
	}
}

// FuzzWrite: whatever text a journal holds, every line of the file is at
// most 75 octets of valid UTF-8 with no raw control character, and
// unfolding gives back the text escaped.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{"", "Ada", "a;b,c\\d\ne", strings.Repeat("é", 80), "\x1b]2;PWNED\a\x1b[31m", "\u0085\u2028x", "\xff\xfe"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, text string) {
		var buf bytes.Buffer
		e := Event{UID: "u@mentorlog", Date: today, Summary: text, Description: text + "\n" + name}
		if err := Write(&buf, name, []Event{e}, stamp); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
			t.Fatal("unterminated calendar")
		}
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 {
				t.Fatalf("line of %d octets: %q", len(l), l)
			}
			for _, r := range l {
				if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
					t.Fatalf("raw control %U in %q", r, l)
				}
			}
		}
		unfolded := strings.ReplaceAll(out, "\r\n ", "")
		if !strings.Contains(unfolded, "\r\nSUMMARY:"+escape(text)+"\r\n") {
			t.Fatalf("summary not whole after unfolding: %q", unfolded)
		}
	})
}
