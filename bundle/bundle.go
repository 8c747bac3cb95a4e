// Package bundle seals what one journal sends the other of a relationship
// (model.Bundle) to the partner's age X25519 recipient, so that it can
// travel by mail, a USB stick, chat or a synced folder without anyone else
// reading it, and opens what the partner sent.
//
// A bundle file is an age file (filippo.io/age) whose plaintext is the
// bundle's JSON, gzip-compressed. age authenticates every chunk, so a
// bundle changed or cut short in transit is refused whole.
package bundle

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/klauspost/compress/gzip"
	"io"
	"strings"

	"filippo.io/age"
	"github.com/go-json-experiment/json/jsontext"

	"mentorlog/model"
)

// Errors Open returns; each is wrapped in a message that says what to do.
var (
	ErrNotBundle = errors.New("not a mentorlog bundle")
	ErrNotForUs  = errors.New("bundle sealed to someone else")
	ErrDamaged   = errors.New("bundle damaged or cut short")
	ErrNewer     = errors.New("bundle from a newer mentorlog")
)

// maxPlain bounds what an opened bundle may unpack to, so a crafted one
// cannot fill the memory.
const maxPlain = 1 << 30

// NewIdentity makes a journal's key pair: the secret (AGE-SECRET-KEY-1…)
// and its public recipient (age1…).
func NewIdentity() (secret, recipient string, err error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", "", err
	}
	return id.String(), id.Recipient().String(), nil
}

// RecipientOf returns the public recipient of a secret identity.
func RecipientOf(secret string) (string, error) {
	id, err := age.ParseX25519Identity(secret)
	if err != nil {
		return "", err
	}
	return id.Recipient().String(), nil
}

// CheckRecipient says plainly what is wrong with a recipient typed or
// pasted by a person.
func CheckRecipient(s string) error {
	if _, err := age.ParseX25519Recipient(strings.TrimSpace(s)); err != nil {
		return fmt.Errorf("%q is not a journal's recipient: it starts with age1 and is what `mentorlog id` prints on the other laptop", s)
	}
	return nil
}

// Seal writes b to w, sealed to recipient. The records' values are
// written as they are (the store's own canonical JSON), not re-encoded.
func Seal(w io.Writer, b model.Bundle, recipient string) error {
	r, err := age.ParseX25519Recipient(strings.TrimSpace(recipient))
	if err != nil {
		return CheckRecipient(recipient)
	}
	enc, err := age.Encrypt(w, r)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(enc, gzip.BestSpeed)
	if err != nil {
		return err
	}
	if err := Write(zw, b); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return enc.Close()
}

// Write writes b unsealed, as model.Bundle's JSON with one record a line:
// what Seal seals and Parse reads.
func Write(dst io.Writer, b model.Bundle) error {
	w := bufio.NewWriterSize(dst, 1<<16)
	if err := write(w, b); err != nil {
		return err
	}
	return w.Flush()
}

func write(w *bufio.Writer, b model.Bundle) error {
	records := b.Records
	b.Records = nil
	head, err := json.Marshal(b)
	if err != nil {
		return err
	}
	head = bytes.TrimSuffix(head, []byte(`,"records":null}`))
	w.Write(head)
	w.WriteString(`,"records":[`)
	for i, r := range records {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n{\"kind\":")
		writeString(w, r.Kind)
		w.WriteString(`,"id":`)
		writeString(w, string(r.ID))
		if r.Value != nil {
			if !json.Valid(r.Value) {
				return fmt.Errorf("the %s %s to share is not valid JSON", r.Kind, r.ID)
			}
			w.WriteString(`,"value":`)
			w.Write(r.Value)
		}
		if r.Rev != nil {
			w.WriteString(`,"rev":"`)
			enc := base64.NewEncoder(base64.StdEncoding, w)
			enc.Write(r.Rev)
			enc.Close()
			w.WriteByte('"')
		}
		w.WriteByte('}')
	}
	w.WriteString("\n]}\n")
	return nil
}

func writeString(w *bufio.Writer, s string) {
	b, _ := json.Marshal(s)
	w.Write(b)
}

// Open reads a bundle sealed to secret and checks its shape
// (model.Bundle.Validate).
func Open(r io.Reader, secret string) (model.Bundle, error) {
	var b model.Bundle
	id, err := age.ParseX25519Identity(secret)
	if err != nil {
		return b, fmt.Errorf("this journal's identity cannot be read: %w", err)
	}
	// The first bytes, kept to tell a JSON file from a damaged bundle.
	var head bytes.Buffer
	plain, err := age.Decrypt(io.TeeReader(r, &limitWriter{&head, 64}), id)
	if err != nil {
		var nomatch *age.NoIdentityMatchError
		switch {
		case errors.As(err, &nomatch):
			return b, fmt.Errorf("%w: this bundle was sealed to another journal, not to this one; ask your partner to share again with the recipient `mentorlog id` prints here", ErrNotForUs)
		case strings.Contains(err.Error(), "header") || strings.Contains(err.Error(), "intro"):
			if bytes.HasPrefix(bytes.TrimLeft(head.Bytes(), " \t\r\n"), []byte("{")) {
				return b, fmt.Errorf("%w: this file is JSON, perhaps an export: add an export with `mentorlog import FILE`; receive reads what `mentorlog share` writes", ErrNotBundle)
			}
			return b, fmt.Errorf("%w: this file is not a bundle written by `mentorlog share`", ErrNotBundle)
		}
		return b, fmt.Errorf("%w: %v; ask your partner to share it again", ErrDamaged, err)
	}
	zr, err := gzip.NewReader(plain)
	if err != nil {
		return b, fmt.Errorf("%w: its contents cannot be unpacked (%v); ask your partner to share it again", ErrDamaged, err)
	}
	// Unpack on one core while the JSON is read on another.
	pr, pw := io.Pipe()
	go func() {
		n, err := io.Copy(pw, io.LimitReader(zr, maxPlain+1))
		if err == nil && n > maxPlain {
			err = fmt.Errorf("it unpacks to more than %d MiB", maxPlain>>20)
		}
		pw.CloseWithError(err)
	}()
	b, err = Parse(bufio.NewReaderSize(pr, 1<<16))
	pr.CloseWithError(io.ErrClosedPipe) // stops the copy if Parse ended early
	return b, err
}

// Parse reads an unsealed bundle (what Write writes) and checks its
// shape (model.Bundle.Validate).
func Parse(r io.Reader) (model.Bundle, error) {
	b, err := read(r)
	if err != nil {
		return model.Bundle{}, fmt.Errorf("%w: %v; ask your partner to share it again", ErrDamaged, err)
	}
	if b.Format == model.BundleFormat && b.Version > model.BundleVersion {
		return model.Bundle{}, fmt.Errorf("%w: it was written by a newer mentorlog (bundle version %d; this one reads up to %d): update mentorlog, then receive it again", ErrNewer, b.Version, model.BundleVersion)
	}
	if err := b.Validate(); err != nil {
		return model.Bundle{}, fmt.Errorf("%w: %v", ErrNotBundle, err)
	}
	return b, nil
}

// read decodes the JSON write writes. Every name must be known; a
// record's value is kept as the bytes it was written as.
func read(r io.Reader) (model.Bundle, error) {
	var b model.Bundle
	dec := jsontext.NewDecoder(r)
	if t, err := dec.ReadToken(); err != nil || t.Kind() != '{' {
		return b, fmt.Errorf("it does not hold a bundle")
	}
	head := map[string]any{
		"format": &b.Format, "version": &b.Version, "from": &b.From, "recipient": &b.Recipient,
		"party": &b.Party, "to": &b.To, "relationship": &b.RelID, "written": &b.Written,
	}
	value := func() ([]byte, error) {
		v, err := dec.ReadValue()
		return bytes.Clone(v), err
	}
	for dec.PeekKind() == '"' {
		t, err := dec.ReadToken()
		if err != nil {
			return b, err
		}
		name := t.String()
		if name == "records" {
			if err := readRecords(dec, value, &b); err != nil {
				return b, err
			}
			continue
		}
		dst, ok := head[name]
		if !ok {
			return b, fmt.Errorf("unknown field %q", name)
		}
		v, err := value()
		if err != nil {
			return b, err
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return b, fmt.Errorf("%s: %v", name, err)
		}
	}
	if t, err := dec.ReadToken(); err != nil || t.Kind() != '}' {
		return b, fmt.Errorf("the bundle does not end where it should")
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return b, fmt.Errorf("there is more after the bundle")
	}
	return b, nil
}

func readRecords(dec *jsontext.Decoder, value func() ([]byte, error), b *model.Bundle) error {
	if t, err := dec.ReadToken(); err != nil || t.Kind() != '[' {
		return fmt.Errorf("records: not a list")
	}
	for dec.PeekKind() == '{' {
		dec.ReadToken()
		var r model.BundleRecord
		for dec.PeekKind() == '"' {
			t, err := dec.ReadToken()
			if err != nil {
				return err
			}
			name := t.String()
			v, err := value()
			if err != nil {
				return err
			}
			switch name {
			case "kind":
				err = json.Unmarshal(v, &r.Kind)
			case "id":
				err = json.Unmarshal(v, &r.ID)
			case "value":
				r.Value = json.RawMessage(v)
			case "rev":
				err = json.Unmarshal(v, &r.Rev)
			default:
				err = fmt.Errorf("unknown field")
			}
			if err != nil {
				return fmt.Errorf("records[%d].%s: %v", len(b.Records), name, err)
			}
		}
		if t, err := dec.ReadToken(); err != nil || t.Kind() != '}' {
			return fmt.Errorf("records[%d]: not a record", len(b.Records))
		}
		b.Records = append(b.Records, r)
	}
	if t, err := dec.ReadToken(); err != nil || t.Kind() != ']' {
		return fmt.Errorf("records: the list does not end where it should")
	}
	return nil
}

// limitWriter keeps the first n bytes written to it.
type limitWriter struct {
	b *bytes.Buffer
	n int
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if room := w.n - w.b.Len(); room > 0 {
		w.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
