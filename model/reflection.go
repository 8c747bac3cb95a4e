package model

import "strings"

// ReflectionQuestion is one of the four questions asked at the end of a
// session, in the app's words.
type ReflectionQuestion struct {
	Label    string // short, for lists: "Useful today"
	Question string // the full question
}

// ReflectionQuestions are the four end-of-session questions in the order
// of Reflection.Answers.
var ReflectionQuestions = [4]ReflectionQuestion{
	{"Useful today", "What was useful in today's conversation?"},
	{"Next steps", "What are the next steps?"},
	{"Before next time", "What will each of you do, learn or explore before you meet again?"},
	{"Change next time", "What would you change about the next meeting?"},
}

// Answers returns the four answers in the order of ReflectionQuestions.
func (r Reflection) Answers() [4]string {
	return [4]string{r.Useful, r.NextSteps, r.BeforeNext, r.Change}
}

// Answered counts the questions answered (not left blank).
func (r Reflection) Answered() int {
	n := 0
	for _, a := range r.Answers() {
		if strings.TrimSpace(a) != "" {
			n++
		}
	}
	return n
}

// Unanswered is how a skipped reflection question is shown.
const Unanswered = "(not answered)"
