package showparse

import (
	"net/netip"
	"strconv"
	"strings"
)

// Small value parsers shared by the show parsers. Each returns ok=false
// instead of an error so callers can name the line in their own error.

func atoi(s string) (int, bool) {
	n, err := strconv.ParseUint(s, 10, 31)
	return int(n), err == nil
}

func atou32(s string) (uint32, bool) {
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil
}

func validAddr(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

func validPrefix(s string) bool {
	_, err := netip.ParsePrefix(s)
	return err == nil
}

// parseCounts reads "N configured, M created", the tail of the first line of
// `show ike sa` and `show ipsec sa`.
func parseCounts(s string) (configured, created int, ok bool) {
	a, b, found := strings.Cut(s, " configured, ")
	if !found {
		return 0, 0, false
	}
	b, found = strings.CutSuffix(b, " created")
	if !found {
		return 0, 0, false
	}
	configured, ok1 := atoi(a)
	created, ok2 := atoi(b)
	return configured, created, ok1 && ok2
}

// parseAddrPort reads "192.168.1.10" or "192.168.1.10, port is 500".
func parseAddrPort(s string) (addr string, port int, ok bool) {
	addr, p, hasPort := strings.Cut(s, ", port is ")
	if !validAddr(addr) {
		return "", 0, false
	}
	if !hasPort {
		return addr, 0, true
	}
	port, ok = atoi(p)
	if !ok || port > 65535 {
		return "", 0, false
	}
	return addr, port, true
}

// word reports whether s is one non-empty token of printable ASCII.
func word(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// phrase reports whether s is non-empty printable ASCII with single spaces,
// the shape of every free-text value the IX prints.
func phrase(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// firstContent returns the index of the first non-blank line, or -1.
func firstContent(lines []Line) int {
	for i, l := range lines {
		if strings.TrimSpace(l.Text) != "" {
			return i
		}
	}
	return -1
}
