package store

import (
	"bytes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"mentorlog/model"
)

// Encryption at rest. An encrypted journal has a random journal key and,
// for each relationship, a random data key. Every value of a relationship
// (its records, summary, search texts, indexes, revisions and partner) is
// sealed with its data key; every other value (the record index, drafts,
// templates) and the data keys themselves (bucket keys) with the journal
// key; and so is the exchange identity in meta. Sealed is
//
//	format 2 | nonce(24) | XChaCha20-Poly1305(payload)
//
// with the bucket's name and the key as associated data, so a value
// altered, swapped or copied under another key or relationship fails to
// open and is refused as damage. The journal key is kept in meta/crypt
// twice: sealed with a key derived from the passphrase by argon2id (its
// parameters beside it), and sealed with age to a recovery key that is
// shown once. Keys stay as they are (ids, dates); drafts, whose keys are
// screen names, are keyed by an HMAC instead.

// Errors of an encrypted journal.
var (
	ErrNeedPassphrase  = errors.New("journal is encrypted")
	ErrWrongPassphrase = errors.New("wrong passphrase")
)

const (
	envSealed   byte = 2
	nonceSize        = chacha20poly1305.NonceSizeX
	sealedExtra      = 1 + nonceSize + chacha20poly1305.Overhead
	keySize          = chacha20poly1305.KeySize
)

var (
	bKeys  = []byte("keys")  // rel -> its data key, sealed with the journal key
	kCrypt = []byte("crypt") // meta: the cryptHeader, JSON
)

// relKeyed are the buckets whose keys start with a relationship's id:
// their values are sealed with that relationship's data key.
var relKeyed = map[string]bool{}

func init() {
	for _, b := range [][]byte{bRels, bSummaries, bPlans, bGoals, bRoadmap, bSessions, bFollowUps, bHealth, bOpen, bText, bTextSig, bRevs, bPartners} {
		relKeyed[string(b)] = true
	}
}

// kdfParams are argon2id's costs, kept in the file.
type kdfParams struct {
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
}

// cryptHeader is meta/crypt: how to get the journal key. Nothing in it is
// secret without the passphrase or the recovery key.
type cryptHeader struct {
	Version  int       `json:"version"`
	KDF      string    `json:"kdf"`
	Params   kdfParams `json:"params"`
	Salt     []byte    `json:"salt"`
	Wrapped  []byte    `json:"wrapped"`  // the journal key sealed with argon2id(passphrase)
	Recovery []byte    `json:"recovery"` // the journal key sealed with age to the recovery key
}

// keyring holds an open encrypted journal's keys.
type keyring struct {
	key     []byte // the journal key
	journal cipher.AEAD
	mac     []byte // for draft keys

	mu   sync.RWMutex
	rels map[[16]byte]cipher.AEAD // data keys committed to the file
}

func newKeyring(key []byte) (*keyring, error) {
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("mentorlog draft keys"))
	return &keyring{key: key, journal: a, mac: m.Sum(nil), rels: map[[16]byte]cipher.AEAD{}}, nil
}

// rings are the keyrings of the open encrypted journals, by database.
var rings sync.Map // *bolt.DB -> *keyring

func ringOf(tx *bolt.Tx) *keyring {
	if tx == nil {
		return nil // a plain value checked outside a transaction (tests)
	}
	if r, ok := rings.Load(tx.DB()); ok {
		return r.(*keyring)
	}
	return nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic("mentorlog: the system's random source failed: " + err.Error())
	}
	return b
}

// associated is the associated data of a value under key in bucket.
func associated(bucket, key []byte) []byte {
	var n [binary.MaxVarintLen64]byte
	ad := make([]byte, 0, 16+len(bucket)+len(key))
	ad = append(ad, "mentorlog 1"...)
	ad = append(ad, n[:binary.PutUvarint(n[:], uint64(len(bucket)))]...)
	ad = append(ad, bucket...)
	ad = append(ad, n[:binary.PutUvarint(n[:], uint64(len(key)))]...)
	return append(ad, key...)
}

func seal(a cipher.AEAD, bucket, key, payload []byte) []byte {
	out := make([]byte, 1+nonceSize, sealedExtra+len(payload))
	out[0] = envSealed
	copy(out[1:], randomBytes(nonceSize))
	return a.Seal(out, out[1:1+nonceSize], payload, associated(bucket, key))
}

func unseal(a cipher.AEAD, bucket, key, v []byte) ([]byte, bool) {
	if len(v) < sealedExtra || v[0] != envSealed {
		return nil, false
	}
	p, err := a.Open(nil, v[1:1+nonceSize], v[1+nonceSize:], associated(bucket, key))
	return p, err == nil
}

// aeadFor is the key that seals the value under key in bucket: the data
// key of its relationship, made the first time one is written, or the
// journal key.
func (k *keyring) aeadFor(tx *bolt.Tx, bucket, key []byte) (cipher.AEAD, error) {
	if !relKeyed[string(bucket)] || len(key) < 16 {
		return k.journal, nil
	}
	var rel [16]byte
	copy(rel[:], key)
	k.mu.RLock()
	a := k.rels[rel]
	k.mu.RUnlock()
	if a != nil {
		return a, nil
	}
	var sealed []byte
	if b := tx.Bucket(bKeys); b != nil {
		sealed = b.Get(rel[:])
	}
	var dk []byte
	switch {
	case sealed != nil:
		var ok bool
		if dk, ok = unseal(k.journal, bKeys, rel[:], sealed); !ok || len(dk) != keySize {
			return nil, fail(ErrDamaged, nil, "the journal is damaged: the key of relationship %s cannot be opened; restore the journal from a backup (nothing was changed)", idOf(rel[:]))
		}
	case !tx.Writable():
		return nil, fail(ErrDamaged, nil, "the journal is damaged: the key of relationship %s is missing; restore the journal from a backup (nothing was changed)", idOf(rel[:]))
	default:
		dk = randomBytes(keySize)
		b, err := tx.CreateBucketIfNotExists(bKeys)
		if err != nil {
			return nil, err
		}
		if err := b.Put(rel[:], seal(k.journal, bKeys, rel[:], dk)); err != nil {
			return nil, err
		}
	}
	a, err := chacha20poly1305.NewX(dk)
	if err != nil {
		return nil, err
	}
	keep := func() { k.mu.Lock(); k.rels[rel] = a; k.mu.Unlock() }
	if tx.Writable() {
		tx.OnCommit(keep) // a key made here exists only if the write does
	} else {
		keep()
	}
	return a, nil
}

// unwrapAll is unwrap of many values of bucket (keys and values from tx),
// their payloads in order. Sealed values of one relationship are opened
// on every core: searching an encrypted journal decrypts every text it
// reads.
func unwrapAll(tx *bolt.Tx, bucket []byte, kvs [][2][]byte) ([][]byte, error) {
	out := make([][]byte, len(kvs))
	r := ringOf(tx)
	workers := runtime.GOMAXPROCS(0)
	if r == nil || len(kvs) < 2*workers {
		for i, kv := range kvs {
			p, err := unwrap(tx, bucket, kv[0], kv[1])
			if err != nil {
				return nil, err
			}
			out[i] = p
		}
		return out, nil
	}
	// The keys (found with tx, in this goroutine) first; then only
	// memory is read, which the open transaction keeps mapped.
	aeads := make([]cipher.AEAD, len(kvs))
	for i, kv := range kvs {
		a, err := r.aeadFor(tx, bucket, kv[0])
		if err != nil {
			return nil, err
		}
		aeads[i] = a
	}
	bad := make([]bool, len(kvs))
	eachOnCores(len(kvs), func(i int) {
		p, ok := unseal(aeads[i], bucket, kvs[i][0], kvs[i][1])
		out[i], bad[i] = p, !ok
	})
	for i := range kvs {
		if bad[i] {
			return nil, damagedValue(bucket, kvs[i][0])
		}
	}
	return out, nil
}

// eachOnCores calls fn(i) for every i below n, spread over every core;
// fn must touch only what belongs to i. A panic in fn, a fault in reading
// the file's mapping included, is raised again in the caller's goroutine,
// where the read's guard turns it into the damage it stands for. One i
// (a save's one part) is done in the caller's goroutine: starting and
// waking another costs more than the work.
func eachOnCores(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers == 1 {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	var once sync.Once
	var raised any
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { raised = r })
				}
			}()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}()
	}
	wg.Wait()
	if raised != nil {
		panic(raised)
	}
}

// metaSecret reads a secret kept in meta (the exchange identity): sealed
// with the journal key in an encrypted journal.
func metaSecret(tx *bolt.Tx, name []byte) (string, error) {
	v := tx.Bucket(bMeta).Get(name)
	if v == nil {
		return "", nil
	}
	r := ringOf(tx)
	if r == nil {
		if len(v) > 0 && v[0] == envSealed {
			return "", fail(ErrDamaged, nil, "the journal is damaged: its %s is sealed, but the journal is not encrypted; restore it from a backup", name)
		}
		return string(v), nil
	}
	p, ok := unseal(r.journal, bMeta, name, v)
	if !ok {
		return "", fail(ErrDamaged, nil, "the journal is damaged: its %s cannot be opened; restore it from a backup (nothing was changed)", name)
	}
	return string(p), nil
}

func putMetaSecret(tx *bolt.Tx, name []byte, secret string) error {
	v := []byte(secret)
	if r := ringOf(tx); r != nil {
		v = seal(r.journal, bMeta, name, v)
	}
	return tx.Bucket(bMeta).Put(name, v)
}

// draftKey is where the draft of screen is kept: the screen's name in a
// plain journal; in an encrypted one the id of the relationship it names
// (zeros if none) and an HMAC of the name, so no name is left readable.
func draftKey(tx *bolt.Tx, screen string) []byte {
	r := ringOf(tx)
	if r == nil {
		return []byte(screen)
	}
	return draftKeyWith(r, screen)
}

func draftKeyWith(r *keyring, screen string) []byte {
	m := hmac.New(sha256.New, r.mac)
	m.Write([]byte(screen))
	return append(relNamed(screen), m.Sum(nil)[:16]...)
}

// relNamed is the 16 bytes of the first relationship id in a screen's
// name, or 16 zeros.
func relNamed(screen string) []byte {
	for _, part := range strings.Split(screen, "/") {
		if b, ok := idBytes(model.ID(part)); ok {
			return b
		}
	}
	return make([]byte, 16)
}

// draftPayload is what a draft's value holds: in an encrypted journal the
// screen's name comes first (its key no longer says it), so the draft can
// be moved to a plain journal again.
func draftPayload(encrypted bool, screen string, draft []byte) []byte {
	if !encrypted {
		return draft
	}
	var n [binary.MaxVarintLen64]byte
	out := append([]byte(nil), n[:binary.PutUvarint(n[:], uint64(len(screen)))]...)
	return append(append(out, screen...), draft...)
}

// splitDraft reads draftPayload back.
func splitDraft(encrypted bool, key, p []byte) (screen string, draft []byte, err error) {
	if !encrypted {
		return string(key), p, nil
	}
	l, n := binary.Uvarint(p)
	if n <= 0 || l > uint64(len(p)-n) {
		return "", nil, damagedValue(bDrafts, key)
	}
	return string(p[n : n+int(l)]), p[n+int(l):], nil
}

// ----- the passphrase -----

// kdfTarget is how long deriving the key from the passphrase should take
// on this machine: once per unlock, never per save. Tests lower it.
var kdfTarget = 400 * time.Millisecond

// testKDF, set by tests, replaces the calibrated costs.
var testKDF *kdfParams

// calibrate picks argon2id costs that take about kdfTarget to unlock here,
// in a new process: 64 MiB, up to four threads, and as many passes as fit
// beside what a new process pays first to have the memory (measured as a
// first run's time beyond the next ones').
func calibrate() kdfParams {
	if testKDF != nil {
		return *testKDF
	}
	p := kdfParams{Time: 1, Memory: 64 << 10, Threads: uint8(min(4, max(1, runtime.NumCPU())))}
	run := func() time.Duration {
		start := time.Now()
		argon2.IDKey([]byte("calibration"), make([]byte, 16), p.Time, p.Memory, p.Threads, keySize)
		return time.Since(start)
	}
	first := run()
	pass := min(run(), run())
	if pass <= 0 {
		return p
	}
	budget := kdfTarget - max(0, first-pass)
	p.Time = uint32(min(20, max(1, int((budget+pass/2)/pass))))
	return p
}

// keks caches the keys derived from passphrases in this process, so that
// opening the same journal again (a snapshot, a check after a rewrite)
// does not pay for argon2id again.
var keks sync.Map // string -> []byte

func derive(pass string, salt []byte, p kdfParams) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%d/%d/%d/%x/", p.Time, p.Memory, p.Threads, salt)
	h.Write([]byte(pass))
	id := string(h.Sum(nil))
	if k, ok := keks.Load(id); ok {
		return k.([]byte)
	}
	k := argon2.IDKey([]byte(pass), salt, p.Time, p.Memory, p.Threads, keySize)
	keks.Store(id, k)
	return k
}

// newHeader seals key for passphrase pass and for a new recovery key,
// which it returns.
func newHeader(key []byte, pass string) (*cryptHeader, string, error) {
	if why := model.CheckPassphrase(pass); why != "" {
		return nil, "", fmt.Errorf("the passphrase %s; nothing was changed", why)
	}
	h := &cryptHeader{Version: 1, KDF: "argon2id", Params: calibrate(), Salt: randomBytes(16)}
	kek, err := chacha20poly1305.NewX(derive(pass, h.Salt, h.Params))
	if err != nil {
		return nil, "", err
	}
	h.Wrapped = seal(kek, bMeta, kCrypt, key)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, id.Recipient())
	if err == nil {
		_, err = w.Write(key)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, "", err
	}
	h.Recovery = buf.Bytes()
	return h, id.String(), nil
}

// readHeader reads meta/crypt; nil for a plain journal.
func readHeader(tx *bolt.Tx) (*cryptHeader, error) {
	v := tx.Bucket(bMeta).Get(kCrypt)
	if v == nil {
		return nil, nil
	}
	return parseHeader(v)
}

// parseHeader reads a cryptHeader, checking its fields' bounds.
func parseHeader(v []byte) (*cryptHeader, error) {
	var h cryptHeader
	if err := json.Unmarshal(v, &h); err != nil || h.Version != 1 || h.KDF != "argon2id" || len(h.Salt) < 16 ||
		h.Params.Time == 0 || h.Params.Time > 100 || h.Params.Memory < 8 || h.Params.Memory > 4<<20 || h.Params.Threads == 0 {
		return nil, fail(ErrDamaged, err, "the journal's encryption header cannot be read: restore the journal from a backup (nothing was changed)")
	}
	return &h, nil
}

// unlock opens the journal key with a passphrase or a recovery key.
func (h *cryptHeader) unlock(pass string) ([]byte, error) {
	pass = strings.TrimRight(pass, "\r\n")
	if pass == "" {
		return nil, fail(ErrNeedPassphrase, nil, "the journal is encrypted: give its passphrase")
	}
	if s := strings.ToUpper(strings.TrimSpace(pass)); strings.HasPrefix(s, model.RecoveryPrefix) {
		id, err := age.ParseX25519Identity(s)
		if err != nil {
			return nil, fail(ErrWrongPassphrase, err, "that recovery key cannot be read: check it letter by letter (nothing was changed)")
		}
		r, err := age.Decrypt(bytes.NewReader(h.Recovery), id)
		if err != nil {
			return nil, fail(ErrWrongPassphrase, err, "that recovery key does not open this journal (nothing was changed)")
		}
		key, err := io.ReadAll(r)
		if err != nil || len(key) != keySize {
			return nil, fail(ErrDamaged, err, "the journal's encryption header is damaged: restore the journal from a backup")
		}
		return key, nil
	}
	kek, err := chacha20poly1305.NewX(derive(pass, h.Salt, h.Params))
	if err != nil {
		return nil, err
	}
	key, ok := unseal(kek, bMeta, kCrypt, h.Wrapped)
	if !ok || len(key) != keySize {
		return nil, fail(ErrWrongPassphrase, nil, "wrong passphrase: the journal stays locked (nothing was changed)")
	}
	return key, nil
}
