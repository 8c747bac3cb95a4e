package tui

import (
	"encoding/json"
	"testing"

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
