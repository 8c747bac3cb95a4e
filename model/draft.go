package model

import "time"

// Draft is what was typed on one screen and not saved yet, kept in the
// journal so that a closed terminal, a signal or a crash loses none of it.
// Fields are the screen's own field names and their text.
type Draft struct {
	Saved  time.Time         `json:"saved"`
	Fields map[string]string `json:"fields"`
}
