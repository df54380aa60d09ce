package awsvpn

import (
	"errors"
	"fmt"
	"net/netip"
)

var (
	// ErrInvalid is wrapped by every error about bad or incomplete input.
	ErrInvalid = errors.New("invalid AWS VPN configuration")
	// ErrUnsupported is wrapped when the input is valid but describes a
	// connection ixpush cannot provision yet (static routing).
	ErrUnsupported = errors.New("not supported yet")
)

// FieldError names one bad value. Tunnel is the AWS outside IP when known;
// Index (1-based, in file order) identifies the tunnel otherwise. The value
// itself is never part of the message: it may be a key.
type FieldError struct {
	Tunnel  netip.Addr
	Index   int
	Field   string
	Problem string
	// Err is ErrInvalid or ErrUnsupported.
	Err error
}

func (e *FieldError) Error() string {
	var where string
	switch {
	case e.Tunnel.IsValid():
		where = "tunnel " + e.Tunnel.String() + ": "
	case e.Index > 0:
		where = fmt.Sprintf("tunnel #%d: ", e.Index)
	}
	if e.Field == "" {
		return where + e.Problem
	}
	return where + e.Field + ": " + e.Problem
}

func (e *FieldError) Unwrap() error {
	if e.Err == nil {
		return ErrInvalid
	}
	return e.Err
}

// connErrorf reports a problem that belongs to no single tunnel.
func connErrorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}
