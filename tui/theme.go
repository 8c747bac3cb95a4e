package tui

// Styles is the app's theme, built once. (Filled in by the terminal-app work.)
type Styles struct{}
