package model

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// ID names a record. It is 32 lower-case hex digits: 6 bytes of creation
// time in milliseconds followed by 10 random bytes, so ids made in two
// different journals never collide and ids of one journal sort by creation.
type ID string

// NewID returns a fresh ID for a record created at t.
func NewID(t time.Time) ID {
	var b [16]byte
	ms := uint64(t.UnixMilli())
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], ms)
	copy(b[:6], ts[2:])
	if _, err := rand.Read(b[6:]); err != nil {
		panic("mentorlog: no randomness available: " + err.Error())
	}
	return ID(hex.EncodeToString(b[:]))
}

// FirstIDAt is the smallest id NewID makes at t: ids sort by the time
// they were made.
func FirstIDAt(t time.Time) ID {
	var b [16]byte
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], uint64(t.UnixMilli()))
	copy(b[:6], ts[2:])
	return ID(hex.EncodeToString(b[:]))
}

// Time is when NewID made id, to the millisecond; zero for an id of
// another shape.
func (id ID) Time() time.Time {
	if !id.Valid() {
		return time.Time{}
	}
	b, _ := hex.DecodeString(string(id[:12]))
	var ts [8]byte
	copy(ts[2:], b)
	return time.UnixMilli(int64(binary.BigEndian.Uint64(ts[:]))).UTC()
}

// Valid reports whether id has the shape NewID gives.
func (id ID) Valid() bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Short is the first 8 digits after the time part, for messages.
func (id ID) Short() string {
	if len(id) < 20 {
		return string(id)
	}
	return string(id[12:20])
}
