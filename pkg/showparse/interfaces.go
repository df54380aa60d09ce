package showparse

import (
	"io"
	"regexp"
	"strings"
)

// Interfaces is `show interfaces` or `show interfaces NAME`, one of the
// shows the IX serves in operation mode (ix-cli.md §5).
type Interfaces struct {
	Interfaces []Interface `json:"interfaces"`
}

// Interface is one interface block. No public capture shows the IX's
// layout: the header and the labelled lines below it follow the style of
// the IX's other shows ("X is Y"), and a line under a header that is not
// one of these labels is skipped rather than refused.
type Interface struct {
	Name  string `json:"name"`
	State string `json:"state"` // up, down, administratively down
	// LineProtocol is the protocol state when the header carries one
	// (", line protocol is up").
	LineProtocol string `json:"line_protocol,omitempty"`
	Type         string `json:"type,omitempty"`
	MTU          int    `json:"mtu,omitempty"`
	Address      string `json:"address,omitempty"` // A.B.C.D/N; empty for "No internet address"
	TunnelMode   string `json:"tunnel_mode,omitempty"`
	IPsecPolicy  string `json:"ipsec_policy,omitempty"`
	Source       string `json:"source,omitempty"`      // tunnel source address
	Destination  string `json:"destination,omitempty"` // tunnel destination address
	LastChange   string `json:"last_change,omitempty"` // as shown, "0:10:36"
}

// The interface states the IX prints.
const (
	IfUp        = "up"
	IfDown      = "down"
	IfAdminDown = "administratively down"
)

// Up reports whether the interface and its line protocol (when shown) are
// up. A tunnel interface is up once the IPsec SA it carries is.
func (i Interface) Up() bool {
	return i.State == IfUp && (i.LineProtocol == "" || i.LineProtocol == IfUp)
}

// Lookup returns the interface called name (the IX may print it in
// another case), or nil.
func (s Interfaces) Lookup(name string) *Interface {
	for k := range s.Interfaces {
		if strings.EqualFold(s.Interfaces[k].Name, name) {
			return &s.Interfaces[k]
		}
	}
	return nil
}

var (
	ifHeaderRe = regexp.MustCompile(`^(?:Interface )?([A-Za-z][A-Za-z-]*[0-9][0-9./:]*) is (up|down|administratively down)(?:, line protocol is (up|down))?$`)
	ifSourceRe = regexp.MustCompile(`^Tunnel source (\S+), destination (\S+)$`)
)

// ParseInterfaces reads `show interfaces [NAME]`.
func ParseInterfaces(r io.Reader) (Interfaces, error) {
	lines, err := Clean(r)
	if err != nil {
		return Interfaces{}, err
	}
	if firstContent(lines) < 0 {
		return Interfaces{}, inputErr("empty input, expected show interfaces output")
	}
	out := Interfaces{Interfaces: []Interface{}}
	var cur *Interface
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "%") || strings.HasPrefix(t, "?") {
			return Interfaces{}, lineErr(l, "router message, not interface output")
		}
		if m := ifHeaderRe.FindStringSubmatch(t); m != nil {
			if out.Lookup(m[1]) != nil {
				return Interfaces{}, lineErr(l, "interface %s listed twice", m[1])
			}
			out.Interfaces = append(out.Interfaces, Interface{Name: m[1], State: m[2], LineProtocol: m[3]})
			cur = &out.Interfaces[len(out.Interfaces)-1]
			continue
		}
		if cur == nil {
			return Interfaces{}, lineErr(l, `expected "Interface NAME is STATE"`)
		}
		if msg := interfaceDetail(t, cur); msg != "" {
			return Interfaces{}, lineErr(l, "%s", msg)
		}
	}
	return out, nil
}

// interfaceDetail stores one labelled line of an interface block; it
// returns what is wrong with a known label's value.
func interfaceDetail(t string, i *Interface) string {
	text := func(dst *string, v, what string) string {
		if !phrase(v) {
			return "bad " + what
		}
		*dst = v
		return ""
	}
	switch {
	case strings.HasPrefix(t, "Interface type is "):
		return text(&i.Type, strings.TrimPrefix(t, "Interface type is "), "interface type")
	case strings.HasPrefix(t, "Interface MTU is "):
		n, ok := atoi(strings.TrimPrefix(t, "Interface MTU is "))
		if !ok {
			return "bad MTU"
		}
		i.MTU = n
	case strings.HasPrefix(t, "Internet address is "):
		p := strings.TrimPrefix(t, "Internet address is ")
		if !validPrefix(p) {
			return "bad internet address"
		}
		i.Address = p
	case t == "No internet address":
		i.Address = ""
	case strings.HasPrefix(t, "Tunnel mode is "):
		return text(&i.TunnelMode, strings.TrimPrefix(t, "Tunnel mode is "), "tunnel mode")
	case strings.HasPrefix(t, "IPsec policy is "):
		return text(&i.IPsecPolicy, strings.TrimPrefix(t, "IPsec policy is "), "IPsec policy")
	case strings.HasPrefix(t, "Tunnel source "):
		m := ifSourceRe.FindStringSubmatch(t)
		if m == nil || !validAddr(m[1]) || !validAddr(m[2]) {
			return `expected "Tunnel source ADDR, destination ADDR"`
		}
		i.Source, i.Destination = m[1], m[2]
	case strings.HasPrefix(t, "Last change of status "):
		v, ok := strings.CutSuffix(strings.TrimPrefix(t, "Last change of status "), " ago")
		if !ok {
			return `expected "Last change of status AGE ago"`
		}
		return text(&i.LastChange, v, "last change")
	}
	return ""
}
