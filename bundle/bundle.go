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
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"

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

// Seal writes b to w, sealed to recipient.
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
	bw := bufio.NewWriterSize(zw, 1<<16)
	if err := json.NewEncoder(bw).Encode(b); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return enc.Close()
}

// Open reads a bundle sealed to secret and checks its shape
// (model.Bundle.Validate).
func Open(r io.Reader, secret string) (model.Bundle, error) {
	var b model.Bundle
	id, err := age.ParseX25519Identity(secret)
	if err != nil {
		return b, fmt.Errorf("this journal's identity cannot be read: %w", err)
	}
	plain, err := age.Decrypt(r, id)
	if err != nil {
		var nomatch *age.NoIdentityMatchError
		switch {
		case errors.As(err, &nomatch):
			return b, fmt.Errorf("%w: this bundle was sealed to another journal, not to this one; ask your partner to share again with the recipient `mentorlog id` prints here", ErrNotForUs)
		case strings.Contains(err.Error(), "header") || strings.Contains(err.Error(), "intro"):
			return b, fmt.Errorf("%w: this file is not a bundle written by `mentorlog share` (%v)", ErrNotBundle, err)
		}
		return b, fmt.Errorf("%w: %v; ask your partner to share it again", ErrDamaged, err)
	}
	zr, err := gzip.NewReader(plain)
	if err != nil {
		return b, fmt.Errorf("%w: its contents cannot be unpacked (%v); ask your partner to share it again", ErrDamaged, err)
	}
	dec := json.NewDecoder(io.LimitReader(zr, maxPlain))
	if err := dec.Decode(&b); err != nil {
		return model.Bundle{}, fmt.Errorf("%w: %v; ask your partner to share it again", ErrDamaged, err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
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
