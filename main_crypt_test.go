package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"mentorlog/store"
)

// The commands of an encrypted journal, as a script or a cron job runs
// them (no terminal): encrypt, the passphrase from a file or the
// environment, none at all (exit 1 at once, saying how to give it), a
// wrong one, the recovery key, a backup that stays encrypted, an export
// that says it is plain, a snapshot while the app holds the journal,
// passwd, erase and decrypt.
func TestEncryptedJournalCommands(t *testing.T) {
	e := withFixture(t)
	before := normalise(e.run("", "export").must(t, 0).out)
	write := func(name, text string) string {
		p := e.path(name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p1, p2, wrong := write("p1", "first passphrase\n"), write("p2", "second passphrase\n"), write("wrong", "not it\n")

	r := e.run("", "encrypt").must(t, 1)
	r.oneLine(t, "mentorlog encrypt: ", "no terminal", "--new-passphrase-file")
	link := e.path("another-name.db")
	if err := os.Link(e.db, link); err != nil {
		t.Fatal(err)
	}
	r = e.run("", "encrypt", "--new-passphrase-file", p1).must(t, 0)
	contains(t, "encrypt", r.out, "Encrypted", "Recovery key", "AGE-SECRET-KEY-1")
	contains(t, "encrypt's note on a hard link", r.err, "1 other name", "plain journal")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	short := write("short", "seven77\n")
	e.run("", "--passphrase-file", p1, "passwd", "--new-passphrase-file", short).must(t, 1).oneLine(t, "mentorlog passwd: ", "too short", "nothing was changed")
	recovery := ""
	for _, f := range strings.Fields(r.out) {
		if strings.HasPrefix(f, "AGE-SECRET-KEY-1") {
			recovery = f
		}
	}
	raw, err := os.ReadFile(e.db)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(before, "Marta Alves") || strings.Contains(string(raw), private) || strings.Contains(string(raw), "Marta Alves") {
		t.Fatal("the encrypted journal file holds text of the journal")
	}
	e.run("", "--passphrase-file", p1, "encrypt", "--new-passphrase-file", p2).must(t, 1).oneLine(t, "mentorlog encrypt: ", "encrypted already")

	// No passphrase and no terminal: exit 1, saying how to give it.
	for _, cmd := range [][]string{{"due"}, {"brief", "Marta"}, {"export"}, {"backup", e.path("b.db")}} {
		r := e.run("", cmd...).must(t, 1)
		r.oneLine(t, "mentorlog "+cmd[0]+": ", "encrypted", "--passphrase-file", "MENTORLOG_PASSPHRASE_FILE")
		if n := strings.Count(r.err, "encrypted"); n != 1 {
			t.Fatalf("%s: says encrypted %d times: %s", cmd[0], n, r.err)
		}
	}
	e.run("", "--passphrase-file", wrong, "due").must(t, 1).oneLine(t, "mentorlog due: ", "wrong passphrase", "recovery key")
	e.run("", "--passphrase-file", e.path("nosuch"), "due").must(t, 1).oneLine(t, "mentorlog due: ", "there is no file", "nosuch", "check the path")
	e.vars["MENTORLOG_PASSPHRASE_FILE"] = p1
	r = e.run("", "export").must(t, 0)
	if normalise(r.out) != before {
		t.Fatal("the export of the encrypted journal differs from before")
	}
	contains(t, "export note", r.err, "export is not", "encrypted")
	delete(e.vars, "MENTORLOG_PASSPHRASE_FILE")
	if got := normalise(e.run("", "--passphrase-file", write("rec", recovery+"\n"), "export").must(t, 0).out); got != before {
		t.Fatal("the recovery key does not open the journal")
	}

	// A backup stays encrypted, and opens with the same passphrase.
	backup := e.path("backup.db")
	e.run("", "--passphrase-file", p1, "backup", backup).must(t, 0)
	raw, _ = os.ReadFile(backup)
	if strings.Contains(string(raw), private) {
		t.Fatal("the backup of an encrypted journal holds text")
	}
	copyEnv := *e
	copyEnv.db = backup
	if got := normalise(copyEnv.run("", "--passphrase-file", p1, "export").must(t, 0).out); got != before {
		t.Fatal("the backup does not hold the journal")
	}

	// While the app holds the journal, readers use a snapshot: it needs
	// the passphrase too, and gets it.
	st, err := store.Open(e.db, store.Options{Timeout: time.Second, Passphrase: "first passphrase"})
	if err != nil {
		t.Fatal(err)
	}
	e.run("", "due", "--days", "30").must(t, 1).oneLine(t, "mentorlog due: ", "--passphrase-file")
	e.run("", "--passphrase-file", p1, "due", "--days", "30").must(t, 0)
	locked := e.path("while-open.db")
	e.run("", "--passphrase-file", p1, "backup", locked).must(t, 0)
	st.Close()
	raw, _ = os.ReadFile(locked)
	lockedEnv := *e
	lockedEnv.db = locked
	if strings.Contains(string(raw), private) || normalise(lockedEnv.run("", "--passphrase-file", p1, "export").must(t, 0).out) != before {
		t.Fatal("the backup taken while the app held the journal is not encrypted, or not the journal")
	}

	// passwd: the old passphrase and the old recovery key open nothing.
	e.run("", "--passphrase-file", p1, "passwd").must(t, 1).oneLine(t, "mentorlog passwd: ", "--new-passphrase-file")
	r = e.run("", "--passphrase-file", p1, "passwd", "--new-passphrase-file", p2).must(t, 0)
	contains(t, "passwd", r.out, "no longer open it", "AGE-SECRET-KEY-1")
	e.run("", "--passphrase-file", p1, "due").must(t, 1).oneLine(t, "mentorlog due: ", "wrong passphrase")
	e.run("", "--passphrase-file", write("rec-old", recovery+"\n"), "due").must(t, 1).oneLine(t, "mentorlog due: ", "does not open")

	// erase: asks for --yes without a terminal; then leaves nothing.
	e.run("", "--passphrase-file", p2, "erase", "Marta").must(t, 2)
	r = e.run("", "--passphrase-file", p2, "erase", "Marta", "--yes").must(t, 0)
	contains(t, "erase", r.out, "Erased")
	out := e.run("", "--passphrase-file", p2, "export").must(t, 0).out
	if strings.Contains(out, "Marta") || !strings.Contains(out, "Priya Raman") {
		t.Fatalf("after erase the export still holds Marta, or lost the others:\n%.300s", out)
	}

	// decrypt: plain again, and nothing asked.
	e.run("", "--passphrase-file", p2, "decrypt").must(t, 0)
	if got := normalise(e.run("", "export").must(t, 0).out); got != normalise(out) {
		t.Fatal("decrypted, the journal differs")
	}
	e.run("", "decrypt").must(t, 1).oneLine(t, "mentorlog decrypt: ", "not encrypted")
}
