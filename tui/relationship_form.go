package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"mentorlog/model"
)

func roleValues() []string {
	out := make([]string, len(model.Roles))
	for i, r := range model.Roles {
		out[i] = string(r)
	}
	return out
}

func layerChoices() (values, labels []string) {
	for _, l := range model.Layers {
		values = append(values, strconv.Itoa(int(l.Layer)))
		labels = append(labels, fmt.Sprintf("%d %s", int(l.Layer), l.Short))
	}
	return values, labels
}

// newRelationshipForm creates a relationship (r nil) or edits one. After a
// creation, onCreated gets the new id (in Update, before the write).
func newRelationshipForm(d deps, r *model.Relationship, onCreated func(model.ID)) *formScreen {
	isNew := r == nil
	var rel model.Relationship
	if isNew {
		rel = model.Relationship{OwnerRole: model.RoleMentor, Status: model.StatusActive, Started: d.today(), CadenceDays: 14}
	} else {
		rel = *r
	}
	fields := []*field{
		lineField("mentor name", "Mentor", rel.MentorName).withPlaceholder("the mentor's name"),
		lineField("mentee name", "Mentee", rel.MenteeName).withPlaceholder("the mentee's name"),
		choiceField("your role", "You are the", roleValues(), string(rel.OwnerRole)),
		lineField("cadence", "Meet every (days)", strconv.Itoa(rel.CadenceDays)).withHint("0 when no rhythm is agreed"),
		dateField("started", "Started", rel.Started),
	}
	if !isNew {
		vals, labels := layerChoices()
		statuses := make([]string, len(model.RelStatuses))
		for i, s := range model.RelStatuses {
			statuses[i] = string(s)
		}
		fields = append(fields,
			choiceField("status", "Status", statuses, string(rel.Status)),
			choiceField("layer", "Current layer", vals, strconv.Itoa(int(rel.Layer))).withLabels(labels),
			textField("private notes", "Private notes", rel.PrivateNotes).
				withHint("only for you: never shown in pair view or a shared export"),
		)
	}
	f := newForm(d, fields...)
	title, intro := "New relationship", "Who is in it, your side of it, and how often you plan to meet. Everything else can wait."
	if !isNew {
		title = "Edit " + model.SanitizeLine(rel.Other())
		intro = ""
	}
	save := func(f *form) (func(ctx context.Context) error, error) {
		var probs model.Problems
		x := rel
		x.MentorName = strings.TrimSpace(f.Value("mentor name"))
		x.MenteeName = strings.TrimSpace(f.Value("mentee name"))
		x.OwnerRole = model.Role(f.Choice("your role"))
		n, err := f.Int("cadence")
		if err != nil {
			probs = append(probs, model.Prefixed("", err)...)
		}
		x.CadenceDays = n
		started, err := f.Date("started")
		if err != nil {
			probs = append(probs, model.Prefixed("", err)...)
		}
		x.Started = started
		if !isNew {
			x.Status = model.RelStatus(f.Choice("status"))
			l, _ := strconv.Atoi(f.Choice("layer"))
			x.Layer = model.Layer(l)
			x.PrivateNotes = f.Value("private notes")
		}
		now := d.now().UTC()
		if isNew {
			x.ID = model.NewID(now)
			x.Created = now
		}
		x.Updated = now
		if err := x.Validate(); err != nil {
			probs = append(probs, model.Prefixed("", err)...)
		}
		if len(probs) > 0 {
			return nil, dedupe(probs)
		}
		j := d.j
		if isNew {
			if onCreated != nil {
				onCreated(x.ID)
			}
			return func(ctx context.Context) error {
				_, err := j.CreateRelationship(ctx, x)
				return err
			}, nil
		}
		return func(ctx context.Context) error {
			_, _, err := j.UpdateRelationship(ctx, x.ID, func(r *model.Relationship, _ *model.Plan) error {
				r.MentorName, r.MenteeName, r.OwnerRole = x.MentorName, x.MenteeName, x.OwnerRole
				r.CadenceDays, r.Started = x.CadenceDays, x.Started
				r.Status, r.Layer, r.PrivateNotes = x.Status, x.Layer, x.PrivateNotes
				return r.Validate()
			})
			return err
		}, nil
	}
	s := newFormScreen(d, title, intro, f, save)
	// In a peer relationship there is no mentor and mentee: the first name
	// is yours, the second your peer's (the one the dashboard shows).
	s.changed = func(f *form) {
		if model.Role(f.Choice("your role")) == model.RolePeer {
			f.setLabel("mentor name", "You")
			f.setLabel("mentee name", "Your peer")
		} else {
			f.setLabel("mentor name", "Mentor")
			f.setLabel("mentee name", "Mentee")
		}
	}
	s.changed(f)
	if isNew {
		s.savedMsg = "Relationship added. enter opens it."
	} else {
		s.rel = rel.ID
		s.savedMsg = "Relationship saved."
		s.win = model.Window{Sessions: historyPage} // its record is the relationship: little history needed
		s.rebuild = func(f model.Full) *form {
			r := f.Rel
			return newRelationshipForm(d, &r, nil).form
		}
	}
	return s
}

// dedupe drops repeated problems of the same field (a bad date is
// reported by the parser and again as "required" by Validate).
func dedupe(ps model.Problems) error {
	seen := map[string]bool{}
	var out model.Problems
	for _, p := range ps {
		if seen[p.Field] {
			continue
		}
		seen[p.Field] = true
		out = append(out, p)
	}
	return out.Err()
}
