package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mentorlog/model"
)

// The repeated entries of the layers: stories (1), options (4), supporters
// and resources (5), reviews (6). Each is a list screen with n, e and d;
// an entry is edited with a form, and every change saves the plan at once
// (updatePlan), so nothing waits in a half-edited list.

// itemSpec describes one kind of entry.
type itemSpec[T any] struct {
	title string // breadcrumb
	noun  string
	intro string
	path  string                     // the list's validation path, e.g. "trust.stories"
	list  func(p *model.Plan) *[]T   // the list inside a plan
	rows  func(x T) (string, string) // a title line and a detail line, unstyled
	form  func(d deps, f model.Full, x T) *form
	build func(d deps, fm *form, old T) (T, error)
	blank func(d deps) T
	// changed, when set, keeps the rest of the plan right after an entry
	// changed from old to x (x nil: removed).
	changed func(p *model.Plan, old T, x *T)
}

// apply runs spec.changed, if any.
func (spec itemSpec[T]) apply(p *model.Plan, old T, x *T) {
	if spec.changed != nil {
		spec.changed(p, old, x)
	}
}

type itemsScreen[T any] struct {
	partState
	spec itemSpec[T]
	list rowList
	lk   listKeys
	keys crudKeys

	introLines    []string
	width, height int
}

func newItemsScreen[T any](d deps, f model.Full, spec itemSpec[T]) *itemsScreen[T] {
	s := &itemsScreen[T]{partState: partState{d: d, full: f, newDraft: formDraftKey(f.Rel.ID, "New "+spec.noun), newNoun: spec.noun}, spec: spec, lk: newListKeys(), keys: newCrudKeys(), width: 80, height: 20}
	s.build()
	return s
}

func (s *itemsScreen[T]) Init() tea.Cmd      { return s.lookNew(s) }
func (s *itemsScreen[T]) Title() string      { return s.spec.title }
func (s *itemsScreen[T]) Capturing() bool    { return false }
func (s *itemsScreen[T]) Dirty() bool        { return false }
func (s *itemsScreen[T]) scopeRel() model.ID { return s.full.Rel.ID }

func (s *itemsScreen[T]) items() []T { return *s.spec.list(&s.full.Plan) }

func (s *itemsScreen[T]) SetSize(w, h int) {
	if w != s.width || s.introLines == nil {
		s.width = w
		s.introLines = wrapText(s.spec.intro, max(10, w))
		s.build()
	}
	s.height = h
	s.list.setHeight(max(2, h-len(s.introLines)-4))
}

func (s *itemsScreen[T]) build() {
	st := s.d.styles
	w := max(20, s.width)
	xs := s.items()
	rows := make([][]string, len(xs))
	sel := make([][]string, len(xs))
	for i, x := range xs {
		a, b := s.spec.rows(x)
		head := one(a, w-6)
		detail := "    " + one(b, w-6)
		rows[i] = []string{"  " + st.Text.Render(head), st.Muted.Render(detail)}
		sel[i] = []string{st.Accent.Render("▸ ") + st.Selected.Render(head), st.Muted.Render(detail)}
	}
	s.list.set(rows, sel)
	s.updateKeys()
}

func (s *itemsScreen[T]) updateKeys() {
	has := s.list.len() > 0
	s.keys.set(has, !readOnly(s.full))
	s.lk.setEnabled(s.list.len() > 1)
}

func (s *itemsScreen[T]) Update(msg tea.Msg) (screen, tea.Cmd) {
	return s, s.update(s, msg)
}

func (s *itemsScreen[T]) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if s.list.move(s.lk, msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.New):
		return s.d.push(s.editor(-1))
	case key.Matches(msg, k.Edit):
		return s.d.push(s.editor(s.list.cursor))
	case key.Matches(msg, k.Delete) && s.list.cursor < len(s.items()):
		i := s.list.cursor
		return s.d.ask("Delete this "+s.spec.noun+"?", func() tea.Cmd {
			if s.busy {
				return nil
			}
			s.busy = true
			spec := s.spec
			return write(s, "Deleted the "+s.spec.noun+".", updatePlan(s.d.j, s.full.Rel.ID, func(p *model.Plan) {
				xs := spec.list(p)
				if i < len(*xs) {
					old := (*xs)[i]
					*xs = append(append([]T(nil), (*xs)[:i]...), (*xs)[i+1:]...)
					spec.apply(p, old, nil)
				}
			}))
		})
	}
	return nil
}

// editor is the form of entry i (-1 for a new one).
func (s *itemsScreen[T]) editor(i int) *formScreen {
	spec, d, full := s.spec, s.d, s.full
	xs := s.items()
	var old T
	title := "New " + spec.noun
	if i >= 0 && i < len(xs) {
		old = xs[i]
		title = "Edit " + spec.noun
	} else {
		i = -1
		old = spec.blank(d)
	}
	fm := spec.form(d, full, old)
	save := func(fm *form) (func(ctx context.Context) error, error) {
		if err := model.Editable(full.Rel); err != nil {
			return nil, err
		}
		x, err := spec.build(d, fm, old)
		if err != nil {
			return nil, err
		}
		local := full.Plan
		local.RelID = full.Rel.ID
		lp := spec.list(&local)
		*lp = append([]T(nil), *lp...)
		at := i
		if at < 0 {
			at = len(*lp)
			*lp = append(*lp, x)
		} else {
			(*lp)[at] = x
			spec.apply(&local, old, &x)
		}
		if err := local.Validate(); err != nil {
			return nil, scoped(err, fmt.Sprintf("%s[%d]", spec.path, at))
		}
		return updatePlan(d.j, full.Rel.ID, func(p *model.Plan) {
			xs := spec.list(p)
			if i >= 0 && i < len(*xs) {
				was := (*xs)[i]
				(*xs)[i] = x
				spec.apply(p, was, &x)
			} else {
				*xs = append(*xs, x)
			}
		}), nil
	}
	fs := newFormScreen(d, title, "", fm, save)
	fs.forRel(full)
	fs.savedMsg = "Saved the " + spec.noun + "."
	if i >= 0 {
		fs.rebaseOn(full, func(f model.Full) *form {
			if xs := *spec.list(&f.Plan); i < len(xs) { // the entry its save writes to
				return spec.form(d, f, xs[i])
			}
			return nil
		})
	}
	return fs
}

func (s *itemsScreen[T]) View() string {
	st := s.d.styles
	var b strings.Builder
	for _, l := range s.introLines {
		b.WriteString(st.Muted.Render(l) + "\n")
	}
	b.WriteString("\n")
	if s.list.len() == 0 {
		b.WriteString(sentence(fmt.Sprintf("No %s yet. Press n to add one.", model.PluralNoun(s.spec.noun)), s.width))
	} else {
		b.WriteString(s.list.view())
	}
	return b.String()
}

func (s *itemsScreen[T]) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.New, k.Edit, k.Delete}
}

func (s *itemsScreen[T]) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{s.lk.bindings(), {k.New, k.Edit, k.Delete}}
}

// ---- stories (layer 1)

var storySpec = itemSpec[model.Story]{
	title: "Stories", noun: "story", path: "trust.stories",
	intro: "Stories of success and failure you told each other, and what each taught.",
	list:  func(p *model.Plan) *[]model.Story { return &p.Trust.Stories },
	rows: func(x model.Story) (string, string) {
		head := model.FirstLine(x.Story)
		if x.Teller != "" {
			head = x.Teller + ": " + head
		}
		kind := string(x.Kind)
		if kind == "" {
			kind = "story"
		}
		return head, kind + " · lesson: " + orDash(model.FirstLine(x.Lesson))
	},
	form: func(d deps, f model.Full, x model.Story) *form {
		return newForm(d,
			lineField("teller", "Told by", x.Teller).withPlaceholder("a name"),
			choiceField("kind", "Kind", []string{"", string(model.StorySuccess), string(model.StoryFailure)}, string(x.Kind)).
				withLabels([]string{"not said", "success", "failure"}),
			textField("story", "The story", x.Story),
			textField("lesson", "The lesson", x.Lesson).withHint("what it taught"),
		)
	},
	build: func(d deps, fm *form, old model.Story) (model.Story, error) {
		return model.Story{ID: old.ID, Teller: strings.TrimSpace(fm.Value("teller")), Kind: model.StoryKind(fm.Choice("kind")),
			Story: fm.Value("story"), Lesson: fm.Value("lesson")}, nil
	},
	blank: func(deps) model.Story { return model.Story{} },
}

func newStoriesScreen(d deps, f model.Full) screen { return newItemsScreen(d, f, storySpec) }

func storySummary(xs []model.Story) []string {
	if len(xs) == 0 {
		return nil
	}
	lessons := 0
	for _, x := range xs {
		if strings.TrimSpace(x.Lesson) != "" {
			lessons++
		}
	}
	out := []string{fmt.Sprintf("%s, %d with a lesson", model.Plural(len(xs), "story"), lessons)}
	return append(out, "latest: "+model.SanitizeLine(model.FirstLine(xs[len(xs)-1].Story)))
}

// ---- options (layer 4)

var optionSpec = itemSpec[model.Option]{
	title: "Options", noun: "option", path: "commitment.options",
	intro: "Each way forward with its pros, cons and obstacles, and how to get past them.",
	list:  func(p *model.Plan) *[]model.Option { return &p.Commitment.Options },
	rows: func(x model.Option) (string, string) {
		return x.Title, "pros: " + orDash(model.FirstLine(x.Pros)) + " · cons: " + orDash(model.FirstLine(x.Cons))
	},
	form: func(d deps, f model.Full, x model.Option) *form {
		return newForm(d,
			lineField("title", "Title", x.Title).withPlaceholder("a few words"),
			textField("pros", "Pros", x.Pros),
			textField("cons", "Cons", x.Cons),
			textField("obstacles", "Obstacles", x.Obstacles),
			textField("overcome", "How to overcome them", x.Overcome),
		)
	},
	build: func(d deps, fm *form, old model.Option) (model.Option, error) {
		return model.Option{ID: old.ID, Title: strings.TrimSpace(fm.Value("title")), Pros: fm.Value("pros"), Cons: fm.Value("cons"),
			Obstacles: fm.Value("obstacles"), Overcome: fm.Value("overcome")}, nil
	},
	blank: func(deps) model.Option { return model.Option{} },
	changed: func(p *model.Plan, old model.Option, x *model.Option) {
		title := ""
		if x != nil {
			title = x.Title
		}
		p.Commitment.OptionChanged(old.Title, title)
	},
}

func newOptionsScreen(d deps, f model.Full) screen { return newItemsScreen(d, f, optionSpec) }

func optionSummary(xs []model.Option) []string {
	if len(xs) == 0 {
		return nil
	}
	titles := make([]string, len(xs))
	for i, x := range xs {
		titles[i] = model.SanitizeLine(x.Title)
	}
	return []string{model.Plural(len(xs), "option") + ": " + strings.Join(titles, " · ")}
}

// optionChoices lists the options for the "chosen" choice.
func optionChoices(xs []model.Option) (values, labels []string) {
	values, labels = []string{""}, []string{"none yet"}
	for _, x := range xs {
		t := strings.TrimSpace(x.Title)
		if t == "" {
			continue
		}
		values = append(values, t)
		labels = append(labels, model.SanitizeLine(t))
	}
	return values, labels
}

// ---- supporters and resources (layer 5)

func supportChoice(v model.SupportStatus) *field {
	vals := []string{""}
	labels := []string{"not said"}
	for _, s := range model.SupportStatuses {
		vals = append(vals, string(s))
		labels = append(labels, string(s))
	}
	return choiceField("status", "Status", vals, string(v)).withLabels(labels)
}

var supporterSpec = itemSpec[model.Supporter]{
	title: "People", noun: "supporter", path: "support.people",
	intro: "People whose help the plan needs: what is needed of them, how to get it, and where it stands.",
	list:  func(p *model.Plan) *[]model.Supporter { return &p.Support.People },
	rows: func(x model.Supporter) (string, string) {
		return x.Who + " · " + orDash(string(x.Status)), "needs: " + orDash(model.FirstLine(x.What)) + " · how: " + orDash(model.FirstLine(x.How))
	},
	form: func(d deps, f model.Full, x model.Supporter) *form {
		return newForm(d,
			lineField("who", "Who", x.Who).withPlaceholder("a name or a role"),
			textField("what", "What is needed", x.What),
			textField("how", "How to get it", x.How),
			supportChoice(x.Status),
		)
	},
	build: func(d deps, fm *form, old model.Supporter) (model.Supporter, error) {
		return model.Supporter{ID: old.ID, Who: strings.TrimSpace(fm.Value("who")), What: fm.Value("what"), How: fm.Value("how"),
			Status: model.SupportStatus(fm.Choice("status"))}, nil
	},
	blank: func(deps) model.Supporter { return model.Supporter{Status: model.SupportNeeded} },
}

func newSupportersScreen(d deps, f model.Full) screen { return newItemsScreen(d, f, supporterSpec) }

func supporterSummary(xs []model.Supporter) []string {
	return supportSummary(xs, func(x model.Supporter) (string, model.SupportStatus) { return x.Who, x.Status })
}

// supportSummary lists the first three entries of a support list as
// "name · status" lines (nil for none), then how many more there are.
func supportSummary[T any](xs []T, line func(x T) (string, model.SupportStatus)) []string {
	if len(xs) == 0 {
		return nil
	}
	var out []string
	for i, x := range xs {
		if i == 3 {
			out = append(out, fmt.Sprintf("… and %d more", len(xs)-3))
			break
		}
		name, status := line(x)
		out = append(out, model.SanitizeLine(name)+" · "+orDash(string(status)))
	}
	return out
}

var resourceSpec = itemSpec[model.Resource]{
	title: "Resources", noun: "resource", path: "support.resources",
	intro: "Things the plan needs, each with a fallback if it is not available.",
	list:  func(p *model.Plan) *[]model.Resource { return &p.Support.Resources },
	rows: func(x model.Resource) (string, string) {
		return x.What + " · " + orDash(string(x.Status)), "fallback: " + orDash(model.FirstLine(x.Fallback))
	},
	form: func(d deps, f model.Full, x model.Resource) *form {
		return newForm(d,
			lineField("what", "What", x.What).withPlaceholder("a budget, a tool, time, a course…"),
			textField("fallback", "Fallback", x.Fallback).withHint("if it is not available"),
			supportChoice(x.Status),
		)
	},
	build: func(d deps, fm *form, old model.Resource) (model.Resource, error) {
		return model.Resource{ID: old.ID, What: strings.TrimSpace(fm.Value("what")), Fallback: fm.Value("fallback"),
			Status: model.SupportStatus(fm.Choice("status"))}, nil
	},
	blank: func(deps) model.Resource { return model.Resource{Status: model.SupportNeeded} },
}

func newResourcesScreen(d deps, f model.Full) screen { return newItemsScreen(d, f, resourceSpec) }

func resourceSummary(xs []model.Resource) []string {
	return supportSummary(xs, func(x model.Resource) (string, model.SupportStatus) { return x.What, x.Status })
}

// ---- reviews (layer 6)

var reviewSpec = itemSpec[model.ReviewEntry]{
	title: "Reviews", noun: "review", path: "review.reviews",
	intro: "Looking back: what happened, why it worked or did not, and how to correct course.",
	list:  func(p *model.Plan) *[]model.ReviewEntry { return &p.Review.Reviews },
	rows: func(x model.ReviewEntry) (string, string) {
		return model.FormatDate(x.Date) + "  " + model.FirstLine(x.WhatHappened), "why: " + orDash(model.FirstLine(x.Why)) + " · correction: " + orDash(model.FirstLine(x.Correction))
	},
	form: func(d deps, f model.Full, x model.ReviewEntry) *form {
		return newForm(d,
			dateField("date", "Date", x.Date),
			textField("what happened", "What happened", x.WhatHappened),
			textField("why", "Why it worked or not", x.Why),
			textField("correction", "Course correction", x.Correction),
		)
	},
	build: func(d deps, fm *form, old model.ReviewEntry) (model.ReviewEntry, error) {
		date, err := fm.Date("date")
		if err != nil {
			return old, err
		}
		return model.ReviewEntry{ID: old.ID, Date: date, WhatHappened: fm.Value("what happened"), Why: fm.Value("why"), Correction: fm.Value("correction")}, nil
	},
	blank: func(d deps) model.ReviewEntry { return model.ReviewEntry{Date: d.today()} },
}

func newReviewsScreen(d deps, f model.Full) screen { return newItemsScreen(d, f, reviewSpec) }

func reviewSummary(xs []model.ReviewEntry) []string {
	if len(xs) == 0 {
		return nil
	}
	last := xs[len(xs)-1]
	return []string{model.Plural(len(xs), "review") + "; latest " + model.FormatDate(last.Date) + ": " + model.SanitizeLine(model.FirstLine(last.WhatHappened))}
}

// firstLine is the first non-empty line of a text, trimmed.
