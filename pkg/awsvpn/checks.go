package awsvpn

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
)

// tokenProblem says why v cannot be typed into the router as one CLI word, or
// returns "". Whitespace, control characters and '?' would all change what
// the IX reads (a '?' re-displays the line instead of entering it).
func tokenProblem(v string) string {
	for _, r := range v {
		switch {
		case r == '\n' || r == '\r':
			return "contains a line break (it would inject CLI input)"
		case r == '?':
			return "contains '?' (it would inject CLI input)"
		case unicode.IsSpace(r):
			return "contains whitespace inside the value (it would inject CLI input)"
		case unicode.IsControl(r) || r == unicode.ReplacementChar:
			return "contains a control character (it would inject CLI input)"
		case r > unicode.MaxASCII:
			return "contains a non-ASCII character"
		}
	}
	return ""
}

// withheld is what an error says instead of a value that holds a key.
const withheld = "(a value holding a pre-shared key, not shown)"

// shown quotes a value for an error message, capped so a garbage file cannot
// flood the one-line error. A value that holds one of the connection's keys,
// or a good part of one, is not quoted: in a hand-written file a key pasted
// into the wrong field is an easy slip.
func (c tunnelCheck) shown(v string) string {
	for _, s := range c.secrets {
		if len(s) >= minSecretMatch && (strings.Contains(v, s) || len(v) >= minSecretMatch && strings.Contains(s, v)) {
			return withheld
		}
	}
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	return strconv.Quote(v)
}

// minSecretMatch is the shortest key, or part of a key, that shown
// withholds; shorter values are too likely to be innocent.
const minSecretMatch = 8

// tunnelCheck collects the per-tunnel context for error messages. With no
// ip and index it reports about the connection as a whole.
type tunnelCheck struct {
	ip    netip.Addr
	index int
	// secrets are every key in the input, for shown.
	secrets []string
}

func (c tunnelCheck) errf(field, format string, args ...any) error {
	return &FieldError{Tunnel: c.ip, Index: c.index, Field: field, Problem: fmt.Sprintf(format, args...)}
}

// text checks a string field for presence and CLI safety.
func (c tunnelCheck) text(field, v string) (string, error) {
	if v == "" {
		return "", c.errf(field, "missing (truncated file?)")
	}
	if p := tokenProblem(v); p != "" {
		return "", c.errf(field, "%s", p)
	}
	return v, nil
}

func (c tunnelCheck) addr(field, v string) (netip.Addr, error) {
	v, err := c.text(field, v)
	if err != nil {
		return netip.Addr{}, err
	}
	a, perr := netip.ParseAddr(v)
	if perr != nil || !a.Is4() {
		return netip.Addr{}, c.errf(field, "%s is not an IPv4 address", c.shown(v))
	}
	return a, nil
}

func (c tunnelCheck) number(field, v string, lo, hi uint64) (uint64, error) {
	v, err := c.text(field, v)
	if err != nil {
		return 0, err
	}
	n, perr := strconv.ParseUint(v, 10, 64)
	if perr != nil || n < lo || n > hi {
		return 0, c.errf(field, "%s is not a number in %d–%d", c.shown(v), lo, hi)
	}
	return n, nil
}

// optNumber is number for fields a format may omit; absent gives def.
func (c tunnelCheck) optNumber(field, v string, lo, hi uint64, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := c.number(field, v, lo, hi)
	return int(n), err
}

// prefixLen reads the prefix length from whichever of "/len" in the address,
// a dotted mask, or a bare length the input gave, and checks they agree.
func (c tunnelCheck) prefixLen(field, addr, mask, bare string) (netip.Addr, int, error) {
	addr, err := c.text(field, addr)
	if err != nil {
		return netip.Addr{}, 0, err
	}
	bits := -1
	agree := func(n int) error {
		if bits >= 0 && n != bits {
			return c.errf(field, "prefix length /%d and /%d disagree", bits, n)
		}
		bits = n
		return nil
	}
	var a netip.Addr
	if strings.Contains(addr, "/") {
		p, perr := netip.ParsePrefix(addr)
		if perr != nil || !p.Addr().Is4() {
			return netip.Addr{}, 0, c.errf(field, "%s is not an IPv4 address with prefix length", c.shown(addr))
		}
		a, bits = p.Addr(), p.Bits()
	} else {
		if a, err = c.addr(field, addr); err != nil {
			return netip.Addr{}, 0, err
		}
	}
	if mask != "" {
		if p := tokenProblem(mask); p != "" {
			return netip.Addr{}, 0, c.errf(field+" mask", "%s", p)
		}
		n, ok := maskBits(mask)
		if !ok {
			return netip.Addr{}, 0, c.errf(field+" mask", "%s is not a netmask", c.shown(mask))
		}
		if err := agree(n); err != nil {
			return netip.Addr{}, 0, err
		}
	}
	if bare != "" {
		n, err := c.number(field+" prefix length", bare, 0, 32)
		if err != nil {
			return netip.Addr{}, 0, err
		}
		if err := agree(int(n)); err != nil {
			return netip.Addr{}, 0, err
		}
	}
	return a, bits, nil
}

func maskBits(mask string) (int, bool) {
	m, err := netip.ParseAddr(mask)
	if err != nil || !m.Is4() {
		return 0, false
	}
	b := m.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n := 0
	for v&0x80000000 != 0 {
		n++
		v <<= 1
	}
	return n, v == 0
}
