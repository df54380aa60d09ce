package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh/knownhosts"
)

// Sentinel errors; every error Dial or a Shell returns wraps at most one of
// them, so callers branch with errors.Is.
var (
	// ErrHostKeyUnknown: the host has no entry in known_hosts.
	ErrHostKeyUnknown = errors.New("host key unknown")
	// ErrHostKeyChanged: known_hosts holds a different key for the host.
	ErrHostKeyChanged = errors.New("host key changed")
	// ErrAuth: the server rejected every authentication method offered.
	ErrAuth = errors.New("authentication failed")
	// ErrUnreachable: no TCP connection or no SSH handshake.
	ErrUnreachable = errors.New("host unreachable")
	// ErrNegotiation: client and server share no algorithm of some kind.
	ErrNegotiation = errors.New("ssh algorithm negotiation failed")
	// ErrClosed: the session ended while a reply was still expected.
	ErrClosed = errors.New("session closed")
	// ErrTimeout: the context's deadline passed before the prompt came back.
	ErrTimeout = errors.New("timed out waiting for the device")
	// ErrInterrupted: the caller cancelled the context (Ctrl-C, SIGTERM)
	// before the prompt came back; the device is not known to be slow.
	ErrInterrupted = errors.New("interrupted")
	// ErrEcho: the device did not echo the line that was sent.
	ErrEcho = errors.New("echo does not match the line sent")
	// ErrTypeahead: lines typed ahead in one write were lost or reordered.
	ErrTypeahead = errors.New("typed-ahead input lost or reordered")
	// ErrConfig: a bad option, ssh_config entry or key file.
	ErrConfig = errors.New("invalid ssh settings")
)

// CtxSentinel is the sentinel for a ctx that ended: ErrInterrupted when it
// was cancelled, ErrTimeout when its deadline passed (or it has not ended).
func CtxSentinel(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return ErrInterrupted
	}
	return ErrTimeout
}

// Hint names what the caller could change to get past an error. session
// states it as data; how it reads (a flag, a field of a settings file) is
// the caller's to say, since session knows neither.
type Hint uint8

const (
	HintNone Hint = iota
	// HintAcceptNewHostKey: the host key is unknown; once its fingerprint
	// is checked, WithAcceptNewHostKey(true) trusts and records it.
	HintAcceptNewHostKey
	// HintLegacyAlgorithms: the server offers only algorithms not offered
	// by default; WithLegacyAlgorithms can add one of them if it is
	// supported.
	HintLegacyAlgorithms
	// HintConnectTimeout: the connect bound ran out (WithConnectTimeout);
	// a slow path may need a longer one.
	HintConnectTimeout
	// HintCommandTimeout: the bound on one reply ran out
	// (WithCommandTimeout); a slow device may need a longer one.
	HintCommandTimeout
)

func (h Hint) String() string {
	switch h {
	case HintAcceptNewHostKey:
		return "WithAcceptNewHostKey"
	case HintLegacyAlgorithms:
		return "WithLegacyAlgorithms"
	case HintConnectTimeout:
		return "WithConnectTimeout"
	case HintCommandTimeout:
		return "WithCommandTimeout"
	}
	return "none"
}

// HintOf returns the hint of the first error in err's tree that carries
// one, HintNone if none does.
func HintOf(err error) Hint {
	var h interface{ hint() Hint }
	if errors.As(err, &h) {
		return h.hint()
	}
	return HintNone
}

// HostKeyError reports a host key that known_hosts does not vouch for. It
// wraps ErrHostKeyUnknown or ErrHostKeyChanged.
type HostKeyError struct {
	Host        string // host:port as checked against known_hosts
	KeyType     string // type of the key the server offered
	Fingerprint string // SHA256 fingerprint of the key the server offered
	KnownHosts  string // the file consulted
	// Known lists "type fingerprint (file:line)" for each key on record
	// (changed keys only).
	Known []string
	// Hint is HintAcceptNewHostKey for an unknown key; a changed key has
	// none, since nothing but editing known_hosts should get past it.
	Hint Hint
	kind error
}

func (e *HostKeyError) Error() string {
	if e.kind == ErrHostKeyChanged {
		return fmt.Sprintf("host key for %s has CHANGED: the server offers %s %s but %s records %s; refusing to connect "+
			"(if the host was really replaced, remove the old entry with: ssh-keygen -R %s -f %s)",
			e.Host, e.KeyType, e.Fingerprint, e.KnownHosts, strings.Join(e.Known, ", "), knownhosts.Normalize(e.Host), e.KnownHosts)
	}
	return fmt.Sprintf("host key for %s is unknown: the server offers %s %s, which is not in %s; "+
		"check the fingerprint on the host",
		e.Host, e.KeyType, e.Fingerprint, e.KnownHosts)
}

func (e *HostKeyError) Unwrap() error { return e.kind }

func (e *HostKeyError) hint() Hint { return e.Hint }

// NegotiationError reports that client and server share no algorithm of
// one kind. It wraps ErrNegotiation.
type NegotiationError struct {
	Host   string   // the name given to Dial
	Addr   string   // host:port connected to
	What   string   // the kind: "cipher", "key exchange", ...
	Server []string // what the server offers
	Client []string // what this client offered
	Hint   Hint     // HintLegacyAlgorithms
}

func (e *NegotiationError) Error() string {
	return fmt.Sprintf("%v with %s (%s): no common %s: %s offers %s; this client offers %s",
		ErrNegotiation, e.Host, e.Addr, e.What, e.Host, strings.Join(e.Server, ","), strings.Join(e.Client, ","))
}

func (e *NegotiationError) Unwrap() error { return ErrNegotiation }

func (e *NegotiationError) hint() Hint { return e.Hint }

// EchoError reports what came back instead of the echo of a line.
type EchoError struct {
	Index int    // position of the line in the write
	Want  string // the line sent (redacted)
	Got   string // what the device printed instead (redacted)
	// Lost: the device showed its prompt and then stayed silent, so it
	// dropped the line (and every later one) rather than reordering them.
	Lost bool
	Err  error // ErrEcho or ErrTypeahead
}

func (e *EchoError) Error() string {
	if e.Lost {
		return fmt.Sprintf("line %d of one write and the ones after it were dropped by the device (it showed its prompt and nothing more): %v", e.Index+1, e.Err)
	}
	if e.Err == ErrTypeahead {
		return fmt.Sprintf("%q, typed ahead as line %d of one write, was not echoed in order (device printed %q): %v", e.Want, e.Index+1, e.Got, e.Err)
	}
	return fmt.Sprintf("%q: device printed %q instead of its echo: %v", e.Want, e.Got, e.Err)
}

func (e *EchoError) Unwrap() error { return e.Err }

// TimeoutError is a bound the caller set that ran out: what did not come
// from the host, which bound it was and how long. It wraps ErrTimeout.
type TimeoutError struct {
	Host  string        // the name given to Dial
	Addr  string        // host:port, when it says more than Host
	What  string        // what was still missing: "no SSH banner", "no prompt after \"<line>\"" (redacted)
	Bound string        // the bound's name for people: "connect timeout", "command timeout"
	Limit time.Duration // how long it was
	Hint  Hint          // HintConnectTimeout, HintCommandTimeout or a caller's
}

func (e *TimeoutError) Error() string {
	host := e.Host
	if e.Addr != "" && e.Addr != e.Host {
		host += " (" + e.Addr + ")"
	}
	return fmt.Sprintf("%s from %s within %s (%s)", e.What, host, e.Limit, e.Bound)
}

func (e *TimeoutError) Unwrap() error { return ErrTimeout }

func (e *TimeoutError) hint() Hint { return e.Hint }
