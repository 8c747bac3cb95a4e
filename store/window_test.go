package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"mentorlog/model"
)

// windowJournal is a relationship with 30 weekly sessions, each with a
// follow-up done a week later, one follow-up still open from the first
// week, which a window always keeps, and two done and undated, made in
// the first week and in the last.
func windowJournal(t *testing.T) (*Store, model.Full) {
	t.Helper()
	s := openTemp(t)
	r := newRel(t, s, "Lena")
	first := date("2025-06-02")
	for i := range 30 {
		day := first.AddDate(0, 0, 7*i)
		x := session(r.ID, model.FormatDate(day), fmt.Sprintf("week %d", i))
		mustNil(t, s.SaveSession(ctx, x))
		fu := followUp(r.ID, x.ID, fmt.Sprintf("task of week %d", i), model.FormatDate(day.AddDate(0, 0, 7)))
		fu.Status, fu.DoneAt = model.FollowUpDone, day.AddDate(0, 0, 6)
		mustNil(t, s.SaveFollowUp(ctx, fu))
	}
	mustNil(t, s.SaveFollowUp(ctx, followUp(r.ID, "", "still open from the start", "2025-06-09")))
	// Undated follow-ups made in the first week and in the last one.
	for _, made := range []time.Time{first, first.AddDate(0, 0, 7*29)} {
		undated := followUp(r.ID, "", "done, never dated, made "+model.FormatDate(made), "")
		undated.ID, undated.Status, undated.DoneAt = model.NewID(made), model.FollowUpDone, made
		mustNil(t, s.SaveFollowUp(ctx, undated))
	}
	whole, err := s.LoadFull(ctx, r.ID)
	mustNil(t, err)
	if len(whole.Sessions) != 30 || len(whole.FollowUps) != 33 || whole.History.More {
		t.Fatalf("the journal holds %s, more %v", describe(whole), whole.History.More)
	}
	return s, whole
}

// TestLoadWindow: a window holds the newest sessions asked for, the
// follow-ups due from the day of the oldest of them on with the open and
// undated ones, in LoadFull's order; the summary of the whole comes with
// it, and a window that reaches the first session is the whole.
func TestLoadWindow(t *testing.T) {
	s, whole := windowJournal(t)
	id := whole.Rel.ID
	ids := func(xs any) []model.ID {
		var out []model.ID
		v := reflect.ValueOf(xs)
		for i := range v.Len() {
			out = append(out, model.ID(v.Index(i).FieldByName("ID").String()))
		}
		return out
	}
	// The follow-ups of whole a window from day keeps, in whole's order:
	// open, due from day on, or undated and made from day on.
	followUpsFrom := func(day string) []model.ID {
		var out []model.ID
		for _, x := range whole.FollowUps {
			made := x.ID >= model.FirstIDAt(date(day))
			if x.Status == model.FollowUpOpen || x.Due.IsZero() && made || !x.Due.IsZero() && !x.Due.Before(date(day)) {
				out = append(out, x.ID)
			}
		}
		return out
	}
	for _, c := range []struct {
		name     string
		w        model.Window
		sessions int
		oldest   string // the oldest session's day
		from     string // the day the follow-ups are due from
	}{
		// With Since, the session before the oldest asked for is read too.
		{"newest ten", model.Window{Sessions: 10}, 10, "2025-10-20", "2025-10-20"},
		{"since reaches further", model.Window{Sessions: 5, Since: date("2025-10-13")}, 12, "2025-10-06", "2025-10-06"},
		{"since a day after a session", model.Window{Sessions: 1, Since: date("2025-10-14")}, 11, "2025-10-13", "2025-10-13"},
		{"since falls short", model.Window{Sessions: 10, Since: date("2025-12-01")}, 11, "2025-10-13", "2025-10-13"},
		{"twenty-nine of thirty", model.Window{Sessions: 29}, 29, "2025-06-09", "2025-06-09"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := s.LoadWindow(ctx, id, c.w)
			mustNil(t, err)
			if !f.History.More {
				t.Fatal("a window without the oldest session does not say there is more")
			}
			if got, want := ids(f.Sessions), ids(whole.Sessions[:c.sessions]); !slices.Equal(got, want) {
				t.Errorf("sessions %d, want the newest %d", len(got), len(want))
			}
			if got := model.FormatDate(f.Sessions[len(f.Sessions)-1].Date); got != c.oldest {
				t.Errorf("the oldest session read is of %s, want %s", got, c.oldest)
			}
			if got, want := ids(f.FollowUps), followUpsFrom(c.from); !slices.Equal(got, want) {
				t.Errorf("follow-ups %v\nwant %v", got, want)
			}
			if got, want := model.Summarize(f), model.Summarize(whole); !reflect.DeepEqual(got, want) {
				t.Errorf("the summary of a window is not of the whole:\n%+v\n%+v", got, want)
			}
			a, _ := json.Marshal(stripHistory(f))
			b, _ := json.Marshal(stripHistory(whole))
			if string(a) != string(b) {
				t.Errorf("the rest of a window differs from the whole:\n%s\n%s", a, b)
			}
		})
	}
	for _, w := range []model.Window{{}, {Sessions: 30}, {Sessions: 100}, {Sessions: 1, Since: date("2025-06-02")}} {
		f, err := s.LoadWindow(ctx, id, w)
		mustNil(t, err)
		a, _ := json.Marshal(f)
		b, _ := json.Marshal(whole)
		if f.History.More || string(a) != string(b) {
			t.Errorf("window %+v reaches the first session but is not the whole: more %v", w, f.History.More)
		}
	}
	// No session since: the newest is read, as the one before, and the
	// follow-ups from its day.
	f, err := s.LoadWindow(ctx, id, model.Window{Since: date("2027-01-01")})
	mustNil(t, err)
	if len(f.Sessions) != 1 || f.Sessions[0].ID != whole.Sessions[0].ID || !f.History.More || !slices.Equal(ids(f.FollowUps), followUpsFrom("2025-12-22")) {
		t.Errorf("a window of no session: %s, more %v", describe(f), f.History.More)
	}
}

// stripHistory is f without its sessions, follow-ups and history.
func stripHistory(f model.Full) model.Full {
	f.Sessions, f.FollowUps, f.History = nil, nil, model.History{}
	return f
}

// TestWindowKeepsHeldOn: a roadmap topic held by a session a window
// leaves out still has the date it was held on.
func TestWindowKeepsHeldOn(t *testing.T) {
	s, whole := windowJournal(t)
	first := whole.Sessions[len(whole.Sessions)-1]
	it := model.RoadmapItem{ID: newID(), RelID: whole.Rel.ID, Topic: "Negotiation", Status: model.TopicHeld, SessionID: first.ID}
	mustNil(t, s.SaveRoadmapItem(ctx, it))
	f, err := s.LoadWindow(ctx, whole.Rel.ID, model.Window{Sessions: 10})
	mustNil(t, err)
	if len(f.Roadmap) != 1 {
		t.Fatalf("roadmap %d items", len(f.Roadmap))
	}
	if d, ok := f.HeldOn(f.Roadmap[0]); !ok || !d.Equal(first.Date) {
		t.Errorf("held on %v %v, want %v", d, ok, first.Date)
	}
}

// TestWindowKeeps: the sessions and follow-ups a window names in Keep are
// read whatever their dates, in their places.
func TestWindowKeeps(t *testing.T) {
	s, whole := windowJournal(t)
	oldSession := whole.Sessions[25] // 2025-07-07, out of a window of ten
	var oldDone model.FollowUp       // done, due 2025-06-16
	for _, x := range whole.FollowUps {
		if x.Due.Equal(date("2025-06-16")) {
			oldDone = x
		}
	}
	if oldDone.ID == "" {
		t.Fatal("no follow-up due 2025-06-16")
	}
	f, err := s.LoadWindow(ctx, whole.Rel.ID, model.Window{Sessions: 10, Keep: []model.ID{oldSession.ID, oldDone.ID, whole.Rel.ID, "nonsense"}})
	mustNil(t, err)
	if n := len(f.Sessions); n != 11 || f.Sessions[10].ID != oldSession.ID || f.Sessions[9].ID != whole.Sessions[9].ID {
		t.Errorf("%d sessions; the kept one is not last", n)
	}
	if len(f.FollowUps) == 0 || f.FollowUps[1].ID != oldDone.ID { // after the one still open from the start, by due date
		t.Errorf("the kept follow-up is not in its place: %v", f.FollowUps)
	}
	// A kept old session does not widen the follow-ups read, nor count
	// among the sessions the window read.
	plain, err := s.LoadWindow(ctx, whole.Rel.ID, model.Window{Sessions: 10})
	mustNil(t, err)
	kept, err := s.LoadWindow(ctx, whole.Rel.ID, model.Window{Sessions: 10, Keep: []model.ID{oldSession.ID}})
	mustNil(t, err)
	if len(kept.FollowUps) != len(plain.FollowUps) || kept.History.Read != 10 || plain.History.Read != 10 || len(kept.Sessions) != 11 {
		t.Errorf("a kept session: %d follow-ups against %d, read %d and %d", len(kept.FollowUps), len(plain.FollowUps), kept.History.Read, plain.History.Read)
	}
}

// TestSessionsAt: pages of sessions cover the whole history in LoadFull's
// order (NewestFirst, sessions of one instant too), each read once, with
// the count of the whole; Around finds the
// page of a session wherever it is; a page past the oldest is empty; a
// session of another relationship or gone leaves From as asked.
func TestSessionsAt(t *testing.T) {
	s, whole := windowJournal(t)
	id := whole.Rel.ID
	// Two more sessions at the instant of the week 9 one, made in the
	// other order of their ids: every list orders them by id.
	week9 := whole.Sessions[20]
	for i, made := range []time.Time{week9.Created.Add(2 * time.Hour), week9.Created.Add(time.Hour)} {
		x := session(id, model.FormatDate(week9.Date), fmt.Sprintf("week 9 again, %d", i))
		x.Date, x.ID, x.Created = week9.Date, model.NewID(week9.Created.Add(time.Duration(i+1)*time.Minute)), made
		mustNil(t, s.SaveSession(ctx, x))
	}
	whole, err := s.LoadFull(ctx, id)
	mustNil(t, err)
	if !slices.IsSortedFunc(whole.Sessions, model.NewestFirst) {
		t.Fatal("LoadFull's sessions are not in NewestFirst's order")
	}
	other := newRel(t, s, "Ines")
	stranger := session(other.ID, "2025-07-01", "not Lena's")
	mustNil(t, s.SaveSession(ctx, stranger))
	var all []model.ID
	for from := 0; from < 42; from += 7 {
		p, err := s.SessionsAt(ctx, id, model.Page{From: from, N: 7})
		mustNil(t, err)
		if p.From != from || p.Total != 32 {
			t.Fatalf("page from %d: from %d of %d", from, p.From, p.Total)
		}
		if want := max(0, min(7, 32-from)); len(p.Sessions) != want {
			t.Fatalf("page from %d holds %d sessions, want %d", from, len(p.Sessions), want)
		}
		for _, x := range p.Sessions {
			all = append(all, x.ID)
		}
	}
	var want []model.ID
	for _, x := range whole.Sessions {
		want = append(want, x.ID)
	}
	if !slices.Equal(all, want) {
		t.Errorf("the pages read\n%v\nthe whole history is\n%v", all, want)
	}
	for i, x := range whole.Sessions {
		p, err := s.SessionsAt(ctx, id, model.Page{N: 7, Around: x.ID})
		mustNil(t, err)
		if p.From != i-i%7 || !slices.ContainsFunc(p.Sessions, func(y model.Session) bool { return y.ID == x.ID }) {
			t.Fatalf("around session %d: the page from %d does not hold it", i, p.From)
		}
	}
	for _, around := range []model.ID{stranger.ID, model.NewID(time.Now()), "not an id"} {
		p, err := s.SessionsAt(ctx, id, model.Page{From: 14, N: 7, Around: around})
		mustNil(t, err)
		if p.From != 14 || len(p.Sessions) != 7 || p.Sessions[0].ID != whole.Sessions[14].ID || p.Total != 32 {
			t.Errorf("around %s, not one of Lena's: from %d, %d sessions", around, p.From, len(p.Sessions))
		}
	}
	if _, err := s.SessionsAt(ctx, model.NewID(time.Now()), model.Page{N: 7}); err == nil {
		t.Error("the sessions of a relationship that is not there were read")
	}
}
