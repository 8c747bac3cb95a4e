package model

import (
	"fmt"
	"strings"
	"time"
)

// AgendaTemplate is a list of meeting topics a mentor keeps to reuse
// across relationships: the roadmap that worked with one mentee, or a
// standard first three months. Using it adds its topics to a
// relationship's roadmap.
type AgendaTemplate struct {
	ID      ID        `json:"id"`
	Name    string    `json:"name"`
	Topics  []string  `json:"topics"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// Validate checks a template: a name on one line, and one or more topics,
// each on one line.
func (t AgendaTemplate) Validate() error {
	var c checker
	c.id("id", t.ID)
	c.name("name", t.Name, true)
	if len(t.Topics) == 0 {
		c.add("topics", "required: at least one topic")
	}
	c.list("topics", t.Topics, MaxShort)
	for i, tp := range t.Topics {
		k := fmt.Sprintf("topics[%d]", i)
		if strings.TrimSpace(tp) == "" {
			c.add(k, "is empty")
		}
		if strings.IndexFunc(tp, isLineBreak) >= 0 {
			c.add(k, "must be on one line")
		}
	}
	return c.p.Err()
}

// StageTemplate is the topics suggested for f's next meetings
// (SuggestTopicsFor), as a template to use like the pair's own (it is not
// stored).
func StageTemplate(f Full, today time.Time) AgendaTemplate {
	t := AgendaTemplate{Name: "Suggested for stage " + StandingOf(f, today).Stage.Label()}
	for _, tp := range SuggestTopicsFor(f, "", today, 5) {
		t.Topics = append(t.Topics, tp.Text)
	}
	return t
}

// AppendTopics makes planned roadmap items of topics for relationship rel,
// after the items it has (positions follow the last one), skipping a topic
// that is already planned.
func AppendTopics(rel ID, have []RoadmapItem, topics []string, now time.Time) []RoadmapItem {
	next := 0
	planned := map[string]bool{}
	for _, it := range have {
		next = max(next, it.Position+1)
		if it.Status == TopicPlanned {
			planned[strings.ToLower(strings.TrimSpace(it.Topic))] = true
		}
	}
	var out []RoadmapItem
	for _, tp := range topics {
		tp = strings.TrimSpace(SanitizeLine(tp))
		k := strings.ToLower(tp)
		if tp == "" || planned[k] {
			continue
		}
		planned[k] = true
		out = append(out, RoadmapItem{ID: NewID(now), RelID: rel, Position: next, Topic: tp, Status: TopicPlanned,
			Created: now.UTC(), Updated: now.UTC()})
		next++
	}
	return out
}
