package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// External editor: long text can be written in $VISUAL or $EDITOR (vi when
// neither is set). The text goes to a file that only the user can read
// (mode 0600 in a fresh 0700 folder) in memory where the system has it
// ($XDG_RUNTIME_DIR, else /dev/shm), the editor gets the terminal through
// tea.ExecProcess, and the folder is removed when the editor exits, when
// the app ends, or, after a crash or a kill -9, at the next start.

// editPrefix begins the name of the editor's folders, followed by the
// process id of the app that made them: a later start removes those of
// an app no longer running.
const editPrefix = "mentorlog-edit-"

// editBase is the folder the editor's folders go in: $XDG_RUNTIME_DIR
// (the user's own 0700 folder, in memory on most systems), else /dev/shm
// (memory), else the temporary folder.
func editBase() string {
	for _, d := range []string{os.Getenv("XDG_RUNTIME_DIR"), "/dev/shm"} {
		if fi, err := os.Stat(d); filepath.IsAbs(d) && err == nil && fi.IsDir() {
			return d
		}
	}
	return os.TempDir()
}

// sweepEdits removes the editor folders of this user, in editBase and in
// /dev/shm, whose app's process id passes gone.
func sweepEdits(gone func(pid int) bool) {
	bases := []string{editBase()}
	if bases[0] != "/dev/shm" {
		bases = append(bases, "/dev/shm") // where an encrypted journal's go when editBase is on disk
	}
	for _, base := range bases {
		sweepEditsIn(base, gone)
	}
}

func sweepEditsIn(base string, gone func(pid int) bool) {
	ents, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range ents {
		rest, ok := strings.CutPrefix(e.Name(), editPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		n, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(n)
		if !ok || err != nil || !ownedByMe(e) || !gone(pid) {
			continue
		}
		os.RemoveAll(filepath.Join(base, e.Name()))
	}
}

// sweepLeftEdits removes the editor folders an app that crashed or was
// killed left behind; the app calls it as it starts.
func sweepLeftEdits() { sweepEdits(notRunning) }

// sweepOwnEdits removes this app's editor folders; the app calls it as it
// ends, for an editor still open when a signal ended it.
func sweepOwnEdits() { sweepEdits(func(pid int) bool { return pid == os.Getpid() }) }

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

// onDiskEnv, set to 1, lets the editor's file of an encrypted journal go
// on disk when no folder in memory is at hand.
const onDiskEnv = "MENTORLOG_EDITOR_ON_DISK"

// editFolder is where the editor's folder goes: editBase, unless the
// journal is encrypted and that is on disk, which is refused unless the
// user allowed it.
func editFolder(encrypted bool) (string, error) {
	base := editBase()
	switch {
	case !encrypted || inMemory(base) || os.Getenv(onDiskEnv) == "1":
		return base, nil
	case inMemory("/dev/shm"):
		return "/dev/shm", nil // $XDG_RUNTIME_DIR is on disk here
	default:
		return "", fmt.Errorf("the journal is encrypted, and the editor's file would go on disk (%s), where it could outlive the edit: set XDG_RUNTIME_DIR to a folder in memory, or %s=1 to allow it; the text was left as it was", base, onDiskEnv)
	}
}

// prepareEdit writes text to a private temporary file for the editor, in
// a new folder in base.
func prepareEdit(base, text, name string) (dir, path string, err error) {
	dir, err = os.MkdirTemp(base, fmt.Sprintf("%s%d-", editPrefix, os.Getpid())) // created 0700
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
func editInEditor(j Journal, text, name string, done func(text string, err error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		base, err := editFolder(j != nil && j.Encrypted())
		if err != nil {
			return done("", err)
		}
		dir, path, err := prepareEdit(base, text, name)
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
