package model

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// journalSim is one journal in the merge property test.
type journalSim struct {
	peer  string
	clock uint64
	state Shared
}

// write is one edit made in the property test, to check it was not lost.
type write struct {
	key, path string
	dot       Dot
}

func (j *journalSim) tick(rng *rand.Rand) uint64 {
	// Wall clocks of the three laptops disagree and sometimes stand still.
	j.clock = HLC(j.clock, int64(1000+rng.IntN(50)))
	return j.clock
}

// edit makes one random change to a record of j, as a screen would: it
// starts from what is shown and saves the fields it ends with.
func (j *journalSim) edit(rng *rand.Rand, keys []string) []write {
	key := keys[rng.IntN(len(keys))]
	rec, ok := j.state[key]
	if !ok {
		rec = Record{Kind: KindPlan, ID: ID(key)}
	}
	at := j.tick(rng)
	var fields map[string]json.RawMessage
	if rec.Alive() {
		fields = rec.Shown()
	}
	switch op := rng.IntN(10); {
	case !rec.Alive() && len(rec.Fields) > 0 && op < 8:
		return nil // deleted here: screens cannot edit it
	case fields == nil:
		fields = map[string]json.RawMessage{"": Alive, "trust.mentor.skills": val(rng)}
	case op < 5:
		fields["field"+strconv.Itoa(rng.IntN(3))] = val(rng)
	case op < 6:
		for p := range fields {
			if p != "" && !isItemRoot(p) && rng.IntN(2) == 0 {
				delete(fields, p)
			}
		}
	case op < 7:
		id := fmt.Sprintf("%s%d", j.peer, at)
		fields["trust.stories["+id+"]"] = Alive
		fields["trust.stories["+id+"].story"] = val(rng)
	case op < 8:
		var items []string
		for p := range fields {
			if isItemRoot(p) {
				items = append(items, p)
			}
		}
		sort.Strings(items)
		if len(items) == 0 {
			return nil
		}
		it := items[rng.IntN(len(items))]
		if rng.IntN(2) == 0 {
			fields[it+".story"] = val(rng)
		} else {
			delete(fields, it)
			for p := range fields {
				if itemGone(p, fields) {
					delete(fields, p)
				}
			}
		}
	case op < 9:
		fields = nil // delete the record
	default:
		return nil
	}
	next := rec.Edit(fields, j.peer, at)
	j.state[key] = next
	var ws []write
	for p, reg := range next.Fields {
		if !reg.equal(rec.Fields[p]) {
			ws = append(ws, write{key, p, Dot{j.peer, at}})
		}
	}
	return ws
}

func val(rng *rand.Rand) json.RawMessage {
	return json.RawMessage(strconv.Quote("v" + strconv.Itoa(rng.IntN(4))))
}

func clone(s Shared) Shared { return Shared{}.Merge(s) }

// Three journals make random edits, deletes and exchanges, and deliver
// old copies late, in random orders. Once each has received everyone's
// latest state, the three are the same, and every write is either in its
// field or was overwritten by a write made knowing of it: two concurrent
// writes of a field both stay, as a conflict.
func TestMergeThreeJournalsConverge(t *testing.T) {
	cases := 3000
	if testing.Short() {
		cases = 300
	}
	if n, err := strconv.Atoi(os.Getenv("MENTORLOG_MERGE_CASES")); err == nil {
		cases = n
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("MENTORLOG_MERGE_SEED"), 10, 64); err == nil {
		seed = s
	}
	conflicts := 0
	for c := 0; c < cases; c++ {
		rng := rand.New(rand.NewPCG(seed, uint64(c)))
		js := []*journalSim{{peer: "a1"}, {peer: "b2"}, {peer: "c3"}}
		for _, j := range js {
			j.state = Shared{}
		}
		keys := []string{"plan/1", "plan/2", "plan/3"}
		var writes []write
		var mail []struct {
			to    int
			state Shared
		}
		for step := 0; step < 40; step++ {
			switch op := rng.IntN(10); {
			case op < 6:
				writes = append(writes, js[rng.IntN(3)].edit(rng, keys)...)
			case op < 8:
				from, to := rng.IntN(3), rng.IntN(3)
				mail = append(mail, struct {
					to    int
					state Shared
				}{to, clone(js[from].state)})
			default:
				if len(mail) > 0 {
					i := rng.IntN(len(mail))
					m := mail[i]
					mail = append(mail[:i], mail[i+1:]...)
					js[m.to].state = js[m.to].state.Merge(m.state)
				}
			}
		}
		// Everyone gets everyone's latest state, in a random order.
		latest := []Shared{clone(js[0].state), clone(js[1].state), clone(js[2].state)}
		for _, to := range rng.Perm(3) {
			for _, from := range rng.Perm(3) {
				js[to].state = js[to].state.Merge(latest[from])
			}
		}
		for i := 1; i < 3; i++ {
			if !js[i].state.Equal(js[0].state) {
				t.Fatalf("case %d (MENTORLOG_MERGE_SEED=%d): journal %s ends with\n%v\njournal a1 with\n%v", c, seed, js[i].peer, js[i].state, js[0].state)
			}
		}
		final := js[0].state
		for _, w := range writes {
			reg := final[w.key].Fields[w.path]
			kept := false
			for _, v := range reg {
				if v.Clock.at(w.dot.Peer) >= w.dot.At {
					kept = true
				}
			}
			if !kept {
				t.Fatalf("case %d (MENTORLOG_MERGE_SEED=%d): the write of %s %q by %v was lost: %v", c, seed, w.key, w.path, w.dot, reg)
			}
		}
		for _, r := range final {
			conflicts += len(r.Conflicts())
		}
		// Merging is idempotent: merging again changes nothing.
		if again := final.Merge(latest[1]).Merge(final); !again.Equal(final) {
			t.Fatalf("case %d (MENTORLOG_MERGE_SEED=%d): merging again changed the state", c, seed)
		}
	}
	if conflicts == 0 {
		t.Fatalf("no case made a conflict: the test does not exercise concurrent edits")
	}
}

// A record's JSON turns into fields and back into the same record, with
// list items by id, and local fields kept from the journal's own copy.
func TestFlattenRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	p := Plan{RelID: "r1", Updated: at}
	p.Foundation.Rules.Scope = "career"
	p.Foundation.SharedValues = []string{"candour", "time"}
	p.Trust.Stories = []Story{{ID: NewID(at), Teller: "Ann", Story: "a [tricky] one.", Lesson: "x"}, {ID: NewID(at.Add(time.Second)), Story: "two"}}
	p.Foundation.Signatures = []Signature{{ID: NewID(at), Party: RoleMentor, Name: "Ann", At: at, Fingerprint: "f"}}
	p.LayerEdited = map[Layer]time.Time{1: at}
	v, _ := json.Marshal(p)
	fields, err := Flatten(KindPlan, v)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"", "foundation.rules.scope", "foundation.shared_values", "trust.stories[" + string(p.Trust.Stories[0].ID) + "].story"} {
		if _, ok := fields[want]; !ok {
			t.Errorf("no field %q in %v", want, fields)
		}
	}
	for _, no := range []string{"updated", "layer_edited", "rel_id"} {
		if _, ok := fields[no]; ok {
			t.Errorf("local field %q was flattened", no)
		}
	}
	shared, err := Unflatten(fields)
	if err != nil {
		t.Fatal(err)
	}
	back, err := WithLocal(KindPlan, shared, v, "", "r1")
	if err != nil {
		t.Fatal(err)
	}
	var got Plan
	if err := json.Unmarshal(back, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, p)
	}
}

// An edit concurrent with a delete keeps the record and shows a conflict;
// writing the record again resolves it.
func TestEditAgainstDeleteIsAConflict(t *testing.T) {
	base := Record{Kind: KindFollowUp, ID: "f"}.Edit(map[string]json.RawMessage{"": Alive, "text": json.RawMessage(`"call Sam"`)}, "a", 1)
	del := base.Edit(nil, "a", 2)
	edit := base.Edit(map[string]json.RawMessage{"": Alive, "text": json.RawMessage(`"call Sam today"`)}, "b", 3)
	if del.Alive() {
		t.Fatal("a deleted record is alive")
	}
	m := del.Merge(edit)
	if !m.Alive() || string(m.Shown()["text"]) != `"call Sam today"` {
		t.Fatalf("the edit was lost against the delete: %+v", m.Fields)
	}
	cs := m.Conflicts()
	if len(cs) != 1 || !cs[0].Deleted() {
		t.Fatalf("conflicts = %+v, want one delete-against-edit", cs)
	}
	kept := m.Edit(m.Shown(), "a", 4)
	if len(kept.Conflicts()) != 0 {
		t.Fatalf("keeping the record did not resolve: %+v", kept.Conflicts())
	}
	if !m.Merge(edit.Merge(del)).Equal(m) || !edit.Merge(del).Equal(m) {
		t.Fatal("merge is not commutative")
	}
}

func TestHLCNeverGoesBack(t *testing.T) {
	a := HLC(0, 1000)
	b := HLC(a, 999) // the wall clock stepped back
	c := HLC(b, 1000)
	d := HLC(c, 1001)
	if !(a < b && b < c && c < d) || d != 1001<<16 {
		t.Fatalf("HLC readings %d %d %d %d", a, b, c, d)
	}
}

// What a bundle carries leaves out every field Full.Shared clears: the
// two rules of what is private agree.
func TestLocalKeysHoldWhatIsPrivate(t *testing.T) {
	at := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	r := Relationship{ID: NewID(at), MentorName: "A", MenteeName: "B", PrivateNotes: "SECRET-1"}
	x := Session{ID: NewID(at), RelID: r.ID, Topic: "t", PrivateNotes: "SECRET-2"}
	for _, c := range []struct {
		kind          string
		whole, shared any
	}{{KindRel, r, r.Shared()}, {KindSession, x, x.Shared()}} {
		whole, _ := json.Marshal(c.whole)
		shared, _ := json.Marshal(c.shared)
		if reflect.DeepEqual(whole, shared) {
			t.Fatalf("%s: Shared cleared nothing: the test proves nothing", c.kind)
		}
		stripped, err := StripLocal(c.kind, whole)
		if err != nil {
			t.Fatal(err)
		}
		fields, err := Flatten(c.kind, whole)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range fields {
			if strings.Contains(string(v), "SECRET") {
				t.Errorf("%s: Flatten keeps a private field", c.kind)
			}
		}
		if strings.Contains(string(stripped), "SECRET") {
			t.Errorf("%s: StripLocal keeps a private field: %s", c.kind, stripped)
		}
	}
}

// Links to records that are not there are cleared; a topic held by a
// session that is not there is planned again, one held without a session
// (marked by hand) or by a session that is there stays held.
func TestDropDanglingLinks(t *testing.T) {
	f := Full{
		Goals:    []Goal{{ID: "g1"}},
		Sessions: []Session{{ID: "s1", RoadmapID: "r3"}, {ID: "s2", RoadmapID: "gone-topic"}},
		Roadmap: []RoadmapItem{
			{ID: "r1", Status: TopicHeld, SessionID: "gone-session"},
			{ID: "r2", Status: TopicHeld},
			{ID: "r3", Status: TopicHeld, SessionID: "s1", GoalID: "g1"},
			{ID: "r4", Status: TopicPlanned, GoalID: "gone-goal"},
		},
		FollowUps: []FollowUp{{ID: "f1", SessionID: "gone-session"}, {ID: "f2", SessionID: "s1"}},
	}
	f.Plan.Closure.Evaluations = []GoalEvaluation{{GoalID: "g1"}, {GoalID: "gone-goal"}, {Outcome: "no goal named"}}
	f.DropDanglingLinks()
	want := []RoadmapItem{
		{ID: "r1", Status: TopicPlanned},
		{ID: "r2", Status: TopicHeld},
		{ID: "r3", Status: TopicHeld, SessionID: "s1", GoalID: "g1"},
		{ID: "r4", Status: TopicPlanned},
	}
	if !reflect.DeepEqual(f.Roadmap, want) {
		t.Errorf("roadmap:\n%+v\nwant\n%+v", f.Roadmap, want)
	}
	if f.Sessions[0].RoadmapID != "r3" || f.Sessions[1].RoadmapID != "" {
		t.Errorf("sessions' topics: %q, %q", f.Sessions[0].RoadmapID, f.Sessions[1].RoadmapID)
	}
	if f.FollowUps[0].SessionID != "" || f.FollowUps[1].SessionID != "s1" {
		t.Errorf("follow-ups' sessions: %q, %q", f.FollowUps[0].SessionID, f.FollowUps[1].SessionID)
	}
	if es := f.Plan.Closure.Evaluations; len(es) != 2 || es[0].GoalID != "g1" || es[1].Outcome != "no goal named" {
		t.Errorf("closure evaluations: %+v", es)
	}
}

// What a receive brought, in words: the counts, then the kinds of record.
func TestReceivedCounts(t *testing.T) {
	for _, c := range []struct {
		r    Received
		want string
	}{
		{Received{}, "nothing new"},
		{Received{New: 1, Kinds: map[string]int{KindSession: 1}}, "1 new (1 session)"},
		{Received{New: 2, Updated: 3, Deleted: 1, Kinds: map[string]int{KindFollowUp: 3, KindPlan: 1, KindRel: 1, KindHealth: 1, KindRoadmap: 2}},
			"2 new, 3 updated, 1 deleted (the relationship, the agreement and layers, 2 roadmap topics, 3 follow-ups, 1 health check)"},
		{Received{Updated: 1}, "1 updated"}, // a result from before the kinds
	} {
		if got := c.r.Counts(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.r, got, c.want)
		}
	}
	for _, k := range SharedKinds {
		if kindNouns[k] == "" {
			t.Errorf("kind %q has no name in words", k)
		}
	}
}

// A bundle's default name says who it is from and for, without accents;
// a name is told as one only with both names and a day.
func TestBundleName(t *testing.T) {
	day := time.Date(2026, 12, 7, 23, 0, 0, 0, time.UTC)
	n := BundleName("Sam Okafor", "José Núñez", day)
	if n != "mentorlog-sam-okafor-to-jose-nunez-2026-12-07.bundle" {
		t.Fatalf("BundleName: %q", n)
	}
	for name, want := range map[string]bool{
		n: true,
		"mentorlog-sam-okafor-to-jose-nunez-2027-01-31.bundle":     true,
		"mentorlog-jose-nunez-to-sam-okafor-2026-12-07.bundle":     false, // the other way
		"mentorlog-sam-okafor-to-jose-nunez-2026-13-07.bundle":     false,
		"mentorlog-sam-okafor-to-jose-nunez-x-2026-12-07.bundle":   false,
		"mentorlog-sam-okafor-to-jose-nunez-2026-12-07.bundle.txt": false,
		"mentorlog-jose-nunez-2026-12-07.bundle":                   false, // the names before
	} {
		if got := IsBundleName(name, "Sam Okafor", "Jose Nunez"); got != want {
			t.Errorf("IsBundleName(%q) = %v, want %v", name, got, want)
		}
	}
}
