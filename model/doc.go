// Package model is mentorlog's domain: relationships and the six-layer
// mentoring model, goals, roadmap, sessions, follow-ups, health checks and
// closure, with their validation and the pure logic the screens and the
// command line share (completeness, SMART gaps, agreement fingerprints, what
// is due, momentum warnings).
//
// It imports only the standard library. Every time is UTC; dates without a
// time of day are stored as midnight UTC (see Day).
package model
