package tui

import (
	"context"
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

	CreateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error)
	UpdateRelationship(ctx context.Context, r model.Relationship) error
	DeleteRelationship(ctx context.Context, id model.ID) error

	SavePlan(ctx context.Context, p model.Plan) error
	SaveGoal(ctx context.Context, g model.Goal) error
	DeleteGoal(ctx context.Context, id model.ID) error
	SaveRoadmapItem(ctx context.Context, r model.RoadmapItem) error
	DeleteRoadmapItem(ctx context.Context, id model.ID) error
	// ReorderRoadmap sets Position of each listed item to its index.
	ReorderRoadmap(ctx context.Context, relID model.ID, order []model.ID) error
	SaveSession(ctx context.Context, s model.Session) error
	DeleteSession(ctx context.Context, id model.ID) error
	SaveFollowUp(ctx context.Context, f model.FollowUp) error
	DeleteFollowUp(ctx context.Context, id model.ID) error
	SaveHealthCheck(ctx context.Context, h model.HealthCheck) error
	DeleteHealthCheck(ctx context.Context, id model.ID) error

	// OpenFollowUps returns every open follow-up of the journal (from an
	// index; it does not read closed ones).
	OpenFollowUps(ctx context.Context) ([]model.FollowUp, error)
	// Due is model.Due over the whole journal.
	Due(ctx context.Context, today time.Time, horizon int) ([]model.DueItem, error)
	// Search finds query (case-insensitive, plain text) in every text of
	// the journal.
	Search(ctx context.Context, query string, opt model.SearchOptions) ([]model.Hit, error)
}
