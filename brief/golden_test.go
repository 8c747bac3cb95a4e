package brief

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorlog/demo"
	"mentorlog/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestTextGolden pins the plain text of `mentorlog brief` for every demo
// relationship, the owner's and the shared one, and for an empty one.
func TestTextGolden(t *testing.T) {
	cases := map[string]model.Full{}
	for _, f := range demo.Archive(t0).Relationships {
		cases[strings.ToLower(strings.Fields(f.Rel.Other())[0])] = f
	}
	empty := model.Full{Rel: validRel()}
	empty.Rel.CadenceDays = 0
	empty.Rel.Started = model.Day(t0)
	cases["empty"] = empty
	// values over several lines, an open session, a goal past its date,
	// a follow-up due today, and text that must be sanitized
	multi := cases["priya"]
	multi.Sessions = append([]model.Session(nil), multi.Sessions...)
	multi.Sessions[0].Reflection.Useful = "first line\n\n  second line  \nthird\x1b[31m red"
	multi.Sessions[0].PrivateNotes = "private one\nprivate two"
	multi.Sessions[0].Ended = false
	multi.Rel.PrivateNotes = "  notes\n\n\tindented\n"
	multi.Goals = append([]model.Goal(nil), multi.Goals...)
	for i := range multi.Goals {
		multi.Goals[i].Due = model.Day(t0).AddDate(0, 0, -3)
		multi.Goals[i].Relevant = "why\nit matters"
		multi.Goals[i].Progress = nil
	}
	multi.FollowUps = append([]model.FollowUp(nil), multi.FollowUps...)
	for i, x := range multi.FollowUps {
		if x.Status == model.FollowUpOpen && !x.Due.IsZero() && !x.IsOverdue(t0) {
			multi.FollowUps[i].Due = model.Day(t0)
			break
		}
	}
	multi.Plan.Meaning.Team = "two\nlines"
	cases["multiline"] = multi
	for name, f := range cases {
		for _, shared := range []bool{false, true} {
			file := name
			if shared {
				file += "_shared"
			}
			t.Run(file, func(t *testing.T) {
				got := plain(f, t0, shared)
				path := filepath.Join("testdata", file+".txt")
				if *update {
					if err := os.MkdirAll("testdata", 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if got != string(want) {
					t.Errorf("brief differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
				}
			})
		}
	}
}
