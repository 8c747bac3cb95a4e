package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func newID() ID { return NewID(t0) }

func validRel() Relationship {
	return Relationship{ID: newID(), MentorName: "Grace Hopper", MenteeName: "Ada Byron", OwnerRole: RoleMentor,
		Started: day("2026-01-05"), Status: StatusActive, CadenceDays: 14, Layer: LayerTrust, Created: t0, Updated: t0}
}

// wantErr checks err against want: "" means no error; otherwise every
// "|"-separated part must appear in the message and err must wrap ErrInvalid.
func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want error containing %q, got nil", want)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("error %v does not wrap ErrInvalid", err)
	}
	for _, part := range strings.Split(want, "|") {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err.Error(), part)
		}
	}
}
