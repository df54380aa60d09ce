package awsvpn

import (
	"fmt"
	"io"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// Secret holds a pre-shared key. Every way of printing it — fmt verbs,
// String, JSON — yields [dialect.Mask], the tool's one mask string; only
// [Secret.Reveal] returns the value, so a leak needs a deliberate call that
// shows up in review.
type Secret struct{ v string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{v: s} }

// Reveal returns the secret in clear. Call it only to type the key into the
// router or when the user asked for --reveal-secrets.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.v == "" }

// String returns [dialect.Mask] (or "" for an empty secret).
func (s Secret) String() string {
	if s.v == "" {
		return ""
	}
	return dialect.Mask
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return fmt.Sprintf("awsvpn.Secret(%q)", s.String()) }

// Format covers every fmt verb, including %x and %q, which would otherwise
// reach the unexported field through reflection.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, s.GoString())
		return
	}
	io.WriteString(f, s.String())
}

// MarshalJSON writes [dialect.Mask].
func (s Secret) MarshalJSON() ([]byte, error) {
	return []byte(`"` + s.String() + `"`), nil
}

// MarshalText writes [dialect.Mask], for encoders other than JSON.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
