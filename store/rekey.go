package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
	"mentorlog/outfile"
)

// Turning encryption on and off, changing the passphrase and erasing a
// relationship all write the journal again, whole, into a new file beside
// it (rewrite): the new file holds only what it should, sealed with fresh
// keys, and none of the old pages; it is synced and checked, and only then
// renamed over the journal. A crash or a kill before the rename leaves the
// journal as it was (and a temporary file the next open removes); after
// it, the new journal.

// unlockJournal reads db's encryption header and opens its keys with
// pass; nil for a plain journal.
func unlockJournal(db *bolt.DB, path, pass string) (*keyring, error) {
	var h *cryptHeader
	if err := db.View(func(tx *bolt.Tx) (err error) {
		h, err = readHeader(tx)
		return err
	}); err != nil || h == nil {
		return nil, err
	}
	key, err := h.unlock(pass)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && errors.Is(err, ErrNeedPassphrase) {
			e.Msg = fmt.Sprintf("journal %s is encrypted: give its passphrase", path)
		}
		return nil, err
	}
	return newKeyring(key)
}

// Encrypted tells whether the journal is encrypted.
func (s *Store) Encrypted() bool {
	s.dbmu.RLock()
	defer s.dbmu.RUnlock()
	return s.ring != nil
}

// What Encrypt, ChangePassphrase and Decrypt say when the journal is not
// in the state they need.
var (
	ErrAlreadyEncrypted = errors.New("the journal is encrypted already: to change its passphrase use `mentorlog passwd`")
	ErrNotEncrypted     = errors.New("the journal is not encrypted: turn encryption on with `mentorlog encrypt`")
)

// wrongState is the error of a command that needs the journal encrypted
// (or plain) and finds it the other way.
func wrongState(encrypted bool) error {
	if encrypted {
		return ErrNotEncrypted
	}
	return ErrAlreadyEncrypted
}

// rewritePlan, run inside the rewrite's read of the journal (ring: its
// keys now), gives the new file's keys (nil: plain) and header.
type rewritePlan func(tx *bolt.Tx, ring *keyring) (*keyring, *cryptHeader, error)

// Encrypt turns a plain journal into an encrypted one, unlocked by
// passphrase, and returns its recovery key, which unlocks it too and is
// kept nowhere: the caller shows it once.
func (s *Store) Encrypt(ctx context.Context, passphrase string) (recovery string, err error) {
	return s.rekey(ctx, passphrase, false)
}

// ChangePassphrase gives an encrypted journal a new passphrase, and new
// keys throughout, so the old passphrase and the old recovery key open
// nothing; it returns the new recovery key.
func (s *Store) ChangePassphrase(ctx context.Context, passphrase string) (recovery string, err error) {
	return s.rekey(ctx, passphrase, true)
}

func (s *Store) rekey(ctx context.Context, passphrase string, encrypted bool) (string, error) {
	if s.Encrypted() != encrypted { // checked again in the rewrite; this spares argon2id
		return "", wrongState(encrypted)
	}
	key := randomBytes(keySize)
	h, recovery, err := newHeader(key, passphrase)
	if err != nil {
		return "", err
	}
	// The header must give the key back, from either secret, before any
	// file depends on it.
	for _, secret := range []string{passphrase, recovery} {
		if got, err := h.unlock(secret); err != nil || !bytes.Equal(got, key) {
			return "", fmt.Errorf("the new keys did not check out (%v): nothing was changed", err)
		}
	}
	ring, err := newKeyring(key)
	if err != nil {
		return "", err
	}
	return recovery, s.rewrite(ctx, func(_ *bolt.Tx, now *keyring) (*keyring, *cryptHeader, error) {
		if (now != nil) != encrypted {
			return nil, nil, wrongState(encrypted)
		}
		return ring, h, nil
	}, nil)
}

// Decrypt turns an encrypted journal into a plain one.
func (s *Store) Decrypt(ctx context.Context) error {
	return s.rewrite(ctx, func(_ *bolt.Tx, now *keyring) (*keyring, *cryptHeader, error) {
		if now == nil {
			return nil, nil, ErrNotEncrypted
		}
		return nil, nil, nil
	}, nil)
}

// Erase removes relationship rel and everything of it from the journal
// for good: its records, summary, search texts, revisions, drafts and, in
// an encrypted journal, its key. The journal is written again without
// them, so no page of the file holds any of it.
func (s *Store) Erase(ctx context.Context, relID model.ID) error {
	rel, ok := idBytes(relID)
	if !ok {
		return notFound("relationship", relID)
	}
	return s.rewrite(ctx, func(tx *bolt.Tx, now *keyring) (*keyring, *cryptHeader, error) {
		if tx.Bucket(bRels).Get(rel) == nil {
			return nil, nil, notFound("relationship", relID)
		}
		if now == nil {
			return nil, nil, nil
		}
		h, err := readHeader(tx)
		if err != nil {
			return nil, nil, err
		}
		// The same journal key, so the same passphrase; every
		// relationship's key is made anew as it is written.
		ring, err := newKeyring(now.key)
		return ring, h, err
	}, rel)
}

// rewriteSuffix names the temporary file of a rewrite.
const rewriteSuffix = ".rewriting"

// removeLeftRewrites removes what a rewrite killed before its rename left
// beside the journal at path; Open calls it holding the journal's lock, so
// no rewrite is running.
func removeLeftRewrites(path string) {
	real := path
	if t, err := outfile.Resolve(path); err == nil {
		real = t.Path
	}
	left, _ := filepath.Glob(real + rewriteSuffix + "*")
	for _, f := range left {
		_ = os.Remove(f)
	}
}

// testRewriteStep, set by tests, is called at each step of a rewrite.
var testRewriteStep func(step string)

// rewrite writes the journal into a new file with the keys and header
// plan gives, leaving out relationship skip (nil: none), and puts it in
// place of the journal. It holds the journal whole while it works.
func (s *Store) rewrite(ctx context.Context, plan rewritePlan, skip []byte) error {
	return s.replaceJournal(ctx, func(tmp string) (*keyring, error) {
		dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: s.opt.Timeout})
		if err != nil {
			return nil, fmt.Errorf("cannot write the new journal %s: %w; nothing was changed", tmp, err)
		}
		var counts map[string]int
		var to *keyring
		err = s.db.View(func(src *bolt.Tx) error {
			var h *cryptHeader
			var err error
			if to, h, err = plan(src, s.ring); err != nil {
				return err
			}
			if to != nil {
				rings.Store(dst, to)
			}
			counts, err = copyJournal(src, dst, to, h, skip)
			return err
		})
		rings.Delete(dst)
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = syncFile(tmp)
		}
		if errors.Is(err, ErrAlreadyEncrypted) || errors.Is(err, ErrNotEncrypted) || errors.Is(err, ErrNotFound) {
			return nil, err
		}
		if err != nil {
			return nil, fmt.Errorf("writing the new journal failed (%w); nothing was changed", err)
		}
		testStep("written")
		if err := verifyRewrite(tmp, s.path, to, counts); err != nil {
			return nil, fmt.Errorf("the new journal did not check out (%w); nothing was changed", err)
		}
		testStep("verified")
		return to, nil
	})
}

// ErrReopen: the journal was written anew and put in place, but cannot be
// opened now; what was done is in it.
var ErrReopen = errors.New("the journal was written again, but cannot be opened now")

// batchBytes is how much a transaction that writes a journal anew (a
// rewrite, a staged import) holds before it commits: such a transaction
// keeps what it writes in memory.
const batchBytes = 8 << 20

// errKeepJournal is what replaceJournal's build returns when the new
// file would hold what the journal does: the journal stays.
var errKeepJournal = errors.New("nothing to change")

// testStep calls testRewriteStep, when a test set it.
func testStep(name string) {
	if testRewriteStep != nil {
		testRewriteStep(name)
	}
}

// replaceJournal has build write a new journal into the file tmp, beside
// the journal, and puts it in place of the journal, opened with the keys
// build returns (nil: plain). It holds the journal whole while it works;
// if build fails, or finds nothing to change (errKeepJournal), the
// journal is as it was and tmp is removed.
func (s *Store) replaceJournal(ctx context.Context, build func(tmp string) (*keyring, error)) (err error) {
	if s.opt.ReadOnly {
		return fmt.Errorf("journal %s is open read-only: nothing was changed", s.path)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.dbmu.Lock()
	defer s.dbmu.Unlock()
	defer guard(&err, s.path)()
	if s.db == nil {
		return fmt.Errorf("journal %s is closed", s.path)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	t, err := outfile.Resolve(s.path) // the file the journal's links lead to, as the store's other writes find it
	if err != nil {
		return fmt.Errorf("cannot find the journal %s: %w", s.path, err)
	}
	real := t.Path
	dir := filepath.Dir(real)
	f, err := os.CreateTemp(dir, filepath.Base(real)+rewriteSuffix+"*") // mode 0600
	if err != nil {
		return fmt.Errorf("cannot write the new journal beside %s (%v): check the free space and the folder's permissions; nothing was changed", real, err)
	}
	tmp := f.Name()
	_ = f.Close()
	placed := false
	defer func() {
		if !placed {
			_ = os.Remove(tmp)
		}
	}()
	testStep("started")
	to, err := build(tmp)
	if errors.Is(err, errKeepJournal) {
		return nil
	}
	if err != nil {
		return err
	}
	// The new file keeps the journal's permissions (a user's 0640 too).
	if fi, err := os.Stat(real); err == nil {
		_ = os.Chmod(tmp, fi.Mode().Perm())
	}
	if err := os.Rename(tmp, real); err != nil {
		return fmt.Errorf("cannot put the new journal in place of %s (%v); nothing was changed", real, err)
	}
	placed = true
	_ = outfile.SyncDir(dir)
	testStep("in place")

	// From here on the journal is the new file: open it in place of the
	// old one, whose lock goes with it.
	rings.Delete(s.db)
	_ = s.db.Close()
	s.db = nil
	db, err := openLocked(s.path, s.opt.Timeout)
	if err != nil {
		return fmt.Errorf("%w (%v): start mentorlog again", ErrReopen, err)
	}
	if to != nil {
		rings.Store(db, to)
	}
	s.db, s.ring = db, to
	return nil
}

// copyJournal copies every bucket of src into dst, each value sealed with
// the keys of to (nil: plain), meta with header h, and without the values
// of relationship skip; it returns how many keys it wrote per bucket.
func copyJournal(src *bolt.Tx, dst *bolt.DB, to *keyring, h *cryptHeader, skip []byte) (map[string]int, error) {
	counts := map[string]int{}
	fromSealed := ringOf(src) != nil
	tx, err := dst.Begin(true)
	if err != nil {
		return nil, err
	}
	defer func() {
		if tx != nil {
			_ = tx.Rollback()
		}
	}()
	// Commit every few MiB: a large journal is not held in memory whole.
	pending := 0
	flush := func(force bool) error {
		if pending < batchBytes && !force {
			return nil
		}
		err := tx.Commit()
		tx = nil
		if err != nil {
			return err
		}
		pending = 0
		if !force {
			tx, err = dst.Begin(true)
		}
		return err
	}
	skipID := string(idOf(skip)) // anywhere in a screen's name: erase leaves no draft that names it
	err = src.ForEach(func(name []byte, b *bolt.Bucket) error {
		if bytes.Equal(name, bKeys) {
			return nil // each relationship gets a new key as its first value is written
		}
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
		meta := bytes.Equal(name, bMeta)
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil {
				return fmt.Errorf("the journal holds a bucket %q inside %q that this mentorlog does not know", k, name)
			}
			var err error
			switch {
			case meta:
				if bytes.Equal(k, kCrypt) || bytes.Equal(k, kIdentity) {
					continue
				}
				err = tx.Bucket(bMeta).Put(k, v)
			case bytes.Equal(name, bDrafts):
				var p, draft []byte
				var screen string
				if p, err = unwrap(src, name, k, v); err != nil {
					return err
				}
				if screen, draft, err = splitDraft(fromSealed, k, p); err != nil {
					return err
				}
				if skip != nil && strings.Contains(screen, skipID) {
					continue
				}
				key := []byte(screen)
				if to != nil {
					key = draftKeyWith(to, screen)
				}
				err = put(tx, name, key, draftPayload(to != nil, screen, draft))
			default:
				var p []byte
				if p, err = unwrap(src, name, k, v); err != nil {
					return err
				}
				if skip != nil && (relKeyed[string(name)] && bytes.HasPrefix(k, skip) ||
					bytes.Equal(name, bRecords) && len(p) > 1 && bytes.HasPrefix(p[1:], skip)) {
					continue
				}
				err = put(tx, name, k, p)
			}
			if err != nil {
				return err
			}
			counts[string(name)]++
			pending += len(k) + len(v)
			if err := flush(false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	secret, err := metaSecret(src, kIdentity)
	if err != nil {
		return nil, err
	}
	if secret != "" {
		if err := putMetaSecret(tx, kIdentity, secret); err != nil {
			return nil, err
		}
		counts[string(bMeta)]++
	}
	if h != nil {
		v, err := json.Marshal(h)
		if err != nil {
			return nil, err
		}
		if err := tx.Bucket(bMeta).Put(kCrypt, v); err != nil {
			return nil, err
		}
		counts[string(bMeta)]++
	}
	return counts, flush(true)
}

// verifyRewrite opens the new journal at path with the keys of to and
// checks it whole (journal names the journal in messages), the keys of its
// relationships included, and that it
// holds as many keys in each bucket as were written.
func verifyRewrite(path, journal string, to *keyring, counts map[string]int) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if to != nil {
		// A ring that knows only the journal key: every relationship's
		// key is read back from the new file, as the next open will.
		fresh, err := newKeyring(to.key)
		if err != nil {
			return err
		}
		rings.Store(db, fresh)
		defer rings.Delete(db)
	}
	return db.View(func(tx *bolt.Tx) error {
		if err := checkTx(tx, journal); err != nil {
			return err
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if bytes.Equal(name, bKeys) {
				return nil
			}
			if n := b.Stats().KeyN; n != counts[string(name)] {
				return fmt.Errorf("%s holds %d keys, %d were written", name, n, counts[string(name)])
			}
			return nil
		})
	})
}
