package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"mentorlog/outfile"
)

// Sentinel errors. Every error the store returns for these cases wraps one
// of them (errors.Is) and says in its message what to do.
var (
	ErrLocked       = errors.New("journal is locked by another process")
	ErrNotFound     = errors.New("not found")
	ErrNewerVersion = errors.New("journal written by a newer mentorlog")
	ErrOlderLayout  = errors.New("journal in an older layout")
	ErrNotJournal   = errors.New("not a mentorlog journal")
	ErrDamaged      = errors.New("journal file is damaged")
)

// Error is a store error: a message for people that wraps a sentinel.
type Error struct {
	Msg  string
	Kind error // one of the sentinels
	Err  error // the cause, if any
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the sentinel and the cause.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

func fail(kind error, cause error, format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), Kind: kind, Err: cause}
}

func notFound(what string, id any) error {
	return fail(ErrNotFound, nil, "no %s %v in this journal: it may have been deleted; reload and try again", what, id)
}

// Options tune Open.
type Options struct {
	Timeout  time.Duration    // how long to wait for another process's lock; 0 means 1s
	ReadOnly bool             // open without writing; the file must exist and be current
	Now      func() time.Time // clock for Created/Updated; nil means time.Now
	// Passphrase unlocks an encrypted journal (a recovery key works too);
	// without it Open refuses one with ErrNeedPassphrase.
	Passphrase string
	// Upgrading, when set, is called before a journal in an older layout
	// is upgraded (which can take seconds for a large one): the app and
	// the commands say so.
	Upgrading func()
}

// Store is an open journal. Its methods are safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
	opt  Options
	ring *keyring // an encrypted journal's keys; nil when plain

	// dbmu guards db, which a rewrite (crypt.go) replaces: transactions
	// hold it shared, the rewrite alone.
	dbmu sync.RWMutex

	wmu sync.Mutex // one write transaction at a time, in the order they were asked for

	// fault, set by tests, is called before each record write of a user
	// action with its number (1, 2, ...); an error fails the action.
	fault func(n int) error
}

// Path is the journal file's path.
func (s *Store) Path() string { return s.path }

// Close releases the file and its lock.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	s.dbmu.Lock()
	defer s.dbmu.Unlock()
	if s.db == nil {
		return nil
	}
	rings.Delete(s.db)
	err := s.db.Close()
	s.db = nil
	return err
}

func (s *Store) now() time.Time {
	if s.opt.Now != nil {
		return s.opt.Now().UTC().Round(0)
	}
	return time.Now().UTC().Round(0)
}

// guard turns a panic in bbolt (a damaged page, or a fault in the mapped
// file) into ErrDamaged. Use: defer guard(&err, path)().
func guard(err *error, path string) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			*err = fail(ErrDamaged, nil, "journal %s is damaged (%v): restore it from a backup; the file was not changed", path, r)
		}
	}
}

func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	return s.viewMany(1, func(txs []*bolt.Tx) error { return fn(txs[0]) })
}

// viewMany is view with n read transactions (n at least 1) on the same
// state of the file, for reading on several cores: a transaction is not
// for sharing between goroutines. Several are begun while no write is
// under way (wmu, taken before dbmu as a write and a rewrite take them):
// bbolt's read transactions wait on a write that is growing the file, so
// beginning one while holding another could otherwise wait forever. fn's
// goroutines must be done with them before it returns.
func (s *Store) viewMany(n int, fn func(txs []*bolt.Tx) error) (err error) {
	defer guard(&err, s.path)()
	begun := func() {}
	if n > 1 {
		s.wmu.Lock()
		begun = s.wmu.Unlock
	}
	s.dbmu.RLock()
	defer s.dbmu.RUnlock()
	if s.db == nil {
		begun()
		return fmt.Errorf("journal %s is closed", s.path)
	}
	txs := make([]*bolt.Tx, 0, n)
	defer func() {
		for _, tx := range txs {
			_ = tx.Rollback()
		}
	}()
	for range n {
		tx, err := s.db.Begin(false)
		if err != nil {
			begun()
			return err
		}
		txs = append(txs, tx)
	}
	begun()
	return fn(txs)
}

func (s *Store) update(fn func(tx *bolt.Tx) error) (err error) {
	if s.opt.ReadOnly {
		return fmt.Errorf("journal %s is open read-only: nothing was saved", s.path)
	}
	defer guard(&err, s.path)()
	s.dbmu.RLock()
	defer s.dbmu.RUnlock()
	if s.db == nil {
		return fmt.Errorf("journal %s is closed", s.path)
	}
	return s.db.Update(fn)
}

// Open opens the journal at path, creating it (folder 0700, file 0600) when
// it does not exist; a new journal appears whole or not at all (create). A
// file that is empty, damaged, not a journal, or from a newer mentorlog is
// refused and left untouched. An older journal is copied to
// "<path>.pre-v<N>.bak" and then upgraded in one transaction.
func Open(path string, opt Options) (st *Store, err error) {
	defer guard(&err, path)()
	if opt.Timeout <= 0 {
		opt.Timeout = time.Second
	}
	fi, statErr := os.Stat(path)
	if errors.Is(statErr, os.ErrNotExist) {
		if opt.ReadOnly {
			return nil, fail(ErrNotFound, statErr, "no journal at %s: check the path or pass another --db", path)
		}
		if err := create(path, opt); err != nil {
			return nil, err
		}
		fi, statErr = os.Stat(path)
	}
	switch {
	case statErr != nil:
		return nil, fmt.Errorf("cannot read journal %s: %w", path, statErr)
	case fi.IsDir():
		return nil, fail(ErrNotJournal, nil, "%s is a folder, not a mentorlog journal: pass the journal file with --db", path)
	case fi.Size() == 0:
		// mentorlog never leaves one (create), but an older version
		// killed while it started a journal did, and so does touch.
		return nil, fail(ErrNotJournal, nil, "%s is an empty file (0 bytes), not a mentorlog journal: if a first start of mentorlog was interrupted, delete it and start again; if it is not yours, pass another --db. The file was not changed", path)
	}
	if !testSkipHeaderCheck {
		if err := checkHeader(path); err != nil {
			return nil, err
		}
	}

	// Look first, read-only: bbolt may write to a file it opens for writing.
	ro, err := openBolt(path, opt.Timeout, true)
	if err != nil {
		return nil, err
	}
	ver, err := journalVersion(ro, path)
	if err == errBlank {
		_ = ro.Close()
		if opt.ReadOnly {
			// bbolt made the file (an interrupted first start of an old
			// mentorlog, or another program) and nothing wrote to it.
			return nil, fail(ErrNotJournal, nil, "%s is an empty bbolt file with no journal in it yet: open it once with `mentorlog --db %s` to start a journal there, or pass another --db. The file was not changed", path, path)
		}
		return initialise(path, opt)
	}
	if err != nil {
		_ = ro.Close()
		return nil, err
	}
	ring, err := unlockJournal(ro, path, opt.Passphrase)
	if err != nil {
		_ = ro.Close()
		return nil, err
	}
	if ver < SchemaVersion {
		if opt.ReadOnly {
			_ = ro.Close()
			return nil, fail(ErrOlderLayout, nil, "journal %s uses an older layout (version %d): open it once for writing (the app, or any command that changes it) to upgrade it; the old file is kept as %s.pre-v%d.bak", path, ver, path, SchemaVersion)
		}
		if opt.Upgrading != nil {
			opt.Upgrading()
		}
		bak := fmt.Sprintf("%s.pre-v%d.bak", path, SchemaVersion)
		err := ro.View(func(tx *bolt.Tx) error { return outfile.WriteFile(bak, writeTx(tx)) })
		_ = ro.Close()
		if err != nil {
			return nil, fmt.Errorf("journal %s needs an upgrade, but the backup copy %s could not be written (%v): free some space or fix the folder's permissions; nothing was changed", path, bak, err)
		}
	} else if opt.ReadOnly {
		if ring != nil {
			rings.Store(ro, ring)
		}
		return &Store{db: ro, path: path, opt: opt, ring: ring}, nil
	} else {
		_ = ro.Close()
	}

	db, err := openLocked(path, opt.Timeout)
	if err != nil {
		return nil, err
	}
	// The keys of the file now locked: another mentorlog may have
	// encrypted or rekeyed it since the look above (the passphrase's key
	// is cached, so this costs no second derivation).
	if ring, err = unlockJournal(db, path, opt.Passphrase); err != nil {
		_ = db.Close()
		return nil, err
	}
	st = &Store{db: db, path: path, opt: opt, ring: ring}
	if ring != nil {
		rings.Store(db, ring)
	}
	ver, err = journalVersion(db, path)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	removeLeftRewrites(path)
	if ver < SchemaVersion {
		if err := st.migrate(ver); err != nil {
			_ = st.Close()
			return nil, err
		}
	}
	return st, nil
}

// testCreateStep, set by tests, is called at each step of create with
// its name, so that a test can stop (or kill) the process there.
var testCreateStep func(step string)

// create makes a new journal at path, following a symbolic link that
// points nowhere yet to where it points. It is laid out in a temporary
// file in the same folder, synced, and then linked into place: a kill or
// a crash at any moment leaves no journal or a whole one, never the empty
// file that bbolt creating it in place could leave and that every later
// Open refuses. A journal another mentorlog created at path meanwhile is
// kept as it is; Open then opens that one.
func create(path string, opt Options) (err error) {
	step := func(name string) {
		if testCreateStep != nil {
			testCreateStep(name)
		}
	}
	t, err := outfile.Resolve(path)
	if err != nil {
		return err
	}
	target := t.Path
	dir := filepath.Dir(target)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("cannot create the journal's folder %s (%v): create it yourself or pass another --db", dir, err)
		}
	}
	f, err := os.CreateTemp(dir, filepath.Base(target)+".creating*") // mode 0600
	if err != nil {
		return fmt.Errorf("cannot create the journal %s (%v): check that you may write in %s, or pass another --db", path, errors.Unwrap(err), dir)
	}
	tmp := f.Name()
	defer func() { _ = os.Remove(tmp) }() // on every way out before it is in place
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot create the journal %s: %w", path, err)
	}
	step("temporary file")

	db, err := openBolt(tmp, opt.Timeout, false)
	if err != nil {
		return err
	}
	st := &Store{db: db, path: path, opt: opt}
	err = st.update(func(tx *bolt.Tx) error {
		if err := createBuckets(tx); err != nil {
			return err
		}
		return setSchema(tx, SchemaVersion)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot create the journal %s (%v): check the free space in %s; nothing was created", path, err, dir)
	}
	step("laid out")
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("cannot create the journal %s: syncing it to disk failed (%v); nothing was created", path, err)
	}
	step("synced")

	// A link, not a rename: a rename would replace a journal that another
	// mentorlog created at the same moment, and then started writing to.
	switch err := os.Link(tmp, target); {
	case err == nil:
	case errors.Is(err, os.ErrExist):
		return nil
	default:
		// No hard links on this file system (some network and FAT ones):
		// rename, unless a journal has appeared meanwhile.
		if _, lerr := os.Lstat(target); !errors.Is(lerr, os.ErrNotExist) {
			return nil
		}
		if err := os.Rename(tmp, target); err != nil {
			return fmt.Errorf("cannot create the journal %s: %w", path, err)
		}
	}
	_ = os.Remove(tmp) // now a second name of the journal
	step("in place")
	// The journal is in place; syncing the folder makes that survive a
	// crash where the file system supports it.
	_ = outfile.SyncDir(dir)
	return nil
}

// initialise opens path for writing and lays out a new journal in it; path
// must be a bbolt file without any bucket (bbolt wrote its header, but no
// journal was laid out yet).
func initialise(path string, opt Options) (*Store, error) {
	db, err := openBolt(path, opt.Timeout, false)
	if err != nil {
		return nil, err
	}
	st := &Store{db: db, path: path, opt: opt}
	err = st.update(func(tx *bolt.Tx) error {
		blank := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { blank = false; return nil })
		if !blank {
			return fail(ErrNotJournal, nil, "%s is a bbolt file but not a mentorlog journal: pass another --db; the file was not changed", path)
		}
		if err := createBuckets(tx); err != nil {
			return err
		}
		return setSchema(tx, SchemaVersion)
	})
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return st, nil
}

// openLocked opens the journal at path for writing, holding its lock, and
// makes sure the lock is the journal's: a rewrite by another mentorlog
// (encrypt, passwd, erase) puts a new file at path, and a lock taken on
// the file it replaced would guard nothing.
func openLocked(path string, timeout time.Duration) (*bolt.DB, error) {
	for tries := 0; ; tries++ {
		before, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("cannot read journal %s: %w", path, err)
		}
		db, err := openBolt(path, timeout, false)
		if err != nil {
			return nil, err
		}
		after, err := os.Stat(path)
		if err == nil && os.SameFile(before, after) {
			return db, nil
		}
		_ = db.Close()
		if tries == 3 {
			return nil, fail(ErrLocked, err, "journal %s keeps being replaced by another mentorlog: try again when it is done", path)
		}
	}
}

// initialMmap is the address space a journal opened for writing maps up
// front; tests make it small, so that the file grows past it.
var initialMmap = 1 << 30

func openBolt(path string, timeout time.Duration, readOnly bool) (*bolt.DB, error) {
	o := &bolt.Options{Timeout: timeout, ReadOnly: readOnly}
	if !readOnly {
		// Map 1 GiB of address space up front (not memory): when the file
		// grows, bbolt remaps and first copies every key and value the
		// transaction holds, which made a large import spend most of its
		// time in copies.
		o.InitialMmapSize = initialMmap
	}
	db, err := bolt.Open(path, 0o600, o)
	if err == nil {
		// With a large mapping bbolt grows the file AllocSize at a time
		// (default 16 MiB, sparse); keep a new journal small on disk.
		db.AllocSize = 1 << 20
		return db, nil
	}
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fail(ErrLocked, err, "journal is already open by another mentorlog (%s): close it first", path)
	}
	if errors.Is(err, os.ErrPermission) {
		return nil, fmt.Errorf("cannot open journal %s: %w: check the file's owner and mode (it should be 0600 and yours)", path, err)
	}
	if errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrChecksum) || errors.Is(err, berrors.ErrVersionMismatch) {
		return nil, fail(ErrDamaged, err, "journal %s is damaged or not a mentorlog journal (%v): restore it from a backup or pass another --db; the file was not changed", path, err)
	}
	return nil, fmt.Errorf("cannot open journal %s: %w", path, err)
}

var errBlank = errors.New("blank bbolt file")

// testSkipHeaderCheck lets a test show that bbolt's own faults on a
// damaged file are caught too, not only the header check's findings.
var testSkipHeaderCheck = false

// journalVersion reads the marker and schema version.
func journalVersion(db *bolt.DB, path string) (ver int, err error) {
	defer guard(&err, path)()
	err = db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m == nil {
			blank := true
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { blank = false; return nil })
			if blank {
				return errBlank
			}
			return fail(ErrNotJournal, nil, "%s is a bbolt database but not a mentorlog journal: pass another --db; the file was not changed", path)
		}
		if string(m.Get(kApp)) != appMarker {
			return fail(ErrNotJournal, nil, "%s is not a mentorlog journal (no mentorlog marker): pass another --db; the file was not changed", path)
		}
		v, err := strconv.Atoi(string(m.Get(kSchema)))
		if err != nil || v < 1 {
			return fail(ErrDamaged, err, "journal %s has an unreadable schema version %q: restore it from a backup; the file was not changed", path, m.Get(kSchema))
		}
		ver = v
		if v > SchemaVersion {
			return fail(ErrNewerVersion, nil, "journal %s was written by a newer mentorlog (layout version %d; this one reads up to %d): update mentorlog; the file was not changed", path, v, SchemaVersion)
		}
		return nil
	})
	return ver, err
}

func (s *Store) migrate(from int) error {
	return s.update(func(tx *bolt.Tx) error {
		v := from
		for _, m := range migrations {
			if m.To <= v {
				continue
			}
			if m.To != v+1 {
				return fmt.Errorf("no upgrade path from layout version %d to %d", v, m.To)
			}
			if err := m.Run(tx); err != nil {
				return fmt.Errorf("upgrading journal %s to version %d (%s) failed: %w; nothing was changed, the copy %s.pre-v%d.bak is also there", s.path, m.To, m.What, err, s.path, SchemaVersion)
			}
			v = m.To
		}
		if v != SchemaVersion {
			return fmt.Errorf("no upgrade path from layout version %d to %d", v, SchemaVersion)
		}
		return setSchema(tx, SchemaVersion)
	})
}

// bbolt's meta page, as laid out after a 16-byte page header.
const (
	boltMagic   = 0xED0CDAED
	boltVersion = 2
	pageHeader  = 16
	metaSumLen  = 56 // bytes covered by the checksum
)

type metaInfo struct {
	ok       bool
	pageSize uint32
	pgid     uint64
	txid     uint64
}

func parseMeta(p []byte) metaInfo {
	if len(p) < pageHeader+metaSumLen+8 {
		return metaInfo{}
	}
	m := p[pageHeader:]
	le := binary.LittleEndian
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion {
		return metaInfo{}
	}
	if fnv64a(m[:metaSumLen]) != le.Uint64(m[metaSumLen:]) {
		return metaInfo{}
	}
	ps := le.Uint32(m[8:])
	if ps < 512 || ps > 1<<24 || ps&(ps-1) != 0 {
		return metaInfo{}
	}
	return metaInfo{ok: true, pageSize: ps, pgid: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}
}

// checkHeader validates bbolt's two meta pages and the file's length before
// bbolt touches the file, so a truncated or foreign file is refused
// instead of crashing the process or being rewritten.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read journal %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("cannot read journal %s: %w", path, err)
	}
	size := fi.Size()
	damaged := func(why string) error {
		return fail(ErrDamaged, nil, "journal %s is damaged or not a mentorlog journal (%s): restore it from a backup or pass another --db; the file was not changed", path, why)
	}
	buf := make([]byte, 4096)
	n, err := f.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return fmt.Errorf("cannot read journal %s: %w", path, err)
	}
	buf = buf[:n]
	m0 := parseMeta(buf)
	var m1 metaInfo
	sizes := []uint32{m0.pageSize}
	if !m0.ok {
		sizes = []uint32{1024, 2048, 4096, 8192, 16384, 32768, 65536}
	}
	for _, ps := range sizes {
		p := make([]byte, 128)
		if n, _ := f.ReadAt(p, int64(ps)); n == len(p) {
			if m := parseMeta(p); m.ok && m.pageSize == ps {
				m1 = m
				break
			}
		}
	}
	best := m0
	if !m0.ok || m1.ok && m1.txid > m0.txid {
		best = m1
	}
	if !best.ok {
		return damaged("no valid bbolt header")
	}
	if m0.ok != m1.ok {
		// bbolt would open it on the one good copy of its header, which
		// may be the one before the last save: the journal would silently
		// go back one save, and the next save would overwrite what was lost.
		return fail(ErrDamaged, nil, "journal %s is damaged: one of its two header pages is unreadable, so opening it could silently undo the last save; restore it from a backup (or, to accept the state before the last save, copy the file and open the copy); the file was not changed", path)
	}
	if need := int64(best.pgid) * int64(best.pageSize); size < need {
		return damaged(fmt.Sprintf("the file is %d bytes but should be at least %d: it was cut short", size, need))
	}
	return nil
}
