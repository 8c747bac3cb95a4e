package store_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mentorlog/model"
	"mentorlog/store"
	"mentorlog/store/storetest"
)

// Benchmarks run on storetest.Default(): ten years of a busy mentor
// (200 relationships, 20,000 sessions, 100,000 follow-ups, ~50 MB of
// text). The journal is generated once and cached in os.TempDir().

var bctx = context.Background()

func bigJournal(b *testing.B) string {
	b.Helper()
	p, err := storetest.CachedPath(storetest.Default())
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// bigCopy copies the large journal into the benchmark's folder, for
// benchmarks that write.
func bigCopy(b *testing.B) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "journal.db")
	if err := storetest.Generate(p, storetest.Default()); err != nil {
		b.Fatal(err)
	}
	return p
}

func openB(b *testing.B, path string, ro bool) *store.Store {
	b.Helper()
	s, err := store.Open(path, store.Options{ReadOnly: ro})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// percentiles reports the median and p99 of per-operation times.
func percentiles(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	b.ReportMetric(ms(ds[len(ds)/2]), "median-ms")
	b.ReportMetric(ms(ds[min(len(ds)-1, len(ds)*99/100)]), "p99-ms")
}

func BenchmarkOpenListSummaries(b *testing.B) {
	path := bigCopy(b)
	var ds []time.Duration
	for b.Loop() {
		start := time.Now()
		s, err := store.Open(path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sums, err := s.ListSummaries(bctx)
		if err != nil || len(sums) != storetest.Default().Relationships {
			b.Fatalf("%d summaries, %v", len(sums), err)
		}
		ds = append(ds, time.Since(start))
		s.Close()
	}
	percentiles(b, ds)
	// Heap with the journal open and the dashboard listed.
	runtime.GC()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	s, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	sums, _ := s.ListSummaries(bctx)
	runtime.GC()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(sums)
	s.Close()
	b.ReportMetric(float64(m1.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/(1<<20), "heap-added-MB")
}

func relWith(b *testing.B, s *store.Store, most bool) model.ID {
	sums, err := s.ListSummaries(bctx)
	if err != nil {
		b.Fatal(err)
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i].Sessions > sums[j].Sessions })
	if most {
		return sums[0].Rel.ID
	}
	return sums[len(sums)/2].Rel.ID
}

func BenchmarkLoadFull(b *testing.B) {
	s := openB(b, bigJournal(b), true)
	for _, c := range []struct {
		name string
		most bool
	}{{"typical", false}, {"1000-sessions", true}} {
		id := relWith(b, s, c.most)
		b.Run(c.name, func(b *testing.B) {
			var ds []time.Duration
			for b.Loop() {
				start := time.Now()
				f, err := s.LoadFull(bctx, id)
				if err != nil || len(f.Sessions) == 0 {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(start))
			}
			percentiles(b, ds)
		})
	}
}

// bareCommit returns one bbolt commit of the journal at path putting
// values of the sizes a session save writes (the session, its search
// text, the bits of one of the relationship's parts at the size the
// journal holds them, its summary, the record index entry, its
// revisions), with none of the store's work (no decoding, validation,
// summary or checksum): the floor of BenchmarkSaveSession. It writes to
// the relationship SaveSession saves to (relWith, not the busiest).
func bareCommit(b *testing.B, path string) func() {
	db, err := bolt.Open(path, 0o600, &bolt.Options{InitialMmapSize: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.AllocSize = 1 << 20
	// A session's search text adds to the bits of one of its parts, so
	// each commit rewrites the bits of the next part.
	var rel []byte
	var sigKeys, sigs [][]byte
	if err := db.View(func(tx *bolt.Tx) error {
		var sums []model.Summary
		c := tx.Bucket([]byte("summaries")).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var x model.Summary
			if err := json.Unmarshal(v[5:], &x); err != nil {
				return err
			}
			sums = append(sums, x)
		}
		sort.Slice(sums, func(i, j int) bool { return sums[i].Sessions > sums[j].Sessions })
		rel = bytes.Clone([]byte(sums[len(sums)/2].Rel.ID))
		rel, _ = hex.DecodeString(string(rel))
		c = tx.Bucket([]byte("textsig")).Cursor()
		for k, v := c.Seek(rel); k != nil && bytes.HasPrefix(k, rel); k, v = c.Next() {
			sigKeys, sigs = append(sigKeys, bytes.Clone(k)), append(sigs, bytes.Repeat([]byte{0x5a}, len(v)))
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	if len(sigs) == 0 {
		b.Fatal("the relationship has no search bits")
	}
	session := bytes.Repeat([]byte("x"), 2900)
	text := bytes.Repeat([]byte("y"), 2700)
	summary := bytes.Repeat([]byte("z"), 900)
	rev := bytes.Repeat([]byte{0x01}, 24) // the new session's revisions: one clock, nothing listed
	i := 0
	return func() {
		id := model.NewID(time.Now())
		raw := []byte(id)[:16]
		key := append(append(bytes.Clone(rel), byte(i>>8), byte(i)), raw...)
		i++
		if err := db.Update(func(tx *bolt.Tx) error {
			for _, kv := range []struct {
				bucket string
				k, v   []byte
			}{
				{"sessions", key, session},
				{"text", append(append(bytes.Clone(rel), 'S'), raw...), text},
				{"textsig", sigKeys[i%len(sigKeys)], sigs[i%len(sigs)]},
				{"summaries", rel, summary},
				{"records", raw, append([]byte{'S'}, key...)},
				{"revs", append(append(bytes.Clone(rel), 'S'), raw...), rev},
			} {
				if err := tx.Bucket([]byte(kv.bucket)).Put(kv.k, kv.v); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveSession saves a session a day (2.5 KB of notes) into a
// typical relationship of the large journal and, interleaved in the same
// run, makes bareCommit's commit on another copy of the journal: the
// machine's noise falls on both alike. It reports the medians of both and
// the ratio of the save's to the bare commit's.
//
//	go test ./store -run XXX -bench SaveSession -benchtime 300x
func BenchmarkSaveSession(b *testing.B) {
	path := bigCopy(b)
	s := openB(b, path, false)
	rel := relWith(b, s, false)
	bare := bareCommit(b, bigCopy(b))
	notes := bytes.Repeat([]byte("We went through the roadmap and the feedback from her manager. "), 40)
	var saves, bares []time.Duration
	i := 0
	for b.Loop() {
		now := time.Now()
		x := model.Session{ID: model.NewID(now), RelID: rel, Date: model.Day(now).AddDate(0, 0, i), Minutes: 45,
			Topic: "feedback", Notes: string(notes), Ended: true}
		i++
		start := time.Now()
		if err := s.SaveSession(bctx, x); err != nil {
			b.Fatal(err)
		}
		saves = append(saves, time.Since(start))
		start = time.Now()
		bare()
		bares = append(bares, time.Since(start))
	}
	percentiles(b, saves)
	save, floor := storetest.MedianMS(saves), storetest.MedianMS(bares)
	b.ReportMetric(floor, "bare-median-ms")
	b.ReportMetric(save/floor, "save/bare")
}

// BenchmarkFdatasyncFloor is the disk's floor for a durable write: 4 KiB
// overwritten in place and fdatasync'd, in the same folder as the
// SaveSession benchmark's journal.
func BenchmarkFdatasyncFloor(b *testing.B) {
	f, err := os.OpenFile(filepath.Join(b.TempDir(), "floor"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	buf := bytes.Repeat([]byte{'x'}, 4096)
	if _, err := f.WriteAt(buf, 0); err != nil {
		b.Fatal(err)
	}
	_ = f.Sync()
	var ds []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := f.WriteAt(buf, 0); err != nil {
			b.Fatal(err)
		}
		if err := syscall.Fdatasync(int(f.Fd())); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	percentiles(b, ds)
}

func BenchmarkDue(b *testing.B) {
	s := openB(b, bigJournal(b), true)
	today := storetest.Default().End
	var ds []time.Duration
	for b.Loop() {
		start := time.Now()
		items, err := s.Due(bctx, today, model.DefaultDueHorizon)
		if err != nil || len(items) == 0 {
			b.Fatalf("%d items, %v", len(items), err)
		}
		ds = append(ds, time.Since(start))
	}
	percentiles(b, ds)
}

func BenchmarkExportJSON(b *testing.B) {
	s := openB(b, bigJournal(b), true)
	out := filepath.Join(b.TempDir(), "export.json")
	var size int64
	for b.Loop() {
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.ExportJSON(bctx, f, store.ExportOptions{}); err != nil { // syncs f
			b.Fatal(err)
		}
		fi, _ := f.Stat()
		size = fi.Size()
		f.Close()
	}
	b.SetBytes(size)
	b.ReportMetric(float64(size)/(1<<20), "file-MiB")
}

func BenchmarkImport(b *testing.B) {
	s := openB(b, bigJournal(b), true)
	var buf bytes.Buffer
	if err := s.ExportJSON(bctx, &buf, store.ExportOptions{}); err != nil {
		b.Fatal(err)
	}
	size := int64(buf.Len())
	var a model.Archive
	if err := json.Unmarshal(buf.Bytes(), &a); err != nil {
		b.Fatal(err)
	}
	buf = bytes.Buffer{}
	// The export as it is (with revisions, merged as a bundle is), and as
	// one from before revisions (replaced by the updated time).
	v1 := a
	v1.Version = 1
	v1.Relationships = slices.Clone(a.Relationships)
	for i := range v1.Relationships {
		v1.Relationships[i].Revisions = nil
	}
	for _, c := range []struct {
		name string
		a    model.Archive
	}{{"version=2", a}, {"version=1", v1}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				fresh := openB(b, filepath.Join(b.TempDir(), "fresh.db"), false)
				b.StartTimer()
				if _, err := fresh.Import(bctx, c.a); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				fresh.Close()
				b.StartTimer()
			}
			b.SetBytes(size)
		})
	}
}

// BenchmarkSearch runs queries on the large journal opened fresh: the
// first query of an app run costs what every other does (no index is
// built), and the heap after it is reported.
func BenchmarkSearch(b *testing.B) {
	s := openB(b, bigJournal(b), true)
	for _, q := range []string{"feedback", "imposter", "Q3 budget", "deadline stakeholder", "zzqx"} {
		b.Run(q, func(b *testing.B) {
			var ds []time.Duration
			n := 0
			for b.Loop() {
				start := time.Now()
				hits, err := s.Search(bctx, q, model.SearchOptions{})
				if err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(start))
				n = len(hits)
			}
			percentiles(b, ds)
			b.ReportMetric(float64(n), "hits")
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MB")
		})
	}
}

// BenchmarkExchange shares the relationship of the large journal that has
// the most sessions (1,000) and receives it in a second journal: the
// first receive (everything new), then, per iteration, a share after one
// edit and its receive. It reports the bundle's size, and the receiving
// journal's file against the same relationship imported from JSON (no
// revisions): what the revisions add.
//
//	go test ./store -run XXX -bench Exchange -benchtime 20x
func BenchmarkExchange(b *testing.B) {
	src := openB(b, bigCopy(b), false)
	id := relWith(b, src, true)
	dir := b.TempDir()
	dst := openB(b, filepath.Join(dir, "partner.db"), false)
	_, rcpt, err := dst.Identity(bctx)
	if err != nil {
		b.Fatal(err)
	}
	share := func() []byte {
		var out bytes.Buffer
		if err := src.Share(bctx, id, rcpt, true, func(r io.Reader) error { _, err := io.Copy(&out, r); return err }); err != nil {
			b.Fatal(err)
		}
		return out.Bytes()
	}
	bundle := share()
	start := time.Now()
	if _, err := dst.Receive(bctx, bytes.NewReader(bundle), model.ReceiveOptions{}); err != nil {
		b.Fatal(err)
	}
	first := time.Since(start)
	f, err := src.LoadFull(bctx, id)
	if err != nil || len(f.Sessions) < 1000 {
		b.Fatalf("%d sessions, %v", len(f.Sessions), err)
	}

	// The same relationship imported, without revisions.
	plain := openB(b, filepath.Join(dir, "imported.db"), false)
	if _, err := plain.Import(bctx, model.NewArchive([]model.Full{f}, time.Now(), false)); err != nil {
		b.Fatal(err)
	}
	size := func(s *store.Store) float64 {
		fi, err := os.Stat(s.Path())
		if err != nil {
			b.Fatal(err)
		}
		return float64(fi.Size()) / (1 << 20)
	}

	var shares, receives []time.Duration
	x := f.Sessions[0]
	for i := 0; b.Loop(); i++ {
		x.Notes = fmt.Sprintf("edited %d", i)
		if err := src.SaveSession(bctx, x); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		bundle = share()
		t1 := time.Now()
		res, err := dst.Receive(bctx, bytes.NewReader(bundle), model.ReceiveOptions{})
		if err != nil || res.Updated != 1 {
			b.Fatalf("receive: %+v %v", res, err)
		}
		shares, receives = append(shares, t1.Sub(t0)), append(receives, time.Since(t1))
	}
	b.ReportMetric(storetest.MedianMS(shares), "share-ms")
	b.ReportMetric(storetest.MedianMS(receives), "receive-ms")
	b.ReportMetric(float64(first)/1e6, "first-receive-ms")
	b.ReportMetric(float64(len(bundle))/(1<<20), "bundle-MiB")
	b.ReportMetric(size(dst), "received-file-MiB")
	b.ReportMetric(size(plain), "imported-file-MiB")
}

// BenchmarkExchangeFirstReceive receives the 1,000-session relationship's
// bundle in a journal that has never seen it: everything is new. Beside
// it, in the same iterations, the import of the same relationship from
// its JSON (decoded beforehand) into a fresh journal: the floor of
// writing those records, reported as import-ms and as the ratio.
func BenchmarkExchangeFirstReceive(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400)) // as mentorlog receive and sync do
	src := openB(b, bigCopy(b), false)
	id := relWith(b, src, true)
	f, err := src.LoadFull(bctx, id)
	if err != nil {
		b.Fatal(err)
	}
	arc := model.NewArchive([]model.Full{f}, time.Now(), false)
	var ds, imports []time.Duration
	for b.Loop() {
		b.StopTimer()
		plain := openB(b, filepath.Join(b.TempDir(), "imported.db"), false)
		start := time.Now()
		if _, err := plain.Import(bctx, arc); err != nil {
			b.Fatal(err)
		}
		imports = append(imports, time.Since(start))
		dst := openB(b, filepath.Join(b.TempDir(), "partner.db"), false)
		_, rcpt, err := dst.Identity(bctx)
		if err != nil {
			b.Fatal(err)
		}
		var out bytes.Buffer
		if err := src.Share(bctx, id, rcpt, true, func(r io.Reader) error { _, err := io.Copy(&out, r); return err }); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start = time.Now()
		if _, err := dst.Receive(bctx, &out, model.ReceiveOptions{}); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	percentiles(b, ds)
	b.ReportMetric(storetest.MedianMS(imports), "import-ms")
	b.ReportMetric(storetest.MedianMS(ds)/storetest.MedianMS(imports), "receive/import")
}

// BenchmarkRevisionsSize edits every record of the 1,000-session
// relationship once (each gets revisions of its own, the most a record
// carries without conflicts) and reports the bytes the revisions take
// against the bytes the relationship's records take, as pages in use.
//
//	go test ./store -run XXX -bench RevisionsSize -benchtime 1x
func BenchmarkRevisionsSize(b *testing.B) {
	src := openB(b, bigJournal(b), true)
	id := relWith(b, src, true)
	f, err := src.LoadFull(bctx, id)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "one.db")
		s := openB(b, path, false)
		if _, err := s.Import(bctx, model.NewArchive([]model.Full{f}, time.Now(), false)); err != nil {
			b.Fatal(err)
		}
		for _, x := range f.Sessions {
			x.Notes += " (edited)"
			if err := s.SaveSession(bctx, x); err != nil {
				b.Fatal(err)
			}
		}
		for _, x := range f.FollowUps {
			x.Text += " (edited)"
			if err := s.SaveFollowUp(bctx, x); err != nil {
				b.Fatal(err)
			}
		}
		s.Close()
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		var revs, all int
		db.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
				st := bk.Stats()
				n := st.LeafInuse + st.BranchInuse
				if string(name) == "revs" {
					revs = n
				}
				all += n
				return nil
			})
		})
		db.Close()
		b.ReportMetric(float64(revs)/(1<<20), "revs-MiB")
		b.ReportMetric(float64(all-revs)/(1<<20), "rest-MiB")
		b.ReportMetric(100*float64(revs)/float64(all-revs), "revs-%")
	}
}

// BenchmarkEncrypted runs the everyday work on the large journal plain and
// encrypted, side by side in the same run (the passphrase already known:
// unlocking is BenchmarkUnlockCommand): open and list the dashboard, load
// a typical relationship and the one with 1,000 sessions, due, search a
// rare phrase, and save a session. Each
// encrypted figure is reported with its ratio to the plain one.
//
//	go test ./store -run XXX -bench Encrypted -benchtime 100x
func BenchmarkEncrypted(b *testing.B) {
	plain := bigCopy(b)
	enc := filepath.Join(b.TempDir(), "encrypted.db")
	if err := store.Snapshot(plain, enc, ""); err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(enc, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Encrypt(bctx, "bench pass"); err != nil {
		b.Fatal(err)
	}
	s.Close()
	// The dashboard opens each journal itself: the others share a store
	// of each, opened after it.
	stores := map[string]*store.Store{}
	open := func() {
		for kind, pass := range map[string]string{"plain": "", "encrypted": "bench pass"} {
			path := map[string]string{"plain": plain, "encrypted": enc}[kind]
			s, err := store.Open(path, store.Options{Passphrase: pass})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			stores[kind] = s
		}
	}
	probe := openB(b, plain, true)
	big, mid := relWith(b, probe, true), relWith(b, probe, false)
	probe.Close()
	notes := bytes.Repeat([]byte("We went through the roadmap and the feedback from her manager. "), 40)
	today := storetest.Default().End
	ops := []struct {
		name string
		op   func(s *store.Store, path string, i int) error
	}{
		{"dashboard", func(_ *store.Store, path string, _ int) error {
			pass := ""
			if path == enc {
				pass = "bench pass"
			}
			// the unlock's key is cached in the process: this is the
			// open and the dashboard, as after the passphrase
			s, err := store.Open(path, store.Options{ReadOnly: true, Passphrase: pass})
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = s.ListSummaries(bctx)
			return err
		}},
		{"load-typical", func(s *store.Store, _ string, _ int) error { _, err := s.LoadFull(bctx, mid); return err }},
		{"load-1000-sessions", func(s *store.Store, _ string, _ int) error { _, err := s.LoadFull(bctx, big); return err }},
		{"due", func(s *store.Store, _ string, _ int) error {
			_, err := s.Due(bctx, today, model.DefaultDueHorizon)
			return err
		}},
		{"search", func(s *store.Store, _ string, _ int) error {
			_, err := s.Search(bctx, "deadline stakeholder", model.SearchOptions{})
			return err
		}},
		{"save-session", func(s *store.Store, _ string, i int) error {
			now := time.Now()
			return s.SaveSession(bctx, model.Session{ID: model.NewID(now), RelID: mid, Date: model.Day(now).AddDate(0, 0, i), Minutes: 45,
				Topic: "feedback", Notes: string(notes), Ended: true})
		}},
	}
	paths := map[string]string{"plain": plain, "encrypted": enc}
	for _, o := range ops {
		if o.name != "dashboard" && len(stores) == 0 {
			open()
		}
		b.Run(o.name, func(b *testing.B) {
			ds := map[string][]time.Duration{}
			i := 0
			for b.Loop() {
				for _, kind := range []string{"plain", "encrypted"} { // interleaved
					start := time.Now()
					if err := o.op(stores[kind], paths[kind], i); err != nil {
						b.Fatal(err)
					}
					ds[kind] = append(ds[kind], time.Since(start))
				}
				i++
			}
			p, e := storetest.MedianMS(ds["plain"]), storetest.MedianMS(ds["encrypted"])
			b.ReportMetric(p, "plain-ms")
			b.ReportMetric(e, "encrypted-ms")
			b.ReportMetric(e/p, "x-plain")
		})
	}
}
