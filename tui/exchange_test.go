package tui

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mentorlog/model"
)

// Combining a conflict starts from the versions that hold something: an
// empty one adds no "(empty)" to the text; two one-line texts share one
// line.
func TestCombineStartsFromTheVersionsWithText(t *testing.T) {
	f := model.Full{Rel: model.Relationship{ID: "r", MentorName: "Ann", MenteeName: "Ben", OwnerRole: model.RoleMentee}}
	ex := model.Exchange{Me: "aa"}
	version := func(v, peer string) model.Version {
		return model.Version{Value: json.RawMessage(v), Clock: model.Clock{{Peer: peer, At: 1}}}
	}
	for _, c := range []struct {
		versions []model.Version
		want     string
	}{
		{[]model.Version{version(`""`, "aa"), version(`"twenty years of ops"`, "bb")}, "twenty years of ops"},
		{[]model.Version{version(`"lead the review"`, "aa"), version(`""`, "bb")}, "lead the review"},
		{[]model.Version{version(`"lead the review"`, "aa"), version(`"speak up"`, "bb")}, "lead the review / speak up"},
	} {
		conflict := model.Conflict{Kind: model.KindPlan, ID: "r", Path: "problem.statement", Versions: c.versions}
		s := newConflictScreen(testDeps(nil), f, ex, conflict)
		fs, ok := s.combineForm().(*formScreen)
		if !ok {
			t.Fatalf("combine opened %T", s.combineForm())
		}
		if got := fs.form.Value("text"); got != c.want {
			t.Errorf("combining %s: the form starts with %q, want %q", c.versions, got, c.want)
		}
	}
}

// The receive form proposes the newest bundle the partner's share wrote
// for this pair (from them, to this journal's person) in the folder the
// app was started in, by the files' times; a bundle from another mentee,
// this journal's own share or another name is not it. One that cannot be
// read is "not received".
func TestReceiveFormOffersTheirNewestBundle(t *testing.T) {
	f := loopSample() // this journal is Ada's, the mentor of Grace
	j := newJournal(t, loopNow, f)
	dr := drive(t, j, 100, 30)
	dir := t.TempDir()
	for i, n := range []string{
		"mentorlog-grace-hopper-to-ada-lovelace-2026-03-09.bundle",
		"mentorlog-grace-hopper-to-ada-lovelace-2026-03-01.bundle", // written last: the newest
		"mentorlog-alan-turing-to-ada-lovelace-2026-03-10.bundle",  // another mentee's
		"mentorlog-ada-lovelace-to-grace-hopper-2026-03-10.bundle", // this journal's own share
		"mentorlog-grace-hopper-to-ada-lovelace-old-2026-03-10.bundle",
		"notes.txt",
	} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte("not a bundle"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := loopNow.Add(time.Duration(i) * time.Hour)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	d := dr.deps()
	d.files = dir
	dr.open(newExchangeScreen(d, f))
	dr.press("r")
	fs, ok := dr.top().(*formScreen)
	if !ok {
		t.Fatalf("r opened %T", dr.top())
	}
	if got, want := fs.form.Value("file"), filepath.Join(dir, "mentorlog-grace-hopper-to-ada-lovelace-2026-03-01.bundle"); got != want {
		t.Fatalf("the receive form proposes %q, want %q", got, want)
	}
	dr.press("ctrl+s")
	dr.wantView("not received: ")
}

// The recipient a partner must be given is never cut: on a narrow screen it
// breaks over lines, and says where to copy it on one.
func TestExchangeShowsTheRecipientWhole(t *testing.T) {
	f := loopSample()
	j := newJournal(t, loopNow, f)
	_, recipient, err := j.Identity(context.Background())
	if err != nil || !strings.HasPrefix(recipient, "age1") {
		t.Fatalf("identity: %q, %v", recipient, err)
	}
	for _, w := range []int{100, 60} {
		dr := drive(t, j, w, 30)
		dr.open(newExchangeScreen(dr.deps(), f))
		v := dr.view()
		joined := strings.ReplaceAll(v, "\n", "")
		for _, sp := range []string{" ", "│"} {
			joined = strings.ReplaceAll(joined, sp, "")
		}
		if !strings.Contains(joined, recipient) {
			t.Fatalf("%d columns: the recipient is not whole:\n%s", w, v)
		}
		if w == 60 && !strings.Contains(joined, "(ononeline:mentorlogid)") {
			t.Fatalf("60 columns: no word of where to copy it:\n%s", v)
		}
	}
}
