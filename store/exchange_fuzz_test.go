package store

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"mentorlog/bundle"
	"mentorlog/model"
)

// plainBundle is the unsealed JSON of from's bundle of rel for to.
func plainBundle(t testing.TB, from *Store, rel model.ID, to *Store) []byte {
	t.Helper()
	var sealed bytes.Buffer
	_, rcpt, err := to.Identity(ctx)
	mustNil(t, err)
	mustNil(t, from.Share(ctx, rel, rcpt, true, func(r io.Reader) error { _, err := io.Copy(&sealed, r); return err }))
	var secret string
	mustNil(t, to.db.View(func(tx *bolt.Tx) error { secret = string(tx.Bucket(bMeta).Get(kIdentity)); return nil }))
	b, err := bundle.Open(&sealed, secret)
	mustNil(t, err)
	var out bytes.Buffer
	mustNil(t, bundle.Write(&out, b))
	return out.Bytes()
}

// FuzzReceive merges bundles the fuzzer makes from real ones (unsealed:
// sealing only adds age's own checks) into a journal that holds the
// relationship already. A receive never panics; one that fails leaves
// the journal as it was, byte for byte in its export; one that succeeds
// leaves a journal whose check passes and whose relationship is valid.
func FuzzReceive(f *testing.F) {
	dir := f.TempDir()
	tmpl := filepath.Join(dir, "template.db")
	var seeds [][]byte
	{
		p, fu := newPairAt(f, tmpl)
		seeds = append(seeds, plainBundle(f, p.mentor, p.rel, p.mentee))
		updatePlan(f, p.mentor, ctx, p.rel, func(_ model.Relationship, pl *model.Plan) error {
			pl.Problem.Statement = "speak up"
			pl.Trust.Stories = append(pl.Trust.Stories, model.Story{Story: "the launch"})
			return nil
		})
		mustNil(f, p.mentor.DeleteFollowUp(ctx, fu.ID))
		seeds = append(seeds, plainBundle(f, p.mentor, p.rel, p.mentee))
		mustNil(f, p.mentee.Close())
		mustNil(f, p.mentor.Close())
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := bundle.Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		path := filepath.Join(t.TempDir(), "journal.db")
		raw, err := os.ReadFile(tmpl)
		mustNil(t, err)
		mustNil(t, os.WriteFile(path, raw, 0o600))
		s, err := Open(path, Options{Now: (&clock{t: t0.Add(48 * 3600e9)}).Now})
		mustNil(t, err)
		defer s.Close()
		before := exportString(t, s)
		var res ReceiveResult
		err = s.write(ctx, func(tx *bolt.Tx) error { return s.receive(tx, b, ReceiveOptions{New: true}, &res) })
		if err != nil {
			if after := exportString(t, s); after != before {
				t.Fatalf("a refused bundle (%v) changed the journal", err)
			}
			return
		}
		mustNil(t, s.Check())
		full, err := s.LoadFull(ctx, res.RelID)
		mustNil(t, err)
		if err := full.Validate(); err != nil {
			t.Fatalf("the relationship received does not validate: %v", err)
		}
		if _, err := s.Exchange(ctx, res.RelID); err != nil {
			t.Fatalf("its exchange state cannot be read: %v", err)
		}
	})
}
