// Package codec encrypts Temporal payloads with AES-256-GCM, so that the
// Temporal server stores workflow inputs, activity results, heartbeat
// details and failure details as ciphertext.
//
// Each encrypted payload names the id of the key that encrypted it in its
// metadata, so keys can rotate. A codec encrypts with one key and decrypts
// with any key it is given. A key that is replaced stays configured,
// read-only, for as long as histories written with it are kept.
package codec

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"sort"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

const (
	// MetadataEncoding is the metadata key that the SDK's converters read
	// to pick a decoder.
	MetadataEncoding = converter.MetadataEncoding
	// EncodingEncrypted is the encoding of a payload this codec encrypted.
	EncodingEncrypted = "binary/encrypted"
	// MetadataKeyID names the key that encrypted the payload.
	MetadataKeyID = "encryption-key-id"
	// MetadataCipher names the cipher, so a later cipher can sit beside
	// this one.
	MetadataCipher = "encryption-cipher"
	// CipherAES256GCM is the only cipher this package writes.
	CipherAES256GCM = "AES-256-GCM"
	// KeySize is the size of an AES-256 key in bytes.
	KeySize = 32
)

// ErrUnknownKey is wrapped by a Decode error for a payload whose key id is
// not configured.
var ErrUnknownKey = errors.New("encryption key not configured")

// ErrDecrypt is wrapped by a Decode error for a payload that its key does
// not open: another key under the same id, or altered ciphertext.
var ErrDecrypt = errors.New("payload decryption failed")

// Codec is a converter.PayloadCodec. Encode encrypts with the current key,
// and Decode decrypts with the key that the payload names. Its methods are
// safe for concurrent use.
type Codec struct {
	currentID string
	aeads     map[string]cipher.AEAD
}

var _ converter.PayloadCodec = (*Codec)(nil)

// New returns a codec that encrypts with keys[currentID] and decrypts with
// any key in keys. Each key must be KeySize bytes. currentID may be empty
// for a codec that only decrypts, whose Encode fails.
func New(currentID string, keys map[string][]byte) (*Codec, error) {
	if currentID != "" {
		if _, ok := keys[currentID]; !ok {
			return nil, fmt.Errorf("codec: no key with id %q", currentID)
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("codec: no keys")
	}
	c := &Codec{currentID: currentID, aeads: map[string]cipher.AEAD{}}
	for id, key := range keys {
		if err := checkKeyID(id); err != nil {
			return nil, err
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("codec: key %q is %d bytes, want %d (AES-256)", id, len(key), KeySize)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("codec: key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("codec: key %q: %w", id, err)
		}
		c.aeads[id] = aead
	}
	return c, nil
}

// checkKeyID rejects an id that could not be read back from metadata and
// messages unambiguously: empty, or holding spaces, commas, "=" or
// control characters.
func checkKeyID(id string) error {
	if id == "" {
		return errors.New("codec: empty key id")
	}
	if strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r == ',' || r == '=' || r == 0x7f }) {
		return fmt.Errorf("codec: key id %q must not contain spaces, commas, \"=\" or control characters", id)
	}
	return nil
}

// CurrentKeyID returns the id of the key that Encode uses.
func (c *Codec) CurrentKeyID() string { return c.currentID }

// KeyIDs returns the ids of every key the codec decrypts with, sorted.
func (c *Codec) KeyIDs() []string {
	ids := make([]string, 0, len(c.aeads))
	for id := range c.aeads {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Encode encrypts each payload, metadata included, into a new payload whose
// data is the GCM nonce followed by the ciphertext. The key id and the
// encoding are bound to the ciphertext as additional data, so a payload
// cannot be relabelled with another key id.
func (c *Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	if c.currentID == "" {
		return nil, errors.New("codec: no encryption key configured, only read-only keys")
	}
	aead := c.aeads[c.currentID]
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plaintext, err := proto.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("codec: encode payload: %w", err)
		}
		nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
		if _, err := rand.Read(nonce); err != nil {
			return nil, fmt.Errorf("codec: nonce: %w", err)
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				MetadataEncoding: []byte(EncodingEncrypted),
				MetadataKeyID:    []byte(c.currentID),
				MetadataCipher:   []byte(CipherAES256GCM),
			},
			Data: aead.Seal(nonce, nonce, plaintext, additionalData(c.currentID)),
		}
	}
	return out, nil
}

// Decode decrypts each payload that Encode wrote and returns the others
// unchanged, so histories written before encryption was turned on stay
// readable.
func (c *Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[MetadataEncoding]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		decoded, err := c.decrypt(p)
		if err != nil {
			return nil, err
		}
		out[i] = decoded
	}
	return out, nil
}

func (c *Codec) decrypt(p *commonpb.Payload) (*commonpb.Payload, error) {
	id := string(p.GetMetadata()[MetadataKeyID])
	if id == "" {
		return nil, fmt.Errorf("codec: encrypted payload has no %s metadata", MetadataKeyID)
	}
	if name := string(p.GetMetadata()[MetadataCipher]); name != CipherAES256GCM {
		return nil, fmt.Errorf("codec: payload encrypted with key %q uses cipher %q, want %s", id, name, CipherAES256GCM)
	}
	aead, ok := c.aeads[id]
	if !ok {
		return nil, fmt.Errorf("codec: payload encrypted with key %q: %w (configured: %s); "+
			"add it as a read-only key", id, ErrUnknownKey, strings.Join(c.KeyIDs(), ", "))
	}
	data := p.GetData()
	if len(data) < aead.NonceSize()+aead.Overhead() {
		return nil, fmt.Errorf("codec: payload encrypted with key %q: %w: ciphertext of %d bytes is too short",
			id, ErrDecrypt, len(data))
	}
	nonce, ciphertext := data[:aead.NonceSize()], data[aead.NonceSize():]
	plaintext, err := aead.Open(nil, nonce, ciphertext, additionalData(id))
	if err != nil {
		return nil, fmt.Errorf("codec: payload encrypted with key %q: %w: the configured key %q is not the one "+
			"that encrypted it, or the ciphertext was altered", id, ErrDecrypt, id)
	}
	decoded := &commonpb.Payload{}
	if err := proto.Unmarshal(plaintext, decoded); err != nil {
		return nil, fmt.Errorf("codec: payload encrypted with key %q: decrypted data is not a payload: %w", id, err)
	}
	return decoded, nil
}

func additionalData(keyID string) []byte {
	return []byte(EncodingEncrypted + "\x00" + CipherAES256GCM + "\x00" + keyID)
}
