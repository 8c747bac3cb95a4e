package store

import (
	"encoding/binary"
	"hash/crc32"

	bolt "go.etcd.io/bbolt"
)

// Every value the journal stores (all buckets but meta) is kept in an
// envelope that binds it to where it is stored:
//
//	format(1) | check(4) | payload
//
// Format 1 is a plain payload; check is the CRC-32C of the bucket's name,
// the key and the payload (each length-prefixed), so a flipped bit in the
// value, and a value moved or copied under another key or bucket, is found
// on the read that meets it and reported as damage instead of being used.
// Format 2 is a sealed payload, in an encrypted journal (crypt.go).
const (
	envPlain  byte = 1
	envHeader      = 5
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// check is the CRC-32C of bucket, key and payload, each length-prefixed.
func check(bucket, key, payload []byte) uint32 {
	var n [binary.MaxVarintLen64]byte
	c := uint32(0)
	for _, part := range [][]byte{bucket, key, payload} {
		c = crc32.Update(c, castagnoli, n[:binary.PutUvarint(n[:], uint64(len(part)))])
		c = crc32.Update(c, castagnoli, part)
	}
	return c
}

// wrap returns the stored form of payload under bucket and key: sealed
// in an encrypted journal (crypt.go), plain with its check otherwise.
func wrap(tx *bolt.Tx, bucket, key, payload []byte) ([]byte, error) {
	if r := ringOf(tx); r != nil {
		a, err := r.aeadFor(tx, bucket, key)
		if err != nil {
			return nil, err
		}
		return seal(a, bucket, key, payload), nil
	}
	out := make([]byte, envHeader+len(payload))
	out[0] = envPlain
	binary.BigEndian.PutUint32(out[1:envHeader], check(bucket, key, payload))
	copy(out[envHeader:], payload)
	return out, nil
}

// unwrap checks a stored value read from bucket under key and returns its
// payload. A nil value (no such key) gives nil and no error; a value whose
// check fails, or that does not open with the journal's keys, or a plain
// value in an encrypted journal, is ErrDamaged.
func unwrap(tx *bolt.Tx, bucket, key, v []byte) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	if r := ringOf(tx); r != nil {
		a, err := r.aeadFor(tx, bucket, key)
		if err != nil {
			return nil, err
		}
		p, ok := unseal(a, bucket, key, v)
		if !ok {
			return nil, damagedValue(bucket, key)
		}
		return p, nil
	}
	if !plainIntact(bucket, key, v) {
		return nil, damagedValue(bucket, key)
	}
	return v[envHeader:], nil
}

// plainIntact reports whether v is a plain envelope whose checksum holds.
func plainIntact(bucket, key, v []byte) bool {
	return len(v) >= envHeader && v[0] == envPlain && binary.BigEndian.Uint32(v[1:envHeader]) == check(bucket, key, v[envHeader:])
}

// peek is unwrap without the checksum of a plain value, for reads that
// check only the values they keep (search.go); a sealed value is opened
// whole, as it must be to be read at all.
func peek(tx *bolt.Tx, bucket, key, v []byte) ([]byte, error) {
	if v == nil || ringOf(tx) != nil {
		return unwrap(tx, bucket, key, v)
	}
	if len(v) < envHeader || v[0] != envPlain {
		return nil, damagedValue(bucket, key)
	}
	return v[envHeader:], nil
}

func damagedValue(bucket, key []byte) error {
	return fail(ErrDamaged, nil, "the journal is damaged: a stored %s is not as it was written; restore the journal from a backup (nothing was changed; key %x)", bucketNoun(bucket), key)
}

// bucketNoun names a bucket as a person reads it.
func bucketNoun(bucket []byte) string {
	switch string(bucket) {
	case string(bRels):
		return "relationship"
	case string(bSummaries):
		return "summary"
	case string(bPlans):
		return "agreement and layers"
	case string(bGoals):
		return "goal"
	case string(bRoadmap):
		return "roadmap"
	case string(bSessions):
		return "session"
	case string(bFollowUps):
		return "follow-up"
	case string(bHealth):
		return "health check"
	case string(bRecords):
		return "record index"
	case string(bOpen):
		return "open follow-up index"
	case string(bDrafts):
		return "draft"
	case string(bTemplates):
		return "template"
	}
	return string(bucket)
}

// get reads and checks the value under key in the bucket name.
func get(tx *bolt.Tx, name, key []byte) ([]byte, error) {
	return unwrap(tx, name, key, tx.Bucket(name).Get(key))
}

// put stores payload under key in the bucket name, in its envelope.
func put(tx *bolt.Tx, name, key, payload []byte) error {
	v, err := wrap(tx, name, key, payload)
	if err != nil {
		return err
	}
	return tx.Bucket(name).Put(key, v)
}

// wrapAll puts every value of the bucket name in its envelope (the
// version 4 migration), a batch at a time: bbolt's cursor must not see its
// bucket change under it, and a large journal is not held in memory whole.
func wrapAll(tx *bolt.Tx, name []byte) error {
	b := tx.Bucket(name)
	if b == nil {
		return nil
	}
	var from []byte
	for {
		var kvs [][2][]byte
		c := b.Cursor()
		k, v := c.First()
		if from != nil {
			if k, v = c.Seek(from); k != nil && string(k) == string(from) {
				k, v = c.Next()
			}
		}
		for ; k != nil && len(kvs) < 4096; k, v = c.Next() {
			if v != nil {
				w, err := wrap(tx, name, k, v)
				if err != nil {
					return err
				}
				kvs = append(kvs, [2][]byte{clone(k), w})
			}
			from = clone(k)
		}
		for _, kv := range kvs {
			if err := b.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		if k == nil {
			return nil
		}
	}
}

// valueBuckets are every bucket whose values are in envelopes.
func valueBuckets() [][]byte {
	return append(append(append(append([][]byte{}, recordBuckets...), derivedBuckets...), sharedBuckets...), bDrafts, bTemplates)
}

// checkValues checks the envelope of every stored value.
func checkValues(tx *bolt.Tx) error {
	for _, name := range valueBuckets() {
		b := tx.Bucket(name)
		if b == nil {
			continue
		}
		if err := b.ForEach(func(k, v []byte) error {
			if v == nil {
				return nil
			}
			_, err := unwrap(tx, name, k, v)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}
