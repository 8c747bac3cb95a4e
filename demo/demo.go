// Package demo is the sample journal of `mentorlog demo`: three
// relationships at different stages, dated from now.
package demo

import (
	"time"

	"mentorlog/model"
)

// Archive is a sample journal for `mentorlog demo`: the journal of Sam
// Okafor, who mentors two people and is mentored by a third. The three
// relationships stand at different places in the model:
//
//   - Sam & Lena Fischer began ten days ago: a draft agreement, notes from
//     getting to know each other, one session held.
//   - Sam & Priya Raman are four months in: the problem is defined, its
//     meaning written down, options weighed and one chosen, two SMART goals
//     with progress (one of them stalled), a roadmap, six sessions with
//     reflections, open and overdue follow-ups, a signed agreement and
//     health checks.
//   - Marta Alves & Sam have met four times and still talk around the
//     edges: no problem, skill or goal yet, and the next meeting is late.
//
// Every date is relative to now, so the sample always looks current. The
// result passes model.Archive.Validate.
func Archive(now time.Time) model.Archive {
	now = now.UTC()
	d := sample{today: model.Day(now), now: now}
	rels := []model.Full{d.priya(), d.lena(), d.marta()}
	return model.NewArchive(rels, now, false)
}

type sample struct {
	today time.Time
	now   time.Time
}

// day is today plus n days (n negative for the past).
func (d sample) day(n int) time.Time { return d.today.AddDate(0, 0, n) }

// at is a timestamp n days from now, at the same time of day.
func (d sample) at(n int) time.Time { return d.now.AddDate(0, 0, n) }

func (d sample) id(n int) model.ID { return model.NewID(d.at(n)) }

func (d sample) lena() model.Full {
	const start = -10
	rel := model.Relationship{
		ID: d.id(start), MentorName: "Sam Okafor", MenteeName: "Lena Fischer", OwnerRole: model.RoleMentor,
		Started: d.day(start), Status: model.StatusActive, CadenceDays: 14, Layer: model.LayerTrust,
		PrivateNotes: "Lena's manager asked me to help her with stakeholder work; she does not know that yet. Let her bring it up herself.",
		Created:      d.at(start), Updated: d.at(-3),
	}
	plan := model.Plan{RelID: rel.ID, Updated: d.at(-3)}
	plan.Foundation = model.Foundation{
		SharedValues: []string{"Candour: say the uncomfortable thing kindly", "Lena sets the agenda; Sam asks questions before giving answers"},
		KeyGoals:     []string{"Lena finds her footing as a new product manager"},
		Rules: model.Rules{
			Frequency:       "Every two weeks, 45 minutes",
			When:            "Thursday mornings",
			Where:           "Video call; in person when Sam is in Berlin",
			Contact:         "Chat for quick questions",
			Confidentiality: "What we discuss stays between us unless we both agree otherwise",
		},
		MenteeWants:  "A sounding board outside my own team, and help planning my first six months",
		MentorBrings: "Nine years of product work, two of them leading a team through a re-org",
	}
	plan.Trust = model.Trust{
		Mentor: model.Profile{Background: "Engineer turned product manager; now leads a product group of six.", YearsInField: "14",
			Skills: "Roadmapping, running discovery interviews, saying no", CommonGround: "Both started in support roles; both cycle to work"},
		Mentee: model.Profile{Background: "Three years in customer success, moved into product management two months ago.", YearsInField: "5",
			Skills: "Knows the customers better than anyone on the team", CommonGround: "Same love of messy spreadsheets"},
		Stories: []model.Story{{Teller: "Sam", Kind: model.StoryFailure,
			Story:  "My first roadmap promised everything to everyone and we shipped half of it late.",
			Lesson: "A roadmap is a list of things you will not do yet."}},
	}
	s1 := model.Session{
		ID: d.id(-3), RelID: rel.ID, Date: d.day(-3), Minutes: 50, Topic: "Getting to know each other",
		Agenda:       "Our paths so far\nWhat Lena hopes to get out of this\nDraft the agreement",
		Notes:        "Lena talked about the move from customer success and how strange it is to own decisions now.\nWe drafted values and rules; she wants to sleep on the goals.",
		Recap:        "Good first meeting. Draft agreement started; signatures next time.",
		PrivateNotes: "She apologised twice for 'wasting my time'. Watch for that.",
		Reflection: model.Reflection{
			Useful:     "Hearing that Sam's first roadmap went badly too.",
			NextSteps:  "Finish the agreement and sign it.",
			BeforeNext: "Lena: list three decisions she made this month. Sam: send the article on discovery interviews.",
		},
		NextMeeting: d.day(11), Layers: []model.Layer{model.LayerFoundation, model.LayerTrust}, Ended: true, Created: d.at(-3), Updated: d.at(-3),
	}
	fus := []model.FollowUp{
		{ID: d.id(-3), RelID: rel.ID, SessionID: s1.ID, Text: "Send the discovery interview article", Owner: model.RoleMentor,
			Due: d.day(2), Status: model.FollowUpOpen, Created: d.at(-3), Updated: d.at(-3)},
		{ID: model.NewID(d.at(-3)), RelID: rel.ID, SessionID: s1.ID, Text: "List three decisions made this month and how they went", Owner: model.RoleMentee,
			Due: d.day(10), Status: model.FollowUpOpen, Created: d.at(-3), Updated: d.at(-3)},
	}
	road := []model.RoadmapItem{
		{ID: d.id(-3), RelID: rel.ID, Position: 0, Topic: "Sign the agreement; the goals behind Lena's first six months",
			Date: d.day(11), Status: model.TopicPlanned, Created: d.at(-3), Updated: d.at(-3)},
	}
	return model.Full{Rel: rel, Plan: plan, Roadmap: road, Sessions: []model.Session{s1}, FollowUps: fus}
}

func (d sample) priya() model.Full {
	const start = -120
	rel := model.Relationship{
		ID: d.id(start), MentorName: "Sam Okafor", MenteeName: "Priya Raman", OwnerRole: model.RoleMentor,
		Started: d.day(start), Status: model.StatusActive, CadenceDays: 14, Layer: model.LayerCommitment,
		PrivateNotes: "Priya is ready for a lead role sooner than she thinks. Do not say so until the first review is behind her.",
		Created:      d.at(start), Updated: d.at(-5),
	}
	plan := model.Plan{RelID: rel.ID, Updated: d.at(-5)}
	f := model.Foundation{
		SharedValues: []string{"Honesty over comfort", "Progress is measured, not felt", "Either of us can pause the relationship"},
		KeyGoals:     []string{"Priya leads a cross-team project end to end", "Priya speaks at an internal tech talk"},
		Rules: model.Rules{
			Frequency: "Every two weeks", When: "Tuesdays 16:00", Where: "The small meeting room, or a call",
			Contact: "Email; chat for anything urgent", NoContact: "Not on weekends or during Sam's on-call week",
			Confidentiality: "Nothing leaves the room without asking", Scope: "Career, leadership, technical decisions",
			Limits: "No performance-review talk: that belongs to Priya's manager",
		},
		MentorWants: "To practise coaching instead of telling", MentorBrings: "Experience leading two platform migrations",
		MenteeWants: "To lead without being the best engineer in the room", MenteeBrings: "Questions, and a habit of writing things down",
		Expectations: "Both come prepared; follow-ups are done or dropped openly, never left to rot",
		Schedule:     "Six months, then decide together whether to go on",
	}
	f, _ = f.Sign(model.RoleMentor, "Sam Okafor", d.at(-110))
	f, _ = f.Sign(model.RoleMentee, "Priya Raman", d.at(-110))
	plan.Foundation = f
	plan.Trust = model.Trust{
		Mentor: model.Profile{Background: "Backend engineer, then tech lead for the payments platform", YearsInField: "14",
			Skills: "System design, running migrations, calm incident calls", CommonGround: "Both moved countries for work"},
		Mentee: model.Profile{Background: "Senior engineer in the data team, four years at the company", YearsInField: "8",
			Skills: "Data pipelines, careful code review", CommonGround: "Both learned to code through game modding"},
		Stories: []model.Story{
			{Teller: "Sam", Kind: model.StorySuccess, Story: "Led a database migration with zero downtime by rehearsing it five times.",
				Lesson: "Boring rehearsals make exciting days boring."},
			{Teller: "Priya", Kind: model.StoryFailure, Story: "Tried to fix a team conflict by writing more documentation.",
				Lesson: "Some problems need a conversation, not a document."},
		},
	}
	plan.Problem = model.Problem{
		Statement: "Priya wants to lead a cross-team project without doing all the hard parts herself.",
		Parts:     []string{"Delegating work she could do faster", "Running meetings with people senior to her", "Saying no to scope creep", "Speaking up in front of larger groups"},
		Current:   "She is the go-to person for her own team but has not led work across teams; she takes the hardest tickets herself.",
		Achieved:  "She has led the pipeline consolidation to launch, the work was shared, and the other teams would work with her again.",
	}
	plan.Meaning = model.Meaning{
		Person:       "Proof to herself that she can lead; the next step towards a staff role.",
		Team:         "The team stops depending on one person for every hard problem.",
		Department:   "Three teams share one pipeline instead of maintaining three.",
		Organisation: "Faster reports for customers and a lower cloud bill.",
	}
	plan.Commitment = model.Commitment{
		Options: []model.Option{
			{Title: "Lead the pipeline consolidation", Pros: "Real stakes, visible, three teams involved",
				Cons: "Tight deadline", Obstacles: "Her manager worries about her own team's workload",
				Overcome: "Agree a hand-over of her on-call duties for the quarter"},
			{Title: "Run the team's internal tooling project", Pros: "Low risk, people she knows",
				Cons: "Only one team: little cross-team practice", Obstacles: "None worth naming"},
		},
		Chosen:     "Lead the pipeline consolidation",
		Commitment: "Priya takes the lead from the kick-off, delegates every task estimated above one day, and reports progress at each meeting.",
	}
	plan.Support = model.Support{
		People: []model.Supporter{
			{Who: "Jonas (Priya's manager)", What: "Free up a third of her time", How: "Priya brings a plan for the on-call hand-over", Status: model.SupportSecured},
			{Who: "The analytics team lead", What: "A named engineer on the project", How: "Sam introduces them", Status: model.SupportAsked},
		},
		Resources: []model.Resource{
			{What: "A staging copy of the warehouse", Fallback: "Sampled data on a laptop", Status: model.SupportNeeded},
		},
		AskOfMentor: "Review my kick-off deck, and sit in on one project meeting to give feedback.",
	}
	plan.Review = model.Review{
		CheckInWhen: "At every mentoring session, five minutes at the start",
		CheckInHow:  "Priya rates how much she delegated that fortnight, 1 to 5, and says why",
		Measures:    []string{"Tasks delegated vs. done herself", "Milestones met", "Feedback from the other two teams"},
		Reviews: []model.ReviewEntry{{Date: d.day(-19), WhatHappened: "Delegated four of six tasks; the two she kept slipped.",
			Why: "She kept the two she found most interesting.", Correction: "Delegate by size, not by interest."}},
	}
	g1 := model.Goal{ID: d.id(-80), RelID: rel.ID, Title: "Lead the pipeline consolidation to launch",
		Specific: "Be the named lead from kick-off to launch of the consolidated pipeline", Measure: "Launched, with 5 of 5 milestones met on time",
		Achievable: "Her manager agreed to free a third of her time for it", Relevant: "The cross-team lead experience she is missing (see meaning)",
		Due: d.day(75), Status: model.GoalOpen, Created: d.at(-80), Updated: d.at(-5),
		Progress: []model.ProgressEntry{
			{Date: d.day(-60), Value: "1 of 5 milestones", Note: "Kick-off held; scope agreed with all three teams"},
			{Date: d.day(-33), Value: "2 of 5 milestones", Note: "Schema agreed"},
			{Date: d.day(-5), Value: "3 of 5 milestones", Note: "First team migrated; delegated the second migration"},
		}}
	g2 := model.Goal{ID: d.id(-79), RelID: rel.ID, Title: "Give a talk at the internal tech forum",
		Specific: "A 20-minute talk on what the consolidation taught the teams", Measure: "Talk given; at least 10 questions or follow-up messages",
		Relevant: "Speaking up in larger groups is one part of the problem",
		Due:      d.day(45), Status: model.GoalOpen, Created: d.at(-79), Updated: d.at(-40),
		Progress: []model.ProgressEntry{{Date: d.day(-40), Note: "Slot booked with the forum organisers"}}}
	g3 := model.Goal{ID: d.id(-100), RelID: rel.ID, Title: "Read two books on leading without authority",
		Specific: "Finish both and write one page of notes each", Measure: "2 of 2 books", Achievable: "Half an hour on the train each day",
		Relevant: "Background for the lead role", Due: d.day(-50), Status: model.GoalAchieved, Created: d.at(-100), Updated: d.at(-52),
		Progress: []model.ProgressEntry{{Date: d.day(-75), Value: "1 of 2"}, {Date: d.day(-52), Value: "2 of 2", Note: "Notes shared with Sam"}}}
	goals := []model.Goal{g1, g2, g3}

	// Sessions, oldest first while building; stored newest first.
	type sess struct {
		ago     int
		topic   string
		notes   string
		private string
		refl    model.Reflection
		layers  []model.Layer
	}
	plans := []sess{
		{-110, "Our paths so far", "Swapped stories of first jobs. Wrote the agreement together and signed it.", "",
			model.Reflection{Useful: "Writing the rules down; it felt more real.", NextSteps: "Think about what to work on.", BeforeNext: "Priya: list what she wants from the next year.", Change: "Start on time."}, []model.Layer{0, 1}},
		{-96, "Ambitions for the next two years", "Priya wants a lead role but fears being 'the manager who cannot code any more'.", "Her fear of losing technical depth is strong; come back to it.",
			model.Reflection{Useful: "Saying the fear out loud.", NextSteps: "Name the skill to work on.", BeforeNext: "Sam: share how he kept coding as a lead."}, []model.Layer{1, 2}},
		{-82, "Defining the skill", "Settled on leading across teams without doing it all herself. Broke it into four parts. Wrote down what it means for her, the team and the company.", "",
			model.Reflection{Useful: "The four parts made it less vague.", NextSteps: "Look for a real project to practise on.", BeforeNext: "Priya: ask her manager about the consolidation project.", Change: "Less time on news, more on the plan."}, []model.Layer{2, 3}},
		{-61, "Options and a choice", "Weighed the consolidation against the tooling project. Chose the consolidation; agreed the on-call hand-over plan.", "",
			model.Reflection{Useful: "The obstacles column: the workload worry had an answer.", NextSteps: "Kick-off next week.", BeforeNext: "Priya: draft the kick-off deck. Sam: introduce her to the analytics lead."}, []model.Layer{4, 5}},
		{-33, "Kick-off retrospective", "Kick-off went well. She kept the two most interesting tasks for herself; both slipped.", "Energy lower than usual. Check in on workload next time.",
			model.Reflection{Useful: "Seeing the pattern in which tasks she keeps.", NextSteps: "Delegate by size, not by interest.", Change: "Bring the project board to the meeting."}, []model.Layer{4, 6}},
		{-5, "Running meetings with senior people", "Role-played the architecture review with the analytics lead. She held her ground on the schema.", "A calm week for once: she seemed rested and sharper.",
			model.Reflection{Useful: "The role-play; I know what I will say now.", NextSteps: "Run the architecture review on Thursday.", BeforeNext: "Priya: send Sam the review notes. Sam: book a slot to sit in on a project meeting."}, []model.Layer{4}},
	}
	var sessions []model.Session
	for i, p := range plans {
		s := model.Session{ID: d.id(p.ago), RelID: rel.ID, Date: d.day(p.ago), Minutes: 45 + 5*(i%3), Topic: p.topic,
			Agenda: "Check-in on follow-ups\n" + p.topic, Notes: p.notes, PrivateNotes: p.private, Reflection: p.refl,
			NextMeeting: d.day(p.ago + 14), Layers: p.layers, Ended: true, Created: d.at(p.ago), Updated: d.at(p.ago)}
		if i == len(plans)-1 {
			s.Recap = "Architecture review rehearsed; follow-ups agreed."
		}
		sessions = append(sessions, s)
	}
	fuDone := model.FollowUp{ID: d.id(-61), RelID: rel.ID, SessionID: sessions[3].ID, Text: "Introduce Priya to the analytics team lead",
		Owner: model.RoleMentor, Due: d.day(-54), Status: model.FollowUpDone, DoneAt: d.at(-55), Created: d.at(-61), Updated: d.at(-55)}
	fuDeck := model.FollowUp{ID: model.NewID(d.at(-61)), RelID: rel.ID, SessionID: sessions[3].ID, Text: "Draft the kick-off deck and send it to Sam",
		Owner: model.RoleMentee, Due: d.day(-56), Status: model.FollowUpDone, DoneAt: d.at(-57), Created: d.at(-61), Updated: d.at(-57)}
	fuBoard := model.FollowUp{ID: d.id(-33), RelID: rel.ID, SessionID: sessions[4].ID, Text: "Re-plan the open tasks by size and hand two of them over",
		Owner: model.RoleMentee, Due: d.day(-8), Status: model.FollowUpOpen, Created: d.at(-33), Updated: d.at(-5)}
	fuNotes := model.FollowUp{ID: d.id(-5), RelID: rel.ID, SessionID: sessions[5].ID, Text: "Send Sam the notes from the architecture review",
		Owner: model.RoleMentee, Due: d.day(-1), Status: model.FollowUpOpen, Created: d.at(-5), Updated: d.at(-5)}
	fuSitIn := model.FollowUp{ID: model.NewID(d.at(-5)), RelID: rel.ID, SessionID: sessions[5].ID, Text: "Book a slot to sit in on a project meeting",
		Owner: model.RoleMentor, Due: d.day(3), Status: model.FollowUpOpen, Created: d.at(-5), Updated: d.at(-5)}
	fuBook := model.FollowUp{ID: d.id(-40), RelID: rel.ID, Text: "Find a reviewer for the talk outline", Owner: model.RoleMentee,
		Status: model.FollowUpOpen, Created: d.at(-40), Updated: d.at(-40)}
	sessions[4].Reviewed = []model.FollowUpReview{
		{FollowUpID: fuDone.ID, Text: fuDone.Text, Outcome: model.OutcomeDone},
		{FollowUpID: fuDeck.ID, Text: fuDeck.Text, Outcome: model.OutcomeDone},
	}
	sessions[5].Reviewed = []model.FollowUpReview{{FollowUpID: fuBoard.ID, Text: fuBoard.Text, Outcome: model.OutcomeCarried}}

	road := []model.RoadmapItem{
		{ID: d.id(-95), RelID: rel.ID, Position: 0, Topic: "Defining the skill", Status: model.TopicHeld, SessionID: sessions[2].ID, Date: d.day(-82)},
		{ID: d.id(-94), RelID: rel.ID, Position: 1, Topic: "Options and a choice", Status: model.TopicHeld, SessionID: sessions[3].ID, Date: d.day(-61)},
		{ID: d.id(-60), RelID: rel.ID, Position: 2, Topic: "Running meetings with senior people", Status: model.TopicHeld, SessionID: sessions[5].ID, GoalID: g1.ID},
		{ID: d.id(-59), RelID: rel.ID, Position: 3, Topic: "Saying no to scope creep without burning bridges", Date: d.day(9), GoalID: g1.ID, Status: model.TopicPlanned},
		{ID: d.id(-58), RelID: rel.ID, Position: 4, Topic: "Outline of the tech forum talk", GoalID: g2.ID, Status: model.TopicPlanned},
		{ID: d.id(-57), RelID: rel.ID, Position: 5, Topic: "Six-month review: go on, change, or close?", Status: model.TopicPlanned},
	}
	for i := range road {
		road[i].Created, road[i].Updated = d.at(-95+i), d.at(-5)
	}
	sessions[2].RoadmapID, sessions[3].RoadmapID, sessions[5].RoadmapID = road[0].ID, road[1].ID, road[2].ID

	health := []model.HealthCheck{
		{ID: d.id(-34), RelID: rel.ID, Date: d.day(-33), Party: model.RoleMentee, Created: d.at(-33), Comment: "Good challenge; I could prepare more.",
			Ratings: map[model.Quality]int{model.QArticulation: 4, model.QListening: 5, model.QRespect: 5, model.QGoalClarity: 4, model.QChallenge: 4, model.QSelfAware: 3, model.QLearning: 5, model.QPreparation: 3}},
		{ID: model.NewID(d.at(-34)), RelID: rel.ID, Date: d.day(-33), Party: model.RoleMentor, Created: d.at(-33), Comment: "I still give answers too early.",
			Ratings: map[model.Quality]int{model.QArticulation: 4, model.QListening: 3, model.QRespect: 5, model.QGoalClarity: 5, model.QChallenge: 3, model.QSelfAware: 4, model.QLearning: 4, model.QPreparation: 4}},
	}

	// newest first, as Full holds them
	for i, j := 0, len(sessions)-1; i < j; i, j = i+1, j-1 {
		sessions[i], sessions[j] = sessions[j], sessions[i]
	}
	fus := []model.FollowUp{fuDeck, fuDone, fuBoard, fuNotes, fuSitIn, fuBook} // by due date, undated last
	return model.Full{Rel: rel, Plan: plan, Goals: goals, Roadmap: road, Sessions: sessions, FollowUps: fus, Health: health}
}

func (d sample) marta() model.Full {
	const start = -75
	rel := model.Relationship{
		ID: d.id(start), MentorName: "Marta Alves", MenteeName: "Sam Okafor", OwnerRole: model.RoleMentee,
		Started: d.day(start), Status: model.StatusActive, CadenceDays: 21, Layer: model.LayerTrust,
		PrivateNotes: "I keep steering away from the real question: do I want to become a director at all?",
		Created:      d.at(start), Updated: d.at(-29),
	}
	plan := model.Plan{RelID: rel.ID, Updated: d.at(-29)}
	plan.Foundation = model.Foundation{
		SharedValues: []string{"Curiosity"},
		Rules:        model.Rules{Frequency: "Every three weeks", Where: "Lunch near Marta's office"},
	}
	plan.Trust = model.Trust{
		Mentor: model.Profile{Background: "VP of engineering at a logistics company; previously a founder", YearsInField: "22",
			CommonGround: "Both grew up in port cities"},
		Mentee: model.Profile{Background: "Leads a product group of six", YearsInField: "14"},
		Stories: []model.Story{{Teller: "Marta", Kind: model.StorySuccess, Story: "Sold her first company to a customer who had been its harshest critic.",
			Lesson: "Critics who keep showing up care the most."}},
	}
	topics := []struct {
		ago   int
		topic string
		notes string
	}{
		{-75, "Introductions", "Long lunch. Talked about her founder years and my move into product."},
		{-56, "Catching up", "Mostly news from both companies. Pleasant, no direction."},
		{-43, "Books and podcasts", "Swapped recommendations. Marta asked what I want from this; I said I'd think about it."},
		{-29, "Catching up", "Talked about her team's re-org. Ran out of time before getting to me."},
	}
	var sessions []model.Session
	for _, t := range topics {
		sessions = append(sessions, model.Session{ID: d.id(t.ago), RelID: rel.ID, Date: d.day(t.ago), Minutes: 60, Topic: t.topic,
			Notes: t.notes, Reflection: model.Reflection{Useful: "Good conversation."}, NextMeeting: d.day(t.ago + 21),
			Layers: []model.Layer{model.LayerTrust}, Ended: true, Created: d.at(t.ago), Updated: d.at(t.ago)})
	}
	sessions[3].Reflection = model.Reflection{Useful: "Hearing how Marta plans a re-org.", Change: "Bring one concrete question about my own path."}
	for i, j := 0, len(sessions)-1; i < j; i, j = i+1, j-1 {
		sessions[i], sessions[j] = sessions[j], sessions[i]
	}
	fus := []model.FollowUp{{ID: d.id(-29), RelID: rel.ID, SessionID: sessions[0].ID, Text: "Write down what I want from this mentoring, in three sentences",
		Owner: model.RoleMentee, Due: d.day(-15), Status: model.FollowUpOpen, Created: d.at(-29), Updated: d.at(-29)}}
	return model.Full{Rel: rel, Plan: plan, Sessions: sessions, FollowUps: fus}
}
