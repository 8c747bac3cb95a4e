package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNewIDUniqueAndOrdered(t *testing.T) {
	seen := map[ID]bool{}
	prev := ID("")
	for i := 0; i < 2000; i++ {
		id := NewID(t0.Add(time.Duration(i) * time.Millisecond))
		if !id.Valid() {
			t.Fatalf("%q not valid", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %s", id)
		}
		if id <= prev {
			t.Fatalf("ids not ordered by time: %s after %s", id, prev)
		}
		seen[id], prev = true, id
	}
	for _, bad := range []ID{"", "abc", ID(strings.Repeat("g", 32)), ID(strings.Repeat("A", 32))} {
		if bad.Valid() {
			t.Errorf("%q should be invalid", bad)
		}
	}
}

func TestCompletion(t *testing.T) {
	var p Plan
	if got := p.Completion(); got != [7]float64{} {
		t.Fatalf("empty plan: %v", got)
	}
	p.Problem = Problem{Statement: "Run a meeting well", Parts: []string{"agenda"}, Current: "chaotic", Achieved: ""}
	p.Meaning = Meaning{Person: "confidence", Team: "time saved"}
	c := p.Completion()
	if c[LayerProblem] != 0.75 || c[LayerMeaning] != 0.5 || c[LayerTrust] != 0 {
		t.Fatalf("got %v", c)
	}
	p.Review = Review{CheckInWhen: "monthly", CheckInHow: "call", Measures: []string{"x"}, Reviews: []ReviewEntry{{Date: t0, WhatHappened: "y"}}}
	if c := p.Completion(); c[LayerReview] != 1 {
		t.Fatalf("review: %v", c[LayerReview])
	}
	// signatures count only while they match the current text
	p.Foundation.SharedValues = []string{"honesty"}
	before := p.Completion()[LayerFoundation]
	f, err := p.Foundation.Sign(RoleMentor, "Grace", t0)
	if err != nil {
		t.Fatal(err)
	}
	f, _ = f.Sign(RoleMentee, "Ada", t0)
	p.Foundation = f
	signed := p.Completion()[LayerFoundation]
	if signed <= before {
		t.Fatalf("signing did not raise completion: %v -> %v", before, signed)
	}
	p.Foundation.KeyGoals = []string{"new goal"} // text changes: signatures stale
	changed := p.Completion()[LayerFoundation]
	if changed >= signed+0.1-0.001 {
		t.Fatalf("stale signatures still counted: %v vs %v", changed, signed)
	}
}

func TestMissingSMART(t *testing.T) {
	g := Goal{Title: "Talk"}
	if got := g.MissingSMART(); !reflect.DeepEqual(got, SMARTParts) {
		t.Fatalf("all missing: %v", got)
	}
	g.Specific, g.Measure, g.Due = "a talk at a meetup", "one talk given", day("2027-03-01")
	if got := g.MissingSMART(); !reflect.DeepEqual(got, []SMARTPart{SMARTAchievable, SMARTRelevant}) {
		t.Fatalf("got %v", got)
	}
	g.Achievable, g.Relevant = "small meetup", "visibility"
	if got := g.MissingSMART(); len(got) != 0 {
		t.Fatalf("got %v", got)
	}
	for _, p := range SMARTParts {
		if p.Hint() == "" {
			t.Errorf("no hint for %s", p)
		}
	}
}

func TestSignaturesAndStaleness(t *testing.T) {
	var f Foundation
	if _, err := f.Sign(RoleMentor, "Grace", t0); err == nil || !strings.Contains(err.Error(), "agreement: is empty") {
		t.Fatalf("signing an empty agreement: %v", err)
	}
	f.SharedValues = []string{"candour"}
	f.Rules.Frequency = "every two weeks"
	if _, err := f.Sign(RoleMentor, "  ", t0); err == nil {
		t.Fatal("blank name accepted")
	}
	if _, err := f.Sign(RolePeer, "X", t0); err == nil {
		t.Fatal("peer party accepted")
	}
	fp := f.Fingerprint()
	if len(fp) != 16 {
		t.Fatalf("fingerprint %q", fp)
	}
	f1, err := f.Sign(RoleMentor, "Grace Hopper", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Signatures) != 0 {
		t.Fatal("Sign changed its receiver")
	}
	if st, s := f1.SignStateOf(RoleMentor); st != Signed || s.Name != "Grace Hopper" || s.Fingerprint != fp {
		t.Fatalf("state %v %+v", st, s)
	}
	if st, _ := f1.SignStateOf(RoleMentee); st != Unsigned {
		t.Fatalf("mentee: %v", st)
	}
	f2, _ := f1.Sign(RoleMentee, "Ada", t0.Add(time.Minute))
	if !f2.FullySigned() {
		t.Fatal("both signed but not FullySigned")
	}
	// change the agreement: both stale, what changed is visible
	f2.Rules.Frequency = "weekly"
	if f2.FullySigned() {
		t.Fatal("still fully signed after a change")
	}
	st, sig := f2.SignStateOf(RoleMentee)
	if st != ChangedSinceSigned || st.String() != "changed since signed" {
		t.Fatalf("state %v", st)
	}
	if again := f2.ToSignAgain(); len(again) != 2 || again[0].Party != RoleMentor || again[1].Name != "Ada" || !f2.ChangedSinceSigned() {
		t.Fatalf("to sign again: %+v", again)
	}
	if again := f1.ToSignAgain(); len(again) != 0 || f1.ChangedSinceSigned() { // signed by one, unchanged
		t.Fatalf("to sign again, unchanged: %+v", again)
	}
	diff := DiffLines(sig.Text, f2.AgreementText())
	var added, removed []string
	for _, d := range diff {
		switch d.Op {
		case DiffAdded:
			added = append(added, d.Text)
		case DiffRemoved:
			removed = append(removed, d.Text)
		}
	}
	if !reflect.DeepEqual(added, []string{"Meeting frequency: weekly"}) || !reflect.DeepEqual(removed, []string{"Meeting frequency: every two weeks"}) {
		t.Fatalf("diff +%v -%v", added, removed)
	}
	// sign again: history keeps every version
	f3, _ := f2.Sign(RoleMentee, "Ada", t0.Add(time.Hour))
	if len(f3.Signatures) != 3 {
		t.Fatalf("history %d", len(f3.Signatures))
	}
	if st, _ := f3.SignStateOf(RoleMentee); st != Signed {
		t.Fatalf("re-signed mentee: %v", st)
	}
	if st, _ := f3.SignStateOf(RoleMentor); st != ChangedSinceSigned {
		t.Fatalf("mentor: %v", st)
	}
	if err := f3.Validate(); err != nil {
		t.Fatal(err)
	}
	// signatures are not part of the text
	if f3.Fingerprint() != f2.Fingerprint() {
		t.Fatal("signing changed the fingerprint")
	}
}

func TestDiffLinesEdges(t *testing.T) {
	if d := DiffLines("", ""); len(d) != 0 {
		t.Fatalf("%v", d)
	}
	d := DiffLines("a\nb\nc\n", "a\nc\nd\n")
	want := []DiffLine{{DiffSame, "a"}, {DiffRemoved, "b"}, {DiffSame, "c"}, {DiffAdded, "d"}}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("%v", d)
	}
}

func TestNextMeetingAndLate(t *testing.T) {
	rel := validRel() // cadence 14, started 2026-01-05
	s := Summary{Rel: rel}
	if got := NextMeeting(s); !got.Equal(day("2026-01-19")) {
		t.Fatalf("no sessions: %v", got)
	}
	s.LastSession = day("2026-11-02")
	if got := NextMeeting(s); !got.Equal(day("2026-11-16")) {
		t.Fatalf("from cadence: %v", got)
	}
	if got := MeetingLateDays(s, day("2026-11-23")); got != 7 {
		t.Fatalf("late: %d", got)
	}
	s.NextMeeting = day("2026-11-25")
	if got := NextMeeting(s); !got.Equal(day("2026-11-25")) {
		t.Fatalf("agreed date: %v", got)
	}
	if got := MeetingLateDays(s, day("2026-11-23")); got != 0 {
		t.Fatalf("not late: %d", got)
	}
	s.NextMeeting = day("2026-10-01") // older than the last session: ignored
	if got := NextMeeting(s); !got.Equal(day("2026-11-16")) {
		t.Fatalf("stale agreed date: %v", got)
	}
	s.Rel.CadenceDays = 0
	s.NextMeeting = time.Time{}
	if got := NextMeeting(s); !got.IsZero() {
		t.Fatalf("no cadence: %v", got)
	}
	s.Rel.Status = StatusPaused
	s.Rel.CadenceDays = 7
	if MeetingLateDays(s, day("2027-01-01")) != 0 {
		t.Fatal("paused relationships are never late")
	}
	if got := ProposeNextMeeting(day("2026-11-23"), 0); !got.Equal(day("2026-11-30")) {
		t.Fatalf("default proposal %v", got)
	}
	if got := ProposeNextMeeting(day("2026-11-23"), 30); !got.Equal(day("2026-12-23")) {
		t.Fatalf("proposal %v", got)
	}
}

func TestDue(t *testing.T) {
	today := day("2026-11-23")
	a := validRel()
	a.MenteeName = "Ada"
	b := validRel()
	b.ID = NewID(t0.Add(time.Second))
	b.MenteeName = "Bob"
	c := validRel()
	c.ID = NewID(t0.Add(2 * time.Second))
	c.MenteeName = "Closed"
	c.Status = StatusClosed
	sums := []Summary{
		{Rel: a, LastSession: day("2026-11-16"), NextMeeting: day("2026-11-24")},
		{Rel: b, LastSession: day("2026-06-01")}, // cadence 14 -> late since June
		{Rel: c, LastSession: day("2026-11-20")},
	}
	fus := []FollowUp{
		{ID: newID(), RelID: a.ID, Text: "send draft", Owner: RoleMentee, Due: day("2026-11-20"), Status: FollowUpOpen},
		{ID: newID(), RelID: a.ID, Text: "far away", Owner: RoleMentor, Due: day("2027-01-20"), Status: FollowUpOpen},
		{ID: newID(), RelID: a.ID, Text: "undated", Owner: RoleMentor, Status: FollowUpOpen},
		{ID: newID(), RelID: b.ID, Text: "read book", Owner: RoleMentee, Due: day("2026-11-25"), Status: FollowUpOpen},
		{ID: newID(), RelID: b.ID, Text: "already done", Owner: RoleMentee, Due: day("2026-11-01"), Status: FollowUpDone},
		{ID: newID(), RelID: c.ID, Text: "closed rel", Owner: RoleMentee, Due: day("2026-11-01"), Status: FollowUpOpen},
	}
	got := Due(today, sums, fus, DefaultDueHorizon)
	var lines []string
	for _, d := range got {
		lines = append(lines, FormatDate(d.Date)+" "+string(d.Kind)+" "+d.With+" "+d.Text)
	}
	want := []string{
		"2026-06-15 meeting Bob meeting",
		// Bob has not met since June 1st: twice the 14-day cadence ran out on June 29th.
		"2026-06-29 quiet Bob no session for 175 days, a whole cadence (14 days) past the meeting due 2026-06-15",
		"2026-11-20 follow-up Ada send draft",
		"2026-11-24 meeting Ada meeting",
		"2026-11-25 follow-up Bob read book",
	}
	if !reflect.DeepEqual(lines, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if !got[0].Overdue || got[0].Days != -161 || got[3].Overdue || got[3].Days != 1 {
		t.Fatalf("overdue flags: %+v", got)
	}
	if n := (Summary{OpenDue: []time.Time{day("2026-11-20"), day("2026-11-23"), day("2026-12-01")}}).Overdue(today); n != 1 {
		t.Fatalf("Overdue count %d", n)
	}
}

func TestSortFollowUps(t *testing.T) {
	today := day("2026-11-23")
	fs := []FollowUp{
		{Text: "done", Status: FollowUpDone, Due: day("2026-01-01"), DoneAt: day("2026-03-01")},
		{Text: "done-last", Status: FollowUpDone, Due: day("2025-01-01"), DoneAt: day("2026-11-20")},
		{Text: "dropped-undated-new", Status: FollowUpDropped, Created: day("2026-05-02")},
		{Text: "dropped-undated-old", Status: FollowUpDropped, Created: day("2026-05-01")},
		{Text: "undated", Status: FollowUpOpen},
		{Text: "soon", Status: FollowUpOpen, Due: day("2026-11-30")},
		{Text: "overdue-late", Status: FollowUpOpen, Due: day("2026-11-22")},
		{Text: "overdue-early", Status: FollowUpOpen, Due: day("2026-11-01")},
	}
	SortFollowUps(fs, today)
	var got []string
	for _, f := range fs {
		got = append(got, f.Text)
	}
	// Closed last, the most recently done first; those without a date of
	// being done, the most recently made first.
	want := []string{"overdue-early", "overdue-late", "soon", "undated", "done-last", "done", "dropped-undated-new", "dropped-undated-old"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v", got)
	}
	if !fs[0].IsOverdue(today) || fs[2].IsOverdue(today) {
		t.Fatal("IsOverdue")
	}
}

func TestStuckAndStalled(t *testing.T) {
	s := Summary{Sessions: 3}
	if !Stuck(s) {
		t.Fatal("3 sessions, no problem, no goal: stuck")
	}
	for _, mod := range []func(*Summary){
		func(s *Summary) { s.Sessions = 2 },
		func(s *Summary) { s.HasProblem = true },
		func(s *Summary) { s.Goals = 1 },
	} {
		x := s
		mod(&x)
		if Stuck(x) {
			t.Errorf("not stuck: %+v", x)
		}
	}
	if len(GettingUnstuckTopics) < 4 {
		t.Fatal("topics")
	}
	today := day("2026-11-23")
	g := Goal{Status: GoalOpen, Created: day("2026-10-01")}
	if !g.Stalled(today) {
		t.Fatal("no progress since creation 7 weeks ago: stalled")
	}
	g.Progress = []ProgressEntry{{Date: day("2026-11-10"), Note: "x"}}
	if g.Stalled(today) {
		t.Fatal("progress 13 days ago: not stalled")
	}
	g.Progress[0].Date = day("2026-11-02")
	if !g.Stalled(today) {
		t.Fatal("progress 21 days ago: stalled")
	}
	g.Status = GoalAchieved
	if g.Stalled(today) {
		t.Fatal("achieved goals never stall")
	}
	if got := StalledGoals([]Goal{g, {Status: GoalOpen, Created: day("2026-01-01")}}, today); len(got) != 1 {
		t.Fatalf("StalledGoals %d", len(got))
	}
	if HealthCheckDue(HealthEverySessions-1) || !HealthCheckDue(HealthEverySessions) {
		t.Fatal("HealthCheckDue")
	}
}

func TestParseDate(t *testing.T) {
	today := time.Date(2026, 11, 23, 22, 0, 0, 0, time.UTC)
	cases := map[string]string{
		"":           "",
		"today":      "2026-11-23",
		" Tomorrow ": "2026-11-24",
		"yesterday":  "2026-11-22",
		"+3d":        "2026-11-26",
		"+2w":        "2026-12-07",
		"-1d":        "2026-11-22",
		"+1m":        "2026-12-23",
		"2027-02-28": "2027-02-28",
	}
	for in, want := range cases {
		got, err := ParseDate(in, today)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if FormatDate(got) != want {
			t.Errorf("%q: got %q want %q", in, FormatDate(got), want)
		}
	}
	for _, bad := range []string{"2027-02-30", "next week", "+d", "+99999d", "23/11/2026", "1700-01-01"} {
		if _, err := ParseDate(bad, today); err == nil {
			t.Errorf("%q accepted", bad)
		} else if !strings.Contains(err.Error(), "YYYY-MM-DD") && !strings.Contains(err.Error(), "year") {
			t.Errorf("%q: message does not say what to do: %v", bad, err)
		}
	}
	// The message quotes what was typed, as typed.
	if _, err := ParseDate(" Next Tuesday ", today); err == nil || !strings.Contains(err.Error(), `"Next Tuesday" is not a date`) {
		t.Errorf("message of a date not read: %v", err)
	}
	if DaysBetween(day("2026-11-20"), day("2026-11-23")) != 3 {
		t.Fatal("DaysBetween")
	}
}

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain text":                        "plain text",
		"two\nlines":                        "two\nlines",
		"tab\there":                         "tab    here",
		"red \x1b[31mtext\x1b[0m":           "red text",
		"title \x1b]0;pwned\x07 done":       "title  done",
		"osc st \x1b]8;;http://x\x1b\\link": "osc st link",
		"clear\x1b[2J\x1b[H":                "clear",
		"bell\x07 and del\x7f":              "bell and del",
		"cr\r\n":                            "cr\n",
		"c1 csi \u009b31m red":              "c1 csi  red",
		"bidi \u202eevil":                   "bidi evil",
		"bad utf8 \xff\xfe ok":              "bad utf8  ok",
		"dcs \x1bPq#0;2;0;0;0\x1b\\ end":    "dcs  end",
		"naïve café – ✓":                    "naïve café – ✓",
		"esc at end \x1b":                   "esc at end ",
		"charset \x1b(B ok":                 "charset  ok",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SanitizeLine("a\nb\x1b[1m"); got != "a b" {
		t.Errorf("SanitizeLine: %q", got)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"hello", "\x1b[31mred", "\x1b]0;t\x07", "\u009b2J", "a\tb\r\n", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		for _, r := range out {
			if r == 0x1b || r == 0x7f || (r < 0x20 && r != '\n') || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("Sanitize(%q) left control %U in %q", s, r, out)
			}
		}
		if Sanitize(out) != out {
			t.Fatalf("Sanitize not idempotent on %q", s)
		}
		if clean(s) != (rebuild(s) == s) {
			t.Fatalf("clean(%q) = %v disagrees with the rebuild", s, clean(s))
		}
	})
}

func TestSummarizeAndShared(t *testing.T) {
	rel := validRel()
	rel.PrivateNotes = "secret rel"
	f := Full{Rel: rel, Plan: Plan{RelID: rel.ID, Problem: Problem{Statement: "Delegation"}}}
	f.Goals = []Goal{{Status: GoalOpen}, {Status: GoalAchieved}}
	f.Sessions = []Session{
		{ID: newID(), Date: day("2026-11-01"), PrivateNotes: "secret 1"},
		{ID: newID(), Date: day("2026-11-15"), NextMeeting: day("2026-11-29"), PrivateNotes: "secret 2"},
	}
	f.FollowUps = []FollowUp{
		{Status: FollowUpOpen, Due: day("2026-11-20")},
		{Status: FollowUpOpen},
		{Status: FollowUpDone, Due: day("2026-11-01")},
	}
	s := Summarize(f)
	if s.Sessions != 2 || !s.LastSession.Equal(day("2026-11-15")) || !s.NextMeeting.Equal(day("2026-11-29")) ||
		s.Goals != 2 || s.OpenGoals != 1 || !s.HasProblem || s.OpenFollowUps != 2 || len(s.OpenDue) != 1 {
		t.Fatalf("summary %+v", s)
	}
	if s.Completion[LayerProblem] != 0.25 {
		t.Fatalf("completion %v", s.Completion)
	}
	sh := f.Shared()
	if sh.Rel.PrivateNotes != "" || sh.Sessions[0].PrivateNotes != "" || sh.Sessions[1].PrivateNotes != "" {
		t.Fatal("Shared kept private notes")
	}
	if f.Sessions[0].PrivateNotes != "secret 1" || f.Rel.PrivateNotes == "" {
		t.Fatal("Shared changed the original")
	}
}

func TestLayersAndEnums(t *testing.T) {
	if len(Layers) != 7 {
		t.Fatalf("%d layers", len(Layers))
	}
	for i, l := range Layers {
		if int(l.Layer) != i || l.Title == "" || l.Purpose == "" || l.Short == "" {
			t.Errorf("layer %d: %+v", i, l)
		}
		if Layer(i).Info().Title != l.Title {
			t.Errorf("Info %d", i)
		}
	}
	if Layer(9).Valid() || Layer(-1).Info().Title != "unknown layer" {
		t.Error("out-of-range layers")
	}
	if r, err := ParseRole(" Mentee "); err != nil || r != RoleMentee {
		t.Errorf("ParseRole: %v %v", r, err)
	}
	if _, err := ParseRole("boss"); err == nil {
		t.Error("ParseRole boss")
	}
	for _, q := range Qualities {
		if !q.Valid() || q.Label() == string(q) {
			t.Errorf("quality %s", q)
		}
	}
	r := validRel()
	if r.Other() != "Ada Byron" {
		t.Error("mentor owner: other is the mentee")
	}
	r.OwnerRole = RoleMentee
	if r.Other() != "Grace Hopper" || r.NameOf(RoleMentor) != "Grace Hopper" {
		t.Error("mentee owner: other is the mentor")
	}
}

// A session is blank with nothing written or done in it: a length, a
// topic, a planned topic, a review, a text or its end each make it not
// blank.
func TestSessionBlank(t *testing.T) {
	if !(Session{}).Blank() {
		t.Fatal("an empty session is not blank")
	}
	if !(Session{Topic: "  "}).Blank() {
		t.Fatal("a session with a blank topic is not blank")
	}
	for name, x := range map[string]Session{
		"length":   {Minutes: 45},
		"topic":    {Topic: "Salary talk"},
		"planned":  {RoadmapID: "r1"},
		"reviewed": {Reviewed: []FollowUpReview{{FollowUpID: "f1"}}},
		"notes":    {Notes: "x"},
		"answer":   {Reflection: Reflection{Change: "x"}},
		"ended":    {Ended: true},
	} {
		if x.Blank() {
			t.Errorf("a session with its %s is blank", name)
		}
	}
}

func TestReflectionAnswered(t *testing.T) {
	for _, c := range []struct {
		r    Reflection
		want int
	}{
		{Reflection{}, 0},
		{Reflection{Useful: " \n\t"}, 0},
		{Reflection{Change: "less slides"}, 1},
		{Reflection{Useful: "a", NextSteps: "b", BeforeNext: " ", Change: "d"}, 3},
		{Reflection{Useful: "a", NextSteps: "b", BeforeNext: "c", Change: "d"}, 4},
	} {
		if got := c.r.Answered(); got != c.want {
			t.Errorf("%+v: %d answered, want %d", c.r, got, c.want)
		}
	}
}

func TestArticle(t *testing.T) {
	for noun, want := range map[string]string{"option": "An", "goal": "A", "Entry": "An", "": "A", "session": "A"} {
		if got := Article(noun); got != want {
			t.Errorf("Article(%q) = %q, want %q", noun, got, want)
		}
	}
}
