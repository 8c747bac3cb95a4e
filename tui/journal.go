package tui

import (
	"context"
	"encoding/json"
	"time"

	"mentorlog/model"
)

// Journal is what the app needs of the journal file. *store.Store
// implements it; tests may pass a fake. Every method may do disk I/O, so
// the app calls them only from tea.Cmds, never inside Update or View.
type Journal interface {
	// ListSummaries returns every relationship's dashboard summary without
	// reading any history.
	ListSummaries(ctx context.Context) ([]model.Summary, error)
	// LoadFull reads one relationship with all its parts.
	LoadFull(ctx context.Context, id model.ID) (model.Full, error)
	// LoadWindow reads it with only the newest part of its history that
	// w asks for (model.Window); f.History says what it left out.
	LoadWindow(ctx context.Context, id model.ID, w model.Window) (model.Full, error)
	// SessionsAt reads a run of a relationship's sessions (model.Page): a
	// long history is listed a page at a time, where the list shows it.
	SessionsAt(ctx context.Context, id model.ID, p model.Page) (model.SessionPage, error)

	// The writes. Each is one transaction: one user action is saved whole
	// or not at all. The Update methods apply fn to the record as it is
	// stored at that moment (fn sees the relationship to check
	// model.Editable), so no screen overwrites what another one saved.

	CreateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error)
	// UpdateRelationship changes a relationship and its plan together:
	// editing it, closing it with its closure, reopening it.
	UpdateRelationship(ctx context.Context, id model.ID, fn func(r *model.Relationship, p *model.Plan) error) (model.Relationship, model.Plan, error)
	// Encrypted tells whether the journal is encrypted (no disk I/O).
	Encrypted() bool
	// Encrypt turns the journal's encryption on with passphrase, writing
	// the file again, and returns the recovery key, to show once.
	Encrypt(ctx context.Context, passphrase string) (recovery string, err error)
	// Erase removes a relationship and everything of it for good, writing
	// the journal file again without it (and, encrypted, without its key).
	Erase(ctx context.Context, id model.ID) error

	// UpdatePlan changes the plan: a layer, the agreement, a signature.
	UpdatePlan(ctx context.Context, relID model.ID, fn func(r model.Relationship, p *model.Plan) error) (model.Plan, error)
	SaveGoal(ctx context.Context, g model.Goal) error
	UpdateGoal(ctx context.Context, relID, goalID model.ID, fn func(r model.Relationship, g *model.Goal) error) (model.Goal, error)
	DeleteGoal(ctx context.Context, id model.ID) error
	SaveRoadmapItem(ctx context.Context, r model.RoadmapItem) error
	DeleteRoadmapItem(ctx context.Context, id model.ID) error
	// ReorderRoadmap sets Position of each listed item to its index.
	ReorderRoadmap(ctx context.Context, relID model.ID, order []model.ID) error
	// AddRoadmapTopics adds topics (a template's) at the end of the
	// roadmap as planned items, skipping those already planned.
	AddRoadmapTopics(ctx context.Context, relID model.ID, topics []string) ([]model.RoadmapItem, error)
	// Templates, SaveTemplate and DeleteTemplate keep the agenda templates
	// a mentor reuses across relationships.
	Templates(ctx context.Context) ([]model.AgendaTemplate, error)
	SaveTemplate(ctx context.Context, t model.AgendaTemplate) error
	DeleteTemplate(ctx context.Context, id model.ID) error
	// RecordSession saves a session with the follow-ups made and removed
	// in it, and what it implies for the follow-ups it reviewed and the
	// roadmap item it held (model.SessionEffects). It returns what it wrote.
	RecordSession(ctx context.Context, c model.SessionChange) (model.SessionChange, []model.RoadmapItem, error)
	DeleteSession(ctx context.Context, id model.ID) error
	SaveFollowUp(ctx context.Context, f model.FollowUp) error
	DeleteFollowUp(ctx context.Context, id model.ID) error
	SaveHealthCheck(ctx context.Context, h model.HealthCheck) error
	DeleteHealthCheck(ctx context.Context, id model.ID) error

	// SaveDrafts keeps what screens have typed and not saved (one
	// transaction); a draft with no fields deletes that key's draft.
	SaveDrafts(ctx context.Context, drafts map[string]model.Draft) error
	// LoadDraft reads the draft kept for a screen key.
	LoadDraft(ctx context.Context, key string) (model.Draft, bool, error)

	// OpenFollowUps returns every open follow-up of the journal (from an
	// index; it does not read closed ones).
	OpenFollowUps(ctx context.Context) ([]model.FollowUp, error)
	// Due is model.Due over the whole journal.
	Due(ctx context.Context, today time.Time, horizon int) ([]model.DueItem, error)
	// Search finds query (case-insensitive, plain text) in every text of
	// the journal.
	Search(ctx context.Context, query string, opt model.SearchOptions) ([]model.Hit, error)

	// Exchanges with the other journal of a relationship, on another
	// laptop. Identity returns this journal's id and age recipient;
	// Exchange what it knows of a relationship's exchanges and conflicts.
	Identity(ctx context.Context) (journal, recipient string, err error)
	Exchange(ctx context.Context, relID model.ID) (model.Exchange, error)
	// ShareFile writes the relationship's sealed bundle to path; to is
	// the partner's recipient, needed until the first exchange.
	ShareFile(ctx context.Context, relID model.ID, to string, replace bool, path string) error
	// ReceiveFile merges the bundle at path, all of it or nothing.
	ReceiveFile(ctx context.Context, path string, opt model.ReceiveOptions) (model.Received, error)
	// Resolve ends a conflict with value: an edit that travels.
	Resolve(ctx context.Context, relID model.ID, c model.Conflict, value json.RawMessage) error
}
