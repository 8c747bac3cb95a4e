package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"mentorlog/model"
)

// loopHost is a minimal root for teatest flows of the loop screens: a
// stack with push, pop (and reload), and a status line. It stands in for
// the app so these flows depend only on the screens they test.
type loopHost struct {
	stack  []screen
	status string
	w, h   int
}

func (m loopHost) Init() tea.Cmd { return m.stack[len(m.stack)-1].Init() }

func (m loopHost) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	top := len(m.stack) - 1
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height-1
		for _, s := range m.stack {
			s.SetSize(m.w, m.h)
		}
		return m, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return m, tea.Quit
		}
	case pushMsg:
		msg.s.SetSize(m.w, m.h)
		m.stack = append(m.stack, msg.s)
		return m, msg.s.Init()
	case popMsg:
		if top == 0 {
			return m, tea.Quit
		}
		m.stack = m.stack[:top]
		if msg.reload {
			ns, cmd := m.stack[top-1].Update(reloadMsg{})
			m.stack[top-1] = ns
			return m, cmd
		}
		return m, nil
	case statusMsg:
		m.status = string(msg)
		return m, nil
	case errMsg:
		m.status = "error: " + msg.err.Error()
		return m, nil
	}
	ns, cmd := m.stack[top].Update(msg)
	m.stack[top] = ns
	return m, cmd
}

func (m loopHost) View() string {
	return m.stack[len(m.stack)-1].View() + "\n" + m.status
}

// waitText waits until the output holds every one of wants (the output
// read while waiting is consumed).
func waitText(t *testing.T, tm *teatest.TestModel, wants ...string) {
	t.Helper()
	waitOutput(t, tm, 8*time.Second, wants...)
}

// A whole session, from the sessions list to the reflection and back.
func TestFlowWholeSession(t *testing.T) {
	f := loopSample()
	j := newLoopFake(f)
	d := loopDeps(j)
	tm := teatest.NewTestModel(t, loopHost{stack: []screen{newSessionsScreen(d, f)}}, teatest.WithInitialTermSize(100, 32))
	waitText(t, tm, "2 sessions, 2 ended")
	key1(tm, "n")
	waitText(t, tm, "Follow-ups open from earlier meetings")
	key1(tm, "d", "c", "pgdown")
	waitText(t, tm, "Today's topic")
	key1(tm, "pgdown")
	waitText(t, tm, "Private notes")
	tm.Type("Practised the feedback talk")
	key1(tm, "pgdown")
	waitText(t, tm, "What was useful in today")
	tm.Type("The role play")
	key1(tm, "tab")
	tm.Type("Write it down")
	key1(tm, "pgdown")
	waitText(t, tm, "add a follow-up")
	key1(tm, "n")
	tm.Type("Ask two seniors for feedback")
	key1(tm, "tab", "tab")
	waitText(t, tm, "Due:")
	key1(tm, "enter", "esc", "pgdown")
	waitText(t, tm, "enter ends the session")
	key1(tm, "ctrl+f")
	waitText(t, tm, "Session saved: 1 follow-up, next meeting 2026-03-24", "3 sessions, 3 ended")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(8*time.Second))

	got := j.full(f.Rel.ID)
	var x model.Session
	for _, s := range got.Sessions {
		if s.Date.Equal(day(2026, 3, 10)) {
			x = s
		}
	}
	if !x.Ended || x.Agenda != "Practised the feedback talk" || x.Reflection.Useful != "The role play" ||
		x.Reflection.NextSteps != "Write it down" || x.Reflection.Change != "" {
		t.Fatalf("stored session: %+v", x)
	}
	open := 0
	for _, fu := range got.FollowUps {
		if fu.SessionID == x.ID && fu.Text == "Ask two seniors for feedback" && fu.Status == model.FollowUpOpen {
			open++
		}
	}
	if open != 1 {
		t.Fatalf("the new follow-up is not stored: %+v", got.FollowUps)
	}
}

// Signing by both parties in pair view.
func TestFlowSignBoth(t *testing.T) {
	f := loopSample()
	j := newLoopFake(f)
	tm := teatest.NewTestModel(t, loopHost{stack: []screen{newPairScreen(loopDeps(j), f)}}, teatest.WithInitialTermSize(120, 40))
	waitText(t, tm, "PAIR VIEW")
	key1(tm, "m")
	waitText(t, tm, "Signing as the mentor")
	tm.Type("Ada Lovelace")
	key1(tm, "enter")
	waitText(t, tm, "Signed by Ada Lovelace as the mentor")
	key1(tm, "M")
	waitText(t, tm, "Signing as the mentee")
	tm.Type("Grace Hopper")
	key1(tm, "enter")
	waitText(t, tm, "Both of you signed this exact text")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(8*time.Second))
	fnd := j.full(f.Rel.ID).Plan.Foundation
	if !fnd.FullySigned() || fnd.Signatures[0].Name != "Ada Lovelace" || fnd.Signatures[1].Name != "Grace Hopper" {
		t.Fatalf("signatures: %+v", fnd.Signatures)
	}
}

// Closing a relationship: celebrate, evaluate, next, close.
func TestFlowClose(t *testing.T) {
	f := loopSample()
	j := newLoopFake(f)
	tm := teatest.NewTestModel(t, loopHost{stack: []screen{newClosureScreen(loopDeps(j), f)}}, teatest.WithInitialTermSize(100, 32))
	waitText(t, tm, "1 Celebrate")
	key1(tm, "enter")
	tm.Type("Two talks and a parser")
	key1(tm, "tab")
	tm.Type("Two of three talks")
	key1(tm, "tab")
	tm.Type("Shipped in January")
	key1(tm, "tab")
	tm.Type("We stay in touch as peers")
	key1(tm, "esc")
	waitText(t, tm, "We stay in touch as peers")
	key1(tm, "C")
	waitText(t, tm, "Close the relationship now?")
	key1(tm, "y")
	waitText(t, tm, "Closed relationship with Grace Hopper")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(8*time.Second))
	got := j.full(f.Rel.ID)
	c := got.Plan.Closure
	if got.Rel.Status != model.StatusClosed || c.ClosedAt.IsZero() || len(c.Evaluations) != 2 ||
		!strings.Contains(c.Accomplishments, "parser") || c.Next != "We stay in touch as peers" {
		t.Fatalf("closure: %s %+v", got.Rel.Status, c)
	}
}
