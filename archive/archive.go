// Package archive reads a JSON export (model.Archive) from a file one
// relationship at a time, so that importing a large export never holds it
// whole. Reading is strict: an unknown field is refused, so nothing in the
// file is silently dropped, and every problem is named with its line and
// column.
package archive

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"mentorlog/model"
)

// File is an export on disk. Head holds its header (format, version,
// exported, shared), read by Open; Each reads its relationships.
type File struct {
	Head  model.Archive
	Size  int64 // bytes
	fi    os.FileInfo
	path  string
	name  string // as messages name the file
	spool bool   // a copy of standard input, removed by Close
}

// Read opens the export at path to be read, as Open, or as Spool when it
// is a pipe or a device (`import <(…)`, /dev/stdin), which can be read
// only once; ctx ends the copy.
func Read(ctx context.Context, path, name, spoolDir string) (*File, error) {
	a, err := Open(path, name)
	if !errors.Is(err, errNotRegular) {
		return a, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, errors.Unwrap(err))
	}
	defer f.Close()
	return Spool(ctx, f, spoolDir, name)
}

// errNotRegular: Open was given a pipe or a device.
var errNotRegular = errors.New("not a regular file")

// Open reads the header of the export at path, a regular file; name is
// how messages call the file. A file that is not an export, or one from a
// newer mentorlog, is told apart from one with a mistake inside.
func Open(path, name string) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, errors.Unwrap(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("cannot read %s: it is a folder; give the file written by `mentorlog export`", name)
	}
	if !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	a := &File{Size: fi.Size(), fi: fi, path: path, name: name}
	if err := a.readHead(); err != nil {
		return nil, err
	}
	return a, nil
}

// Spool copies r (standard input) into a file in dir, which Close
// removes, and opens it: an export is read twice (checked whole, then
// written), and a pipe can be read only once. It gives up when ctx ends:
// a read from a terminal does not end at ctrl+c.
func Spool(ctx context.Context, r io.Reader, dir, name string) (*File, error) {
	f, err := os.CreateTemp(dir, "mentorlog-import-*.json")
	if err != nil {
		return nil, fmt.Errorf("cannot keep %s to read it (%v): check the free space of %s, or set TMPDIR to another folder", name, err, dir)
	}
	path := f.Name()
	w := &writeErr{w: f}
	copied := make(chan error, 1)
	go func() {
		_, err := io.Copy(w, r)
		copied <- err
	}()
	select {
	case err = <-copied:
		switch {
		case err != nil && w.err != nil:
			err = fmt.Errorf("cannot keep %s in %s to read it (%v): free some space there, or set TMPDIR to another folder", name, dir, w.err)
		case err != nil:
			err = fmt.Errorf("cannot read %s: %w", name, err)
		}
	case <-ctx.Done():
		err = ctx.Err() // the copy is left to end with the process
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return nil, err
	}
	a, err := Open(path, name)
	if err != nil {
		_ = os.Remove(path)
		return nil, err
	}
	a.spool = true
	return a, nil
}

// writeErr keeps the error of its writer, to tell it from one of reading.
type writeErr struct {
	w   io.Writer
	err error
}

func (w *writeErr) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// Close removes the copy Spool made; it is a no-op for Open's files.
func (a *File) Close() error {
	if a.spool {
		return os.Remove(a.path)
	}
	return nil
}

// headFields are the archive's fields besides its relationships.
var headFields = map[string]bool{"format": true, "version": true, "exported": true, "shared": true}

// readHead reads the header's fields, stopping at the relationships when
// the format and version came before them (as export writes them); a
// file that puts them after is read to its end.
func (a *File) readHead() error {
	f, err := os.Open(a.path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", a.name, errors.Unwrap(err))
	}
	defer f.Close()
	dec := jsontext.NewDecoder(bufio.NewReader(f))
	tok, err := dec.ReadToken()
	if err == io.EOF {
		return fmt.Errorf("%s is not valid JSON at line 1, column 1 (it is empty): it should be a file written by `mentorlog export`", a.name)
	}
	if err != nil {
		return a.explain(err)
	}
	if tok.Kind() != '{' {
		return a.notExport()
	}
	var format, version bool
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return a.explain(err)
		}
		name := tok.String()
		switch {
		case name == "relationships" && format && version:
			return a.checkHead()
		case headFields[name]:
			format = format || name == "format"
			version = version || name == "version"
			if err := a.headField(dec, name, &a.Head); err != nil {
				return err
			}
		default:
			if err := dec.SkipValue(); err != nil {
				return a.explain(err)
			}
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return a.explain(err)
	}
	return a.checkHead()
}

func (a *File) checkHead() error {
	switch {
	case a.Head.Format != model.ArchiveFormat:
		return a.notExport()
	case a.Head.Version > model.ArchiveVersion:
		return fmt.Errorf("%s was written by a newer mentorlog (export version %d; this one reads up to %d): update mentorlog to import it", a.name, a.Head.Version, model.ArchiveVersion)
	}
	return nil
}

func (a *File) notExport() error {
	return fmt.Errorf("%s is not a mentorlog export (it has no \"format\": %q line); import reads files written by `mentorlog export`", a.name, model.ArchiveFormat)
}

// headField decodes the header field name into h.
func (a *File) headField(dec *jsontext.Decoder, name string, h *model.Archive) error {
	var err error
	switch name {
	case "format":
		err = jsonv2.UnmarshalDecode(dec, &h.Format)
	case "version":
		err = jsonv2.UnmarshalDecode(dec, &h.Version)
	case "exported":
		err = jsonv2.UnmarshalDecode(dec, &h.Exported)
	case "shared":
		err = jsonv2.UnmarshalDecode(dec, &h.Shared)
	}
	if err != nil {
		return a.explain(err)
	}
	return nil
}

// Each reads the file again from its start and calls yield with each
// relationship, in the file's order, with the bytes it takes in the file.
// It stops at the first problem of the file (or error of yield), and
// fails if the file changed since Open: every reading is of the same
// file (an import checks it whole, then writes it).
func (a *File) Each(yield func(f model.Full, size int64) error) error {
	f, err := os.Open(a.path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", a.name, errors.Unwrap(err))
	}
	defer f.Close()
	if err := a.same(f); err != nil {
		return err
	}
	if err := a.each(f, yield); err != nil {
		return err
	}
	return a.same(f)
}

// same fails when f is not the file Open read (another file put in its
// place), or that file written since (its size or time changed).
func (a *File) same(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", a.name, err)
	}
	if !os.SameFile(fi, a.fi) || fi.Size() != a.Size || !fi.ModTime().Equal(a.fi.ModTime()) {
		return fmt.Errorf("%s changed while it was being imported: import it again once nothing writes it", a.name)
	}
	return nil
}

func (a *File) each(f *os.File, yield func(f model.Full, size int64) error) error {
	dec := jsontext.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	if _, err := dec.ReadToken(); err != nil { // '{', as readHead found
		return a.explain(err)
	}
	h := a.Head   // the fields read so far
	read := false // the relationships
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return a.explain(err)
		}
		switch name := tok.String(); {
		case headFields[name]:
			if err := a.headField(dec, name, &h); err != nil {
				return err
			}
			// Open stops at the relationships when the format and the
			// version came before them, as export writes them: a field
			// after them that says otherwise would be missed.
			if read && (h.Format != a.Head.Format || h.Version != a.Head.Version || !h.Exported.Equal(a.Head.Exported) || h.Shared != a.Head.Shared) {
				return fmt.Errorf("%s has its %q after its relationships: put it before them, as `mentorlog export` does", a.name, name)
			}
		case name == "relationships":
			read = true
			if err := a.relationships(dec, yield); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s near %s: unknown field %q: this mentorlog does not know it, so importing would lose it; remove it or update mentorlog",
				a.name, a.position(dec.InputOffset()-int64(len(name))-2), name)
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return a.explain(err)
	}
	if dec.PeekKind() == 0 {
		if _, err := dec.ReadToken(); err != io.EOF {
			return a.explain(err)
		}
		return nil
	}
	rest := dec.UnreadBuffer()
	at := dec.InputOffset() + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n")))
	return fmt.Errorf("%s is not valid JSON at %s (something follows the export's closing brace): it should be a file written by `mentorlog export`", a.name, a.position(at))
}

func (a *File) relationships(dec *jsontext.Decoder, yield func(model.Full, int64) error) error {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return a.explain(err)
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return a.explain(err)
	}
	if tok.Kind() != '[' {
		return fmt.Errorf("%s near %s: relationships should be a list, not a JSON %s", a.name, a.position(dec.InputOffset()), tok.Kind())
	}
	for dec.PeekKind() != ']' {
		from := dec.InputOffset()
		var f model.Full
		if err := jsonv2.UnmarshalDecode(dec, &f, jsonv2.RejectUnknownMembers(true)); err != nil {
			return a.explain(err)
		}
		if err := yield(f, dec.InputOffset()-from); err != nil {
			return err
		}
	}
	_, err = dec.ReadToken()
	return a.explain(err)
}

// explain says where and how the file went wrong, with the line and
// column; nil stays nil.
func (a *File) explain(err error) error {
	var syn *jsontext.SyntacticError
	var sem *jsonv2.SemanticError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("%s ends too early: it is cut off or empty; export again", a.name)
	case errors.As(err, &sem) && errors.Is(sem.Err, jsonv2.ErrUnknownName):
		return fmt.Errorf("%s near %s: unknown field %q: this mentorlog does not know it, so importing would lose it; remove it or update mentorlog",
			a.name, a.position(sem.ByteOffset), sem.JSONPointer.LastToken())
	case errors.As(err, &sem):
		got := "a JSON " + sem.JSONKind.String()
		v := string(sem.JSONValue)
		if v == "" {
			v = a.valueAt(sem.ByteOffset) // a value read whole, then refused: a date in another form
		}
		if v != "" {
			got = model.SanitizeLine(v)
			if len(got) > 40 {
				got = got[:40] + "…"
			}
		}
		return fmt.Errorf("%s at %s: %s should be %s, not %s", a.name, a.position(sem.ByteOffset), field(sem.JSONPointer), kindOf(sem.GoType), got)
	case errors.As(err, &syn):
		return fmt.Errorf("%s is not valid JSON at %s (%v): it should be a file written by `mentorlog export`", a.name, a.position(syn.ByteOffset), syn.Err)
	}
	return fmt.Errorf("cannot read %s: %w", a.name, err)
}

// valueAt is the JSON value that starts at byte off of the file, as it is
// written there, or "" when it cannot be read (or is long).
func (a *File) valueAt(off int64) string {
	f, err := os.Open(a.path)
	if err != nil || off < 0 {
		return ""
	}
	defer f.Close()
	buf := make([]byte, 256)
	n, _ := f.ReadAt(buf, off)
	v, err := jsontext.NewDecoder(bytes.NewReader(buf[:n])).ReadValue()
	if err != nil {
		return ""
	}
	return string(v)
}

// kindOf says in words what a value of Go type t is written as.
func kindOf(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	if t == reflect.TypeOf(time.Time{}) {
		return "a date and time such as 2026-03-02T09:00:00Z"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "a base64 string"
		}
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return kindOf(t.Elem())
	}
	return "another kind of value"
}

// field writes a JSON pointer as the place names validation uses:
// /relationships/2/goals/0/title is relationships[2].goals[0].title.
func field(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// position is the line and column of byte off of the file, read again
// (a problem is found once).
func (a *File) position(off int64) string {
	line, col := 1, 1
	if f, err := os.Open(a.path); err == nil {
		r := bufio.NewReader(io.LimitReader(f, max(off, 0)))
		for {
			c, err := r.ReadByte()
			if err != nil {
				break
			}
			switch {
			case c == '\n':
				line, col = line+1, 1
			case c&0xc0 != 0x80: // a character's first byte: columns count characters
				col++
			}
		}
		f.Close()
	}
	return "line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col)
}
