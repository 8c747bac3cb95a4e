package model

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Which layers the meetings worked on: each session records them
// (Session.Layers), proposed by ProposeLayers and confirmed by the pair.

// layerWords are the words that tie a topic to a layer: a topic word that
// starts with one of them counts.
var layerWords = [7][]string{
	LayerFoundation: {"agreement", "agree", "expectation", "ground rule", "rules", "schedule", "confidential", "boundar", "sign", "contract", "roles"},
	LayerTrust:      {"background", "story", "stories", "rapport", "trust", "getting to know", "get to know", "introduc", "career path", "road that led", "common ground", "setback"},
	LayerProblem:    {"problem", "skill", "gap", "define", "challenge", "issue", "bottleneck", "aspiration", "goal"},
	LayerMeaning:    {"meaning", "matter", "impact", "why", "motivat", "purpose", "confidence", "value"},
	LayerCommitment: {"option", "obstacle", "commit", "action", "decide", "decision", "choice", "choose", "pros", "cons", "next step", "plan", "stretch"},
	LayerSupport:    {"support", "resource", "network", "sponsor", "budget", "tool", "training", "help", "contact"},
	LayerReview:     {"review", "feedback", "progress", "measure", "retro", "evaluat", "check-in", "check in", "lesson", "celebrat", "recap", "handover"},
}

// TopicLayers are the layers a topic's words point to.
func TopicLayers(topic string) []Layer {
	if l, ok := TopicLayer(topic); ok {
		return []Layer{l}
	}
	t := " " + strings.ToLower(topic)
	var out []Layer
	for l, words := range layerWords {
		for _, w := range words {
			if strings.Contains(t, " "+w) {
				out = append(out, Layer(l))
				break
			}
		}
	}
	return out
}

// SetLayers is a sorted list of layers without repeats.
func SetLayers(ls []Layer) []Layer {
	seen := [7]bool{}
	var out []Layer
	for _, l := range ls {
		if l.Valid() && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// ProposeLayers proposes the layers session x worked on: those its topic
// points to, the layer of its roadmap item's goal (defining it while its
// SMART parts are missing, acting on it after), and the layers of the plan
// edited on the day of the session (from when it started, if that was
// earlier): a session entered days after it was held is not credited with
// the edits of the days between. With none of these, the layer the pair
// says it is working on.
func ProposeLayers(x Session, f Full) []Layer {
	ls := TopicLayers(x.Topic)
	if x.RoadmapID != "" {
		for _, it := range f.Roadmap {
			if it.ID != x.RoadmapID || it.GoalID == "" {
				continue
			}
			for _, g := range f.Goals {
				if g.ID == it.GoalID {
					if len(g.MissingSMART()) > 0 {
						ls = append(ls, LayerProblem)
					} else {
						ls = append(ls, LayerCommitment)
					}
				}
			}
		}
	}
	from := Day(x.Date)
	to := from.AddDate(0, 0, 1)
	if !x.Created.IsZero() && x.Created.Before(from) {
		from = x.Created
	}
	for l, at := range f.Plan.LayerEdited {
		if !at.Before(from) && at.Before(to) {
			ls = append(ls, l)
		}
	}
	if len(ls) == 0 {
		ls = append(ls, f.Rel.Layer)
	}
	return SetLayers(ls)
}

// FormatLayers writes layers as "1 Trust, 3 Meaning".
func FormatLayers(ls []Layer) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.Label()
	}
	return strings.Join(parts, ", ")
}

// Label is "3 Meaning".
func (l Layer) Label() string { return fmt.Sprintf("%d %s", int(l), l.Info().Short) }

// layerParts gives each layer's part of a plan, to tell which changed.
func (p Plan) layerParts() [7]any {
	return [7]any{p.Foundation, p.Trust, p.Problem, p.Meaning, p.Commitment, p.Support, p.Review}
}

// StampEdits records in p the time of each layer that differs from old:
// LayerEdited is when each layer was last changed.
func (p *Plan) StampEdits(old Plan, at time.Time) {
	was, now := old.layerParts(), p.layerParts()
	stamps := map[Layer]time.Time{}
	for l, t := range old.LayerEdited {
		stamps[l] = t
	}
	for l, t := range p.LayerEdited {
		if t.After(stamps[l]) {
			stamps[l] = t
		}
	}
	for l := range was {
		a, _ := json.Marshal(was[l])
		b, _ := json.Marshal(now[l])
		if string(a) != string(b) {
			stamps[Layer(l)] = at.UTC()
		}
	}
	if len(stamps) == 0 {
		p.LayerEdited = nil
		return
	}
	p.LayerEdited = stamps
}

// RecentSessions is how many of the latest sessions held the dashboard's
// strip of layers looks at.
const RecentSessions = 8

// heldNewestFirst returns the sessions held, newest first (NewestFirst).
func heldNewestFirst(sessions []Session) []Session {
	var out []Session
	for _, x := range sessions {
		if x.Held() {
			out = append(out, x)
		}
	}
	slices.SortStableFunc(out, NewestFirst)
	return out
}

// RecentLayers counts, over the latest RecentSessions sessions held
// (newest first, as the store walks them), how many worked on each layer,
// and how many of them have their layers recorded.
func RecentLayers(newestFirst []Session) (counts [7]int, marked int) {
	n := 0
	for _, x := range newestFirst {
		if !x.Held() {
			continue
		}
		if n++; n > RecentSessions {
			break
		}
		if len(x.Layers) > 0 {
			marked++
		}
		for _, l := range SetLayers(x.Layers) {
			counts[l]++
		}
	}
	return counts, marked
}

// HeatMap counts, per layer and month, the sessions held that worked on
// the layer.
type HeatMap struct {
	Months   []time.Time // the first day of each month, oldest first
	Counts   [7][]int    // [layer][month]
	Marked   int         // sessions held with their layers recorded
	Unmarked int         // sessions held without
}

// HeatOf is the heat map of f's meetings from the month it started (or
// its first session, if earlier) to today's month.
func HeatOf(f Full, today time.Time) HeatMap {
	from := f.Rel.Started
	for _, x := range f.Sessions {
		if !x.Date.IsZero() && (from.IsZero() || x.Date.Before(from)) {
			from = x.Date
		}
	}
	if from.IsZero() || from.After(today) {
		from = today
	}
	return LayerHeat(f.Sessions, from, today)
}

// LayerHeat builds the heat map of sessions over the months from the
// month of from to the month of to.
func LayerHeat(sessions []Session, from, to time.Time) HeatMap {
	var h HeatMap
	first := monthOf(from)
	last := monthOf(to)
	if last.Before(first) {
		last = first
	}
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		h.Months = append(h.Months, m)
	}
	for l := range h.Counts {
		h.Counts[l] = make([]int, len(h.Months))
	}
	for _, x := range sessions {
		if !x.Held() {
			continue
		}
		if len(x.Layers) == 0 {
			h.Unmarked++
			continue
		}
		h.Marked++
		m := monthOf(x.Date)
		i := (m.Year()-first.Year())*12 + int(m.Month()) - int(first.Month())
		if i < 0 || i >= len(h.Months) {
			continue
		}
		for _, l := range SetLayers(x.Layers) {
			h.Counts[l][i]++
		}
	}
	return h
}

func monthOf(t time.Time) time.Time {
	t = Day(t)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Neglect: a layer the pair should have reached but has not worked on in
// a meeting for this long is named in the brief. It is only said once
// enough meetings have their layers recorded to tell.
const (
	NeglectAfterDays = 90
	neglectMinMarked = 3
)

// Neglected is a layer left alone: never worked on in a meeting (Last is
// zero), or not since Last.
type Neglected struct {
	Layer Layer
	Last  time.Time
	Since time.Time // the first meeting with layers recorded
}

// NeglectedLayer finds the layer most in need of attention: of layers 1
// to 6 up to the furthest one the pair works on (or has set as current),
// one no meeting has worked on, else the one left longest, if that is at
// least NeglectAfterDays ago.
func NeglectedLayer(f Full, today time.Time) (Neglected, bool) {
	var last [7]time.Time
	var since time.Time
	marked := 0
	furthest := f.Rel.Layer
	for _, x := range f.Sessions {
		if !x.Held() || len(x.Layers) == 0 {
			continue
		}
		marked++
		if since.IsZero() || x.Date.Before(since) {
			since = Day(x.Date)
		}
		for _, l := range SetLayers(x.Layers) {
			if x.Date.After(last[l]) {
				last[l] = Day(x.Date)
			}
			furthest = max(furthest, l)
		}
	}
	if marked < neglectMinMarked || DaysBetween(since, today) < NeglectAfterDays {
		return Neglected{}, false
	}
	best, found := Neglected{}, false
	for l := LayerTrust; l <= furthest; l++ {
		if last[l].IsZero() {
			return Neglected{Layer: l, Since: since}, true
		}
		if DaysBetween(last[l], today) >= NeglectAfterDays && (!found || last[l].Before(best.Last)) {
			best, found = Neglected{Layer: l, Last: last[l], Since: since}, true
		}
	}
	return best, found
}

// Say is the neglected layer in a sentence.
func (n Neglected) Say(today time.Time) string {
	info := n.Layer.Info()
	if n.Last.IsZero() {
		return fmt.Sprintf("Layer %d (%s) has not been worked on in any meeting since %s.", int(n.Layer), info.Title, FormatDate(n.Since))
	}
	return fmt.Sprintf("Layer %d (%s) was last worked on ", int(n.Layer), info.Title) + FormatDate(n.Last) +
		", " + Plural(DaysBetween(n.Last, today), "day") + " ago."
}
