package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
)

func init() {
	// argon2id at its real cost takes 0.4 s a derivation, far more under
	// the race detector: the store's tests use the cheapest one.
	testKDF = &kdfParams{Time: 1, Memory: 8, Threads: 1}
}

// phrased gives every free-text field of f (strings and lists of strings
// that are no id, enum or date) a phrase of its own, and returns them.
func phrased(f *model.Full, prefix string) []string {
	var phrases []string
	next := func() string {
		p := fmt.Sprintf("%sphrase%03d", prefix, len(phrases))
		phrases = append(phrases, p)
		return p
	}
	plain, list := reflect.TypeOf(""), reflect.TypeOf([]string(nil))
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				// History is what a read left out, never stored.
				if fd := v.Type().Field(i); fd.IsExported() && fd.Type != reflect.TypeOf(model.History{}) {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			if v.Type() == list {
				v.Set(reflect.ValueOf([]string{next()}))
				return
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.String:
			if v.Type() == plain && v.CanSet() {
				v.SetString(next())
			}
		}
	}
	walk(reflect.ValueOf(f).Elem())
	return phrases
}

// phrasedJournal is a journal with two relationships whose every text is
// a phrase of its own, a draft and a template; it returns the phrases of
// each relationship and of the rest.
func phrasedJournal(t *testing.T) (s *Store, a, b model.Full, phrasesA, phrasesB, other []string) {
	t.Helper()
	s = openTemp(t)
	a, b = fill(t, s, "Ada"), fill(t, s, "Bob")
	mustNil(t, s.Erase(ctx, a.Rel.ID))
	mustNil(t, s.Erase(ctx, b.Rel.ID))
	phrasesA, phrasesB = phrased(&a, "aaa"), phrased(&b, "bbb")
	// What import takes of the phrased records: no option chosen, no
	// partner (an import brings none).
	unchoose := func(f *model.Full, phrases []string) []string {
		gone := []string{f.Plan.Commitment.Chosen}
		pv := reflect.ValueOf(f.Partner)
		for i := range pv.NumField() {
			if pv.Field(i).Kind() == reflect.String {
				gone = append(gone, pv.Field(i).String())
			}
		}
		f.Plan.Commitment.Chosen, f.Partner = "", model.Partner{}
		return slices.DeleteFunc(phrases, func(p string) bool { return slices.Contains(gone, p) })
	}
	phrasesA, phrasesB = unchoose(&a, phrasesA), unchoose(&b, phrasesB)
	a.Rel.OwnerRole, b.Rel.OwnerRole = model.RoleMentor, model.RoleMentee
	_, err := s.Import(ctx, model.NewArchive([]model.Full{a, b}, t0, false))
	mustNil(t, err)
	other = []string{"ooodraftphrase", "oootemplatephrase"}
	mustNil(t, s.SaveDrafts(ctx, map[string]model.Draft{"form/" + string(a.Rel.ID) + "/Layer 3": {Fields: map[string]string{"notes": "aaadraftphrase"}},
		"search": {Fields: map[string]string{"q": other[0]}}}))
	phrasesA = append(phrasesA, "aaadraftphrase")
	mustNil(t, s.SaveTemplate(ctx, model.AgendaTemplate{ID: newID(), Name: other[1], Topics: []string{"ooo topic"}}))
	_, _, err = s.Identity(ctx)
	mustNil(t, err)
	return s, a, b, phrasesA, phrasesB, other
}

// inFile lists the phrases found in the raw bytes of the file at path,
// as written or lower-cased.
func inFile(t *testing.T, path string, phrases []string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	mustNil(t, err)
	var found []string
	for _, p := range phrases {
		if bytes.Contains(raw, []byte(p)) || bytes.Contains(bytes.ToLower(raw), []byte(strings.ToLower(p))) {
			found = append(found, p)
		}
	}
	return found
}

func reopen(t *testing.T, s *Store, pass string) (*Store, error) {
	t.Helper()
	path := s.Path()
	mustNil(t, s.Close())
	return Open(path, Options{Now: s.opt.Now, Passphrase: pass})
}

// Every text of an encrypted journal, private and shared, of every kind
// of record, a draft and a template: none is in the file, in any page, in
// a backup; the journal opens with its passphrase or its recovery key and
// holds them all; a wrong passphrase opens nothing and changes nothing;
// after a change of passphrase the old one and the old recovery key open
// nothing; decrypted, the journal is as it was.
func TestEncryptedJournalHoldsNoPlainText(t *testing.T) {
	s, a, b, pa, pb, other := phrasedJournal(t)
	all := append(append(append([]string{}, pa...), pb...), other...)
	if got := inFile(t, s.Path(), all); len(got) != len(all) {
		t.Fatalf("the plain journal holds %d of the %d phrases: the test finds nothing; missing %v", len(got), len(all), slices.DeleteFunc(slices.Clone(all), func(p string) bool { return slices.Contains(got, p) }))
	}
	before := exportString(t, s)
	recovery, err := s.Encrypt(ctx, "correct horse")
	mustNil(t, err)
	if !strings.HasPrefix(recovery, model.RecoveryPrefix) {
		t.Fatalf("recovery key %q", recovery)
	}
	if got := inFile(t, s.Path(), all); len(got) > 0 {
		t.Fatalf("the encrypted journal holds %s", got)
	}
	// It works on as before, and what it writes is sealed too.
	mustNil(t, s.SaveDrafts(ctx, map[string]model.Draft{"closure/" + string(b.Rel.ID): {Fields: map[string]string{"x": "bbbnewdraftphrase"}}}))
	mustNil(t, s.Check())
	backup := filepath.Join(t.TempDir(), "backup.db")
	mustNil(t, s.Backup(ctx, backup))
	if got := inFile(t, backup, append(all, "bbbnewdraftphrase")); len(got) > 0 {
		t.Fatalf("the backup holds %s", got)
	}
	if got := inFile(t, s.Path(), []string{"bbbnewdraftphrase"}); len(got) > 0 {
		t.Fatalf("a draft saved after encryption is in the file: %s", got)
	}
	bundleFile := filepath.Join(t.TempDir(), "a.bundle")
	mustNil(t, os.WriteFile(bundleFile, share(t, s, a.Rel.ID, openTemp(t)), 0o600))
	if got := inFile(t, bundleFile, pa); len(got) > 0 {
		t.Fatalf("the bundle holds %s", got)
	}

	_, err = reopen(t, s, "")
	if !errors.Is(err, ErrNeedPassphrase) {
		t.Fatalf("open without a passphrase: %v", err)
	}
	hash := fileHash(t, s.Path())
	if _, err = Open(s.Path(), Options{Passphrase: "wrong horse"}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("open with a wrong passphrase: %v", err)
	}
	if fileHash(t, s.Path()) != hash {
		t.Fatal("a wrong passphrase changed the file")
	}
	for _, pass := range []string{"correct horse", recovery, " " + strings.ToLower(recovery) + "\n"} {
		s2, err := Open(s.Path(), Options{Passphrase: pass, Now: s.opt.Now})
		mustNil(t, err)
		if got := exportString(t, s2); got != before {
			t.Errorf("unlocked with %.16s…, the journal's export differs from before encryption", pass)
		}
		d, ok, err := s2.LoadDraft(ctx, "closure/"+string(b.Rel.ID))
		mustNil(t, err)
		if !ok || d.Fields["x"] != "bbbnewdraftphrase" {
			t.Errorf("the draft: %+v %v", d, ok)
		}
		hits, err := s2.Search(ctx, "aaaphrase001", model.SearchOptions{})
		mustNil(t, err)
		if len(hits) == 0 {
			t.Error("search finds nothing in the encrypted journal")
		}
		mustNil(t, s2.Close())
	}

	s, err = Open(s.Path(), Options{Passphrase: "correct horse", Now: s.opt.Now})
	mustNil(t, err)
	recovery2, err := s.ChangePassphrase(ctx, "battery staple")
	mustNil(t, err)
	if got := inFile(t, s.Path(), all); len(got) > 0 {
		t.Fatalf("after passwd the journal holds %s", got)
	}
	mustNil(t, s.Close())
	for _, old := range []string{"correct horse", recovery} {
		if _, err := Open(s.Path(), Options{Passphrase: old}); !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("after passwd, the old %.16s… still opens the journal: %v", old, err)
		}
	}
	s, err = Open(s.Path(), Options{Passphrase: recovery2, Now: s.opt.Now})
	mustNil(t, err)
	mustNil(t, s.Decrypt(ctx))
	if s.Encrypted() || exportString(t, s) != before {
		t.Error("decrypted, the journal is not as it was")
	}
	mustNil(t, s.Close())
	s, err = Open(s.Path(), Options{Now: s.opt.Now})
	mustNil(t, err)
	d, ok, err := s.LoadDraft(ctx, "form/"+string(a.Rel.ID)+"/Layer 3")
	mustNil(t, err)
	if !ok || d.Fields["notes"] != "aaadraftphrase" {
		t.Errorf("a draft was lost through encrypt and decrypt: %+v", d)
	}
	mustNil(t, s.Check())
}

// A flipped bit in a sealed value, and a sealed value copied onto another
// key, are refused as damage; every other record still reads.
func TestSealedValuesRefuseTampering(t *testing.T) {
	s, a, b, _, _, _ := phrasedJournal(t)
	_, err := s.Encrypt(ctx, "pass word")
	mustNil(t, err)
	path := s.Path()
	mustNil(t, s.Close())
	relA, _ := idBytes(a.Rel.ID)
	relB, _ := idBytes(b.Rel.ID)
	for _, c := range []struct {
		name   string
		tamper func(tx *bolt.Tx) error
	}{
		{"a flipped bit", func(tx *bolt.Tx) error {
			v := bytes.Clone(tx.Bucket(bPlans).Get(relA))
			v[len(v)/2] ^= 4
			return tx.Bucket(bPlans).Put(relA, v)
		}},
		{"another record's value of the same relationship", func(tx *bolt.Tx) error {
			b := tx.Bucket(bFollowUps)
			var keys, vals [][]byte
			c := b.Cursor()
			for k, v := c.Seek(relA); k != nil && bytes.HasPrefix(k, relA); k, v = c.Next() {
				keys, vals = append(keys, bytes.Clone(k)), append(vals, bytes.Clone(v))
			}
			if len(keys) < 2 {
				return fmt.Errorf("%d follow-ups of A", len(keys))
			}
			if err := b.Put(keys[0], vals[1]); err != nil {
				return err
			}
			return b.Put(keys[1], vals[0])
		}},
		{"another relationship's value", func(tx *bolt.Tx) error {
			return tx.Bucket(bPlans).Put(relA, bytes.Clone(tx.Bucket(bPlans).Get(relB)))
		}},
		{"a value of another bucket", func(tx *bolt.Tx) error {
			return tx.Bucket(bPlans).Put(relA, bytes.Clone(tx.Bucket(bRels).Get(relA)))
		}},
		{"a plain value", func(tx *bolt.Tx) error {
			w, err := wrap(nil, bPlans, relA, []byte(`{}`))
			if err != nil {
				return err
			}
			return tx.Bucket(bPlans).Put(relA, w)
		}},
	} {
		cp := filepath.Join(t.TempDir(), "journal.db")
		mustNil(t, copyFile(path, cp, 0, nil))
		db, err := bolt.Open(cp, 0o600, nil)
		mustNil(t, err)
		mustNil(t, db.Update(c.tamper))
		mustNil(t, db.Close())
		s, err := Open(cp, Options{Passphrase: "pass word"})
		mustNil(t, err)
		if _, err := s.LoadFull(ctx, a.Rel.ID); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "restore") {
			t.Errorf("%s: loading the relationship: %v, want damage", c.name, err)
		}
		if f, err := s.LoadFull(ctx, b.Rel.ID); err != nil || len(f.Sessions) != 1 {
			t.Errorf("%s: the other relationship: %v", c.name, err)
		}
		if err := s.Check(); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: the check: %v, want damage", c.name, err)
		}
		mustNil(t, s.Close())
	}
}

// Erasing a relationship leaves none of its texts or names in the file,
// whether the journal is encrypted or not, and every other one intact.
func TestEraseLeavesNoTrace(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		s, a, b, pa, _, _ := phrasedJournal(t)
		if encrypted {
			_, err := s.Encrypt(ctx, "pass word")
			mustNil(t, err)
		}
		keep, err := s.LoadFull(ctx, b.Rel.ID)
		mustNil(t, err)
		mustNil(t, s.Erase(ctx, a.Rel.ID))
		names := []string{a.Rel.MenteeName, a.Rel.MentorName}
		if got := inFile(t, s.Path(), append(pa, names...)); len(got) > 0 {
			t.Errorf("encrypted %v: after erase the file holds %s", encrypted, got)
		}
		rel, _ := idBytes(a.Rel.ID)
		if raw, err := os.ReadFile(s.Path()); err != nil || bytes.Contains(raw, rel) || bytes.Contains(raw, []byte(a.Rel.ID)) {
			t.Errorf("encrypted %v: after erase the file still holds the relationship's id (%v)", encrypted, err)
		}
		if _, err := s.LoadFull(ctx, a.Rel.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("encrypted %v: the erased relationship loads: %v", encrypted, err)
		}
		after, err := s.LoadFull(ctx, b.Rel.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(after, keep) {
			t.Errorf("encrypted %v: the other relationship changed", encrypted)
		}
		sums, err := s.ListSummaries(ctx)
		mustNil(t, err)
		if len(sums) != 1 {
			t.Errorf("encrypted %v: %d relationships listed after erase", encrypted, len(sums))
		}
		mustNil(t, s.Check())
		if err := s.Erase(ctx, a.Rel.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("erasing it again: %v", err)
		}
	}
}

// A kill -9 at each step of encrypt, passwd, decrypt and erase leaves the
// journal as it was, opened by the passphrase in force before (and the
// temporary file gone at the next open), or, once the new file is in
// place, the new journal with the new passphrase; nothing is lost.
func TestKillDuringRewrite(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	for _, op := range []struct{ name, before, after string }{
		{"encrypt", "", "new pass"},
		{"passwd", "old pass", "new pass"},
		{"decrypt", "old pass", ""},
		{"erase", "old pass", "old pass"},
	} {
		for _, step := range []string{"started", "written", "verified", "in place"} {
			t.Run(op.name+"/"+strings.ReplaceAll(step, " ", "_"), func(t *testing.T) {
				s, a, b, pa, _, _ := phrasedJournal(t)
				if op.before != "" {
					_, err := s.Encrypt(ctx, op.before)
					mustNil(t, err)
				}
				want := exportString(t, s)
				path := s.Path()
				mustNil(t, s.Close())
				cmd, out, in := child(t, "rewrite", path, "MENTORLOG_STORE_OP="+op.name, "MENTORLOG_STORE_STOP="+step,
					"MENTORLOG_STORE_PASS="+op.before, "MENTORLOG_STORE_NEW="+op.after, "MENTORLOG_STORE_REL="+string(a.Rel.ID))
				said := ""
				for out.Scan() {
					if said = out.Text(); said == "at "+step || strings.HasPrefix(said, "error") {
						break
					}
				}
				_ = cmd.Process.Kill()
				in.Close()
				_ = cmd.Wait()
				if said != "at "+step {
					t.Fatalf("the child never reached %q: %q", step, said)
				}
				pass, done := op.before, step == "in place"
				if done {
					pass = op.after
				}
				s, err := Open(path, Options{Passphrase: pass, Now: (&clock{t: t0}).Now})
				if err != nil {
					t.Fatalf("after a kill at %q the journal does not open with %q: %v", step, pass, err)
				}
				defer s.Close()
				mustNil(t, s.Check())
				if left, _ := filepath.Glob(path + rewriteSuffix + "*"); len(left) > 0 {
					t.Errorf("the open after the kill left %v", left)
				}
				if op.name == "erase" && done {
					if _, err := s.LoadFull(ctx, a.Rel.ID); !errors.Is(err, ErrNotFound) {
						t.Errorf("erased, then killed: %v", err)
					}
					if got := inFile(t, path, pa); len(got) > 0 {
						t.Errorf("erased, then killed: the file holds %s", got)
					}
					if _, err := s.LoadFull(ctx, b.Rel.ID); err != nil {
						t.Error(err)
					}
					return
				}
				if got := exportString(t, s); got != want {
					t.Errorf("after a kill at %q the journal's export changed", step)
				}
			})
		}
	}
}

// FuzzCryptHeader: any bytes as an encryption header are read or refused
// as damage, and unlocking with any passphrase never panics.
func FuzzCryptHeader(f *testing.F) {
	h, _, err := newHeader(bytes.Repeat([]byte{7}, keySize), "pass word")
	if err != nil {
		f.Fatal(err)
	}
	good, err := json.Marshal(h)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, "pass word")
	f.Add([]byte(`{"version":1,"kdf":"argon2id","params":{"time":1,"memory_kib":8,"threads":1},"salt":"AAAAAAAAAAAAAAAAAAAAAA=="}`), "AGE-SECRET-KEY-1")
	f.Fuzz(func(t *testing.T, v []byte, pass string) {
		h, err := parseHeader(v)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("error %v is not ErrDamaged", err)
			}
			return
		}
		if h.Params.Time > 3 || h.Params.Memory > 1<<10 {
			return // a real cost: too slow for a fuzzer's every input
		}
		_, _ = h.unlock(pass)
	})
}

// FuzzSealed: any bytes stored as a sealed value fail to open unless they
// are what seal wrote; a draft that opens splits or is refused as damage.
func FuzzSealed(f *testing.F) {
	r, err := newKeyring(bytes.Repeat([]byte{9}, keySize))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seal(r.journal, bDrafts, []byte("k"), draftPayload(true, "form/x", []byte(`{"fields":{}}`))))
	f.Add([]byte{envSealed})
	f.Fuzz(func(t *testing.T, v []byte) {
		p, ok := unseal(r.journal, bDrafts, []byte("k"), v)
		if !ok {
			return
		}
		if _, _, err := splitDraft(true, []byte("k"), p); err != nil && !errors.Is(err, ErrDamaged) {
			t.Fatalf("error %v is not ErrDamaged", err)
		}
	})
}

// A relationship's key made in a write that fails is not kept: the write
// that follows makes (and stores) its own, and the journal opens again.
func TestKeyOfAFailedWriteIsNotKept(t *testing.T) {
	s := openTemp(t)
	_, err := s.Encrypt(ctx, "pass word")
	mustNil(t, err)
	r := model.Relationship{ID: model.NewID(t0), MentorName: "Ann", MenteeName: "Ben", OwnerRole: model.RoleMentor, Started: date("2026-01-05"), Status: model.StatusActive, Layer: 1}
	failed := false
	s.fault = func(n int) error {
		if n == 2 {
			failed = true
			return errors.New("the disk is full")
		}
		return nil
	}
	if _, err := s.CreateRelationship(ctx, r); err == nil || !failed {
		t.Fatalf("the write with a fault: %v (fault met: %v)", err, failed)
	}
	s.fault = nil
	_, err = s.CreateRelationship(ctx, r)
	mustNil(t, err)
	s, err = reopen(t, s, "pass word")
	mustNil(t, err)
	defer s.Close()
	if _, err := s.LoadFull(ctx, r.ID); err != nil {
		t.Fatalf("after a failed write and a good one: %v", err)
	}
	mustNil(t, s.Check())
}

// Deleting a record clears the links to it, in an encrypted journal as in
// a plain one: the links were looked for in the values as stored, sealed
// there, and stayed, so that the follow-ups of a deleted session could not
// be saved again and the relationship no longer validated. A topic the
// deleted session held is planned again.
func TestDeletesClearLinksEncryptedToo(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		s := openTemp(t)
		f := fill(t, s, "Ada")
		if encrypted {
			_, err := s.Encrypt(ctx, "pass word")
			mustNil(t, err)
		}
		mustNil(t, s.DeleteSession(ctx, f.Sessions[0].ID))
		mustNil(t, s.DeleteGoal(ctx, f.Goals[0].ID))
		full, err := s.LoadFull(ctx, f.Rel.ID)
		mustNil(t, err)
		if err := full.Validate(); err != nil {
			t.Fatalf("encrypted %v: after the deletes the relationship does not validate: %v", encrypted, err)
		}
		if r := full.Roadmap[0]; r.SessionID != "" || r.GoalID != "" || r.Status != model.TopicPlanned {
			t.Errorf("encrypted %v: the topic of the deleted session and goal: %+v", encrypted, r)
		}
		if sums, err := s.ListSummaries(ctx); err != nil || len(sums) != 1 || sums[0].NextTopic != full.Roadmap[0].Topic {
			t.Errorf("encrypted %v: the summary's next topic is not the one planned again: %+v, %v", encrypted, sums, err)
		}
		if len(full.FollowUps) != 2 {
			t.Fatalf("encrypted %v: %d follow-ups, want the deleted session's 2", encrypted, len(full.FollowUps))
		}
		for _, fu := range full.FollowUps {
			if fu.SessionID != "" {
				t.Errorf("encrypted %v: a follow-up still points at the deleted session", encrypted)
			}
			fu.Text += " (edited)"
			mustNil(t, s.SaveFollowUp(ctx, fu))
		}
		mustNil(t, s.Check())
	}
}
