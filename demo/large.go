package demo

import (
	"strings"
	"time"

	"mentorlog/model"
)

// Large is a synthetic journal for benchmarks and tests of size: rels
// relationships of 25 goals and the given number of sessions each (with
// five follow-ups per session), whose notes are about noteLen bytes of
// mostly ASCII text with some accents. The relationships start ten years
// before now; the texts are the same for the same arguments, the ids fresh.
func Large(now time.Time, rels, sessions, noteLen int) model.Archive {
	now = now.UTC()
	words := strings.Fields("the pair talked about delegation and the roadmap; she wants to lead the review, " +
		"asked how to say no, and we agreed next steps — café notes, naïve plan, résumé draft")
	mkText := func(seed, n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(words[(seed+i*7)%len(words)])
			if i%17 == 16 {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	out := make([]model.Full, rels)
	for r := range out {
		at := now.AddDate(-10, 0, r)
		rel := model.Relationship{ID: model.NewID(at), MentorName: "Mentor " + string(rune('A'+r%26)), MenteeName: "Mentee number " + strings.Repeat("x", r%5),
			OwnerRole: model.RoleMentor, Started: model.Day(at), Status: model.StatusActive, CadenceDays: 14, Layer: model.Layer(r % 7), Created: at, Updated: at,
			PrivateNotes: mkText(r, 300)}
		f := model.Full{Rel: rel, Plan: model.Plan{RelID: rel.ID, Problem: model.Problem{Statement: mkText(r, 120), Parts: []string{"a", "b"}}}}
		for g := 0; g < 25; g++ {
			f.Goals = append(f.Goals, model.Goal{ID: model.NewID(at), RelID: rel.ID, Title: mkText(g, 40), Specific: mkText(g, 80), Measure: "3 talks",
				Due: model.Day(at).AddDate(1, 0, 0), Status: model.GoalOpen, Created: at,
				Progress: []model.ProgressEntry{{Date: model.Day(at).AddDate(0, 1, 0), Value: "1 of 3", Note: mkText(g, 60)}}})
		}
		for s := 0; s < sessions; s++ {
			d := model.Day(at).AddDate(0, 0, 14*(sessions-s))
			f.Sessions = append(f.Sessions, model.Session{ID: model.NewID(at), RelID: rel.ID, Date: d, Minutes: 45, Topic: mkText(s, 40),
				Agenda: mkText(s+1, 120), Notes: mkText(s, noteLen), Recap: mkText(s+2, 200), PrivateNotes: mkText(s+3, 150),
				Reflection:  model.Reflection{Useful: mkText(s, 100), NextSteps: mkText(s+1, 100), BeforeNext: mkText(s+2, 100)},
				NextMeeting: d.AddDate(0, 0, 14), Ended: true, Created: at})
			for k := 0; k < 5; k++ {
				f.FollowUps = append(f.FollowUps, model.FollowUp{ID: model.NewID(at), RelID: rel.ID, Text: mkText(k, 60), Owner: model.Parties[k%2],
					Due: d.AddDate(0, 0, 7), Status: model.FollowUpStatuses[k%3], Created: at})
			}
		}
		out[r] = f
	}
	return model.NewArchive(out, now, false)
}
