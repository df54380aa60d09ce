package ixsim

import (
	"net/netip"
	"strconv"
	"strings"
)

// paramKinds validates parameter tokens. A token a kind rejects is reported
// as `% TOKEN -- Invalid command.`, the only parameter error the captures show.
var paramKinds = map[string]func(string) bool{
	"name":     validName,
	"word":     func(s string) bool { return s != "" },
	"ipv4":     validIPv4,
	"hostaddr": validHostPrefix, // A.B.C.D/N, host bits allowed (interface address)
	"network":  validNetwork,    // A.B.C.D/N, host bits zero
	"asn":      numRange(1, 4294967295),
	"lifetime": numRange(60, 604800),
	"ipsecsec": numRange(60, 604800),
	"interval": numRange(1, 600),
	"retries":  numRange(1, 100),
	"natsec":   numRange(1, 3600),
	"mss":      numRange(536, 1460),
	"ipmtu":    numRange(68, 1500),
	"keepalv":  numRange(0, 65535),
	"hold":     numRange(0, 65535),
	"length":   numRange(0, 512),
	"width":    numRange(60, 512),
	"distance": numRange(1, 255),
	// vlan-group numbers and switch ports: 1–8 on the capture's IX2215 [G].
	"vlangroup": numRange(1, maxVLANPorts),
	"vlanport":  numRange(1, maxVLANPorts),
	"tunnelif":  isTunnelIf,
	"gigaif":    isGigaIf,
	// Routes to Null0.0 (blackholes) and unnumbered Loopback0.0 are common
	// in IX configs; both interfaces always exist on the device [G].
	"anyif": func(s string) bool {
		return isTunnelIf(s) || isGigaIf(s) || s == "Loopback0.0" || s == "Null0.0"
	},
}

func isTunnelIf(s string) bool { _, ok := parseIfName(s, "Tunnel"); return ok }
func isGigaIf(s string) bool   { _, ok := parseIfName(s, "GigaEthernet"); return ok }

func validName(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}

// validIPv4 accepts only canonical dotted quads: no leading zeros, no
// shortened forms.
func validIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4() && a.String() == s
}

func parsePrefix(s string) (netip.Prefix, bool) {
	addr, bits, ok := strings.Cut(s, "/")
	if !ok || !validIPv4(addr) {
		return netip.Prefix{}, false
	}
	n, err := strconv.Atoi(bits)
	if err != nil || n < 0 || n > 32 || strconv.Itoa(n) != bits {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(s)
	return p, err == nil
}

func validHostPrefix(s string) bool {
	p, ok := parsePrefix(s)
	return ok && p.Bits() > 0 && p.Bits() < 32
}

func validNetwork(s string) bool {
	p, ok := parsePrefix(s)
	return ok && p.Masked() == p
}

func numRange(lo, hi uint64) func(string) bool {
	return func(s string) bool {
		n, err := strconv.ParseUint(s, 10, 64)
		return err == nil && n >= lo && n <= hi && strconv.FormatUint(n, 10) == s
	}
}

// parseIfName accepts TypeN.M with the IX's case (GigaEthernet0.0, Tunnel12.0).
func parseIfName(s, typ string) (num int, ok bool) {
	rest, found := strings.CutPrefix(s, typ)
	if !found {
		return 0, false
	}
	major, minor, found := strings.Cut(rest, ".")
	if !found || minor != "0" {
		return 0, false
	}
	n, err := strconv.Atoi(major)
	if err != nil || n < 0 || n > 999 || strconv.Itoa(n) != major {
		return 0, false
	}
	return n, true
}
