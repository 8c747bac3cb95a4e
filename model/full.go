package model

// LastSession returns the most recent session by date (then by creation),
// whatever order sessions are in.
func (f Full) LastSession() (Session, bool) {
	var last *Session
	for i := range f.Sessions {
		x := &f.Sessions[i]
		if last == nil || x.Date.After(last.Date) || x.Date.Equal(last.Date) && x.Created.After(last.Created) {
			last = x
		}
	}
	if last == nil {
		return Session{}, false
	}
	return *last, true
}

// NextTopic returns the first planned roadmap topic by position.
func (f Full) NextTopic() (RoadmapItem, bool) {
	var best *RoadmapItem
	for i := range f.Roadmap {
		r := &f.Roadmap[i]
		if r.Status != TopicPlanned {
			continue
		}
		if best == nil || r.Position < best.Position {
			best = r
		}
	}
	if best == nil {
		return RoadmapItem{}, false
	}
	return *best, true
}
