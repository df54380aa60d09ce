package peer

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// ErrUnsupported is returned by Render for a command the model does not
// render; ErrNoSuchInterface for `show interfaces X` of an unknown X.
var (
	ErrUnsupported     = errors.New("command not rendered by the peer model")
	ErrNoSuchInterface = errors.New("no such interface")
)

// Commands lists the canonical commands Render accepts (plus
// "show interfaces NAME" for any configured interface and "show ip bgp
// neighbors ADDRESS").
func Commands() []string {
	return []string{
		"show ike sa", "show ike sa brief", "show ipsec sa", "show ipsec sa brief", "show ip bgp", "show ip bgp summary",
		"show ip bgp neighbors", "show ip route", "show ip route bgp", "show version",
	}
}

// Render returns the output of a canonical full command at now: each line
// ends in "\n", no prompt and no echo; "" when the router prints nothing.
func (m *Model) Render(command string, now time.Time, style Style) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advance(now)
	v := m.snapshot(m.last)
	var lines []string
	f := strings.Fields(command)
	switch cmd := strings.Join(f, " "); {
	case cmd == "show ike sa":
		lines = v.ikeSA()
	case cmd == "show ike sa brief":
		lines = v.ikeSABrief()
	case cmd == "show ipsec sa":
		lines = v.ipsecSA()
	case cmd == "show ipsec sa brief":
		lines = v.ipsecSABrief()
	case cmd == "show ip bgp":
		lines = v.bgpTable()
	case cmd == "show ip bgp summary":
		lines = v.bgpSummary()
	case cmd == "show ip bgp neighbors":
		lines = v.bgpNeighbors(netip.Addr{})
	case len(f) == 5 && cmd == "show ip bgp neighbors "+f[4]:
		a, err := netip.ParseAddr(f[4])
		if err != nil {
			return "", fmt.Errorf("%w: %q", ErrUnsupported, command)
		}
		lines = v.bgpNeighbors(a)
	case cmd == "show ip route":
		lines = v.routeTable()
	case cmd == "show ip route bgp":
		lines = v.routeTableBGP()
	case cmd == "show version":
		lines = v.version()
	case len(f) == 3 && f[0] == "show" && f[1] == "interfaces":
		iv, ok := v.ifaces[f[2]]
		if !ok {
			return "", fmt.Errorf("%w: %s", ErrNoSuchInterface, f[2])
		}
		lines = v.iface(iv)
	default:
		return "", fmt.Errorf("%w: %q", ErrUnsupported, command)
	}
	var b strings.Builder
	for _, l := range lines {
		if style == Flat {
			l = strings.Join(strings.Fields(l), " ")
		}
		b.WriteString(strings.TrimRight(l, " "))
		b.WriteByte('\n')
	}
	return b.String(), nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// age formats a route age: h:mm:ss under a day, then NdNhNmNs
// (ix-cli.md §8.5).
func age(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	if s < 86400 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%dd%dh%dm%ds", s/86400, s/3600%24, s/60%60, s%60)
}

// upDown formats a BGP neighbour's Up/DownTime: hh:mm:ss as in NOTOKEN's
// capture, NdNhNmNs past a day [G].
func upDown(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	if s < 86400 {
		return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return age(d)
}
