package tui

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// External editor: long text can be written in $VISUAL or $EDITOR (vi when
// neither is set). The text goes to a file that only the user can read
// (mode 0600 in a fresh 0700 folder), the editor gets the terminal through
// tea.ExecProcess, and the folder is removed when the editor exits.

// editorDoneMsg brings the edited text back to whoever asked.
type editorDoneMsg struct {
	owner any // the *form that asked
	field int // the field it is for
	text  string
	err   error
}

// editorCommand builds the command that edits path.
func editorCommand(path string) (*exec.Cmd, error) {
	ed := strings.TrimSpace(os.Getenv("VISUAL"))
	if ed == "" {
		ed = strings.TrimSpace(os.Getenv("EDITOR"))
	}
	if ed == "" {
		ed = "vi"
	}
	parts := strings.Fields(ed)
	bin, err := exec.LookPath(parts[0])
	if err != nil {
		return nil, fmt.Errorf("cannot start the editor %q: set VISUAL or EDITOR to an editor that is installed", parts[0])
	}
	args := append(append([]string{}, parts[1:]...), path)
	return exec.Command(bin, args...), nil
}

// prepareEdit writes text to a private temporary file for the editor.
func prepareEdit(text, name string) (dir, path string, err error) {
	dir, err = os.MkdirTemp("", "mentorlog-edit-") // created 0700
	if err != nil {
		return "", "", fmt.Errorf("cannot make a temporary file for the editor: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return "", "", err
	}
	f, err := os.CreateTemp(dir, safeFileName(name)+"-*.txt") // created 0600
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("cannot write the temporary file for the editor: %w", err)
	}
	return dir, f.Name(), nil
}

// finishEdit reads the edited file back and removes the folder.
func finishEdit(dir, path, original string, runErr error) (string, error) {
	defer os.RemoveAll(dir)
	if runErr != nil {
		return "", fmt.Errorf("the editor did not finish cleanly (%v); the text was left as it was", runErr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("cannot read the edited text back: %w", err)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	// Editors end files with a newline; keep the text's own ending.
	if !strings.HasSuffix(original, "\n") {
		s = strings.TrimSuffix(s, "\n")
	}
	return s, nil
}

// editInEditor is the command that opens text in the external editor and
// sends done's message with the result. All file work runs in the command.
func editInEditor(text, name string, done func(text string, err error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		dir, path, err := prepareEdit(text, name)
		if err != nil {
			return done("", err)
		}
		c, err := editorCommand(path)
		if err != nil {
			os.RemoveAll(dir)
			return done("", err)
		}
		return tea.ExecProcess(c, func(runErr error) tea.Msg {
			s, err := finishEdit(dir, path, text, runErr)
			return done(s, err)
		})()
	}
}

// safeFileName keeps letters and digits of a field name for the temp file,
// so the editor can show what is being edited.
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '_' || r == '.':
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	if b.Len() == 0 {
		return "mentorlog"
	}
	return "mentorlog-" + strings.Trim(b.String(), "-")
}
