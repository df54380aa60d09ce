package showparse

import (
	"io"
	"strconv"
	"strings"
)

// IPsecSAs is `show ipsec sa`. Created counts SAs (inbound plus outbound),
// not tunnels.
type IPsecSAs struct {
	Configured int           `json:"configured"`
	Created    int           `json:"created"`
	Tunnels    []IPsecTunnel `json:"tunnels"`
}

// IPsecTunnel is the block of one tunnel interface. The router prints no
// block for a tunnel without SAs (ix-cli.md §10.3).
type IPsecTunnel struct {
	Interface         string    `json:"interface"`
	Map               string    `json:"map"`
	Mode              string    `json:"mode"` // as shown without the NAT-T prefix: "Tunnel mode, 4-over-4, autokey-map"
	UDPEncapsulation  bool      `json:"udp_encapsulation"`
	LocalAddress      string    `json:"local_address"`
	LocalPort         int       `json:"local_port"` // 0 when not shown (no NAT-T)
	RemoteAddress     string    `json:"remote_address"`
	RemotePort        int       `json:"remote_port"`
	OutgoingInterface string    `json:"outgoing_interface"`
	InterfaceMTU      int       `json:"interface_mtu"`
	PathMTU           int       `json:"path_mtu"`
	Inbound           []IPsecSA `json:"inbound"`
	Outbound          []IPsecSA `json:"outbound"`
	ReplayDetection   string    `json:"replay_detection"` // "on"/"off" as shown under Inbound (else Outbound); empty when not shown
	PFS               string    `json:"pfs"`              // DH group such as "1024-bit"; empty when PFS is off (no line)
}

// IPsecSA is one SA of a tunnel.
type IPsecSA struct {
	Protocol         string `json:"protocol"` // ESP or AH
	SPI              uint32 `json:"spi"`
	Transform        string `json:"transform"`
	RemainingSeconds int    `json:"remaining_seconds"`
}

// Up reports whether IPsec carries traffic on the tunnel: at least one ESP
// SA in each direction (ix-cli.md §8.2). It is ixpush's one definition of
// "IPsec up".
func (t IPsecTunnel) Up() bool { return ESP(t.Inbound) > 0 && ESP(t.Outbound) > 0 }

// ESP counts the ESP SAs in sas; an AH SA alone carries no AWS traffic.
func ESP(sas []IPsecSA) int {
	n := 0
	for _, sa := range sas {
		if strings.EqualFold(sa.Protocol, "ESP") {
			n++
		}
	}
	return n
}

// Tunnel returns the block of the named interface, or nil.
func (s IPsecSAs) Tunnel(iface string) *IPsecTunnel {
	for i := range s.Tunnels {
		if s.Tunnels[i].Interface == iface {
			return &s.Tunnels[i]
		}
	}
	return nil
}

// ParseIPsecSAs reads `show ipsec sa`. A tunnel starts at "Interface is";
// "Inbound:" and "Outbound:" open the SA lists; an SA starts at
// "<PROTO>, SPI is" and owns the Transform and Remaining lifetime lines after
// it. Unknown or repeated lines are errors.
func ParseIPsecSAs(r io.Reader) (IPsecSAs, error) {
	lines, err := Clean(r)
	if err != nil {
		return IPsecSAs{}, err
	}
	i := firstContent(lines)
	if i < 0 {
		return IPsecSAs{}, inputErr("empty input, expected show ipsec sa output")
	}
	out := IPsecSAs{Tunnels: []IPsecTunnel{}}
	head, ok := strings.CutPrefix(strings.TrimSpace(lines[i].Text), "IPsec SA - ")
	if ok {
		out.Configured, out.Created, ok = parseCounts(head)
	}
	if !ok {
		return IPsecSAs{}, lineErr(lines[i], `expected "IPsec SA - N configured, N created"`)
	}
	p := ipsecParser{out: &out}
	for _, l := range lines[i+1:] {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "Interface is ") {
			// A new block closes the previous one, whose start is to blame.
			if msg := p.finish(); msg != "" {
				return IPsecSAs{}, lineErr(p.start, "%s", msg)
			}
			p.cur = nil
		}
		if msg := p.line(t, l); msg != "" {
			return IPsecSAs{}, lineErr(l, "%s", msg)
		}
	}
	if msg := p.finish(); msg != "" {
		return IPsecSAs{}, lineErr(p.start, "%s", msg)
	}
	return out, nil
}

type ipsecSection int

const (
	secNone ipsecSection = iota
	secIn
	secOut
)

// Bits of ipsecParser.seen: lines that appear once per tunnel or per SA.
const (
	seenMap = 1 << iota
	seenMode
	seenLocal
	seenRemote
	seenOutIf
	seenMTU
	seenIn
	seenOut
	seenPFS
	seenReplayIn
	seenReplayOut
	seenTransform // per SA
	seenLifetime  // per SA
)

type ipsecParser struct {
	out     *IPsecSAs
	cur     *IPsecTunnel
	start   Line
	section ipsecSection
	sa      *IPsecSA // SA whose Transform/lifetime lines may follow
	seen    int
}

func (p *ipsecParser) once(bit int) bool {
	if p.seen&bit != 0 {
		return false
	}
	p.seen |= bit
	return true
}

// finish closes the current tunnel; it returns a problem or "".
func (p *ipsecParser) finish() string {
	if p.cur == nil {
		return ""
	}
	if p.seen&(seenMap|seenLocal|seenRemote) != seenMap|seenLocal|seenRemote {
		return "tunnel block lacks its map name, local or remote address"
	}
	for _, sas := range [][]IPsecSA{p.cur.Inbound, p.cur.Outbound} {
		for _, sa := range sas {
			if sa.Transform == "" {
				return "tunnel block has an SA without a Transform line"
			}
		}
	}
	p.out.Tunnels = append(p.out.Tunnels, *p.cur)
	return ""
}

// line consumes one trimmed line; it returns a problem or "".
func (p *ipsecParser) line(t string, l Line) string {
	if v, ok := strings.CutPrefix(t, "Interface is "); ok {
		if !word(v) {
			return "bad interface name"
		}
		p.cur = &IPsecTunnel{Interface: v, Inbound: []IPsecSA{}, Outbound: []IPsecSA{}}
		p.start, p.section, p.sa, p.seen = l, secNone, nil, 0
		return ""
	}
	if p.cur == nil {
		return `expected "Interface is ..." to start a tunnel`
	}
	c := p.cur
	// The SA lines come first: they are most of a hub's output.
	if proto, v, ok := strings.Cut(t, ", SPI is "); ok {
		if p.section == secNone {
			return "SA outside Inbound:/Outbound:"
		}
		spi, ok := parseSPI(v)
		if !ok || !word(proto) {
			return "bad SPI"
		}
		list := &c.Inbound
		if p.section == secOut {
			list = &c.Outbound
		}
		*list = append(*list, IPsecSA{Protocol: proto, SPI: spi})
		p.sa = &(*list)[len(*list)-1]
		p.seen &^= seenTransform | seenLifetime
		return ""
	}
	if v, ok := strings.CutPrefix(t, "Transform is "); ok {
		if p.sa == nil || !p.once(seenTransform) || !word(v) {
			return "Transform line without its SA line, repeated or empty"
		}
		p.sa.Transform = v
		return ""
	}
	if v, ok := strings.CutPrefix(t, "Remaining lifetime is "); ok {
		if p.sa == nil || !p.once(seenLifetime) {
			return "lifetime line without its SA line, or repeated"
		}
		v, ok = strings.CutSuffix(v, " seconds")
		if p.sa.RemainingSeconds, ok = atoiOK(v, ok); !ok {
			return "bad lifetime"
		}
		return ""
	}
	if v, ok := strings.CutPrefix(t, "Replay detection support is "); ok {
		bit := seenReplayIn
		if p.section == secOut {
			bit = seenReplayOut
		}
		if p.section == secNone || !p.once(bit) || !word(v) {
			return "replay line outside Inbound:/Outbound:, or repeated"
		}
		if c.ReplayDetection == "" {
			c.ReplayDetection = v
		}
		p.sa = nil
		return ""
	}
	switch t {
	case "Inbound:":
		if !p.once(seenIn) {
			return "repeated within one tunnel"
		}
		p.section, p.sa = secIn, nil
		return ""
	case "Outbound:":
		if !p.once(seenOut) {
			return "repeated within one tunnel"
		}
		p.section, p.sa = secOut, nil
		return ""
	}
	return p.tunnelLine(t)
}

// tunnelLine handles the once-per-tunnel lines.
func (p *ipsecParser) tunnelLine(t string) string {
	c := p.cur
	var ok bool
	if v, found := strings.CutPrefix(t, "Key policy map name is "); found {
		c.Map, ok = v, word(v) && p.once(seenMap)
	} else if v, found := strings.CutPrefix(t, "Local address is "); found {
		c.LocalAddress, c.LocalPort, ok = parseAddrPort(v)
		ok = ok && p.once(seenLocal)
	} else if v, found := strings.CutPrefix(t, "Remote address is "); found {
		c.RemoteAddress, c.RemotePort, ok = parseAddrPort(v)
		ok = ok && p.once(seenRemote)
	} else if v, found := strings.CutPrefix(t, "Outgoing interface is "); found {
		c.OutgoingInterface, ok = v, word(v) && p.once(seenOutIf)
	} else if v, found := strings.CutPrefix(t, "Interface MTU is "); found {
		ifm, pm, cut := strings.Cut(v, ", path MTU is ")
		c.InterfaceMTU, ok = atoiOK(ifm, cut)
		c.PathMTU, ok = atoiOK(pm, ok)
		ok = ok && p.once(seenMTU)
	} else if v, found := strings.CutPrefix(t, "Perfect forward secrecy is "); found {
		c.PFS, ok = v, word(v) && p.once(seenPFS)
		p.section, p.sa = secNone, nil
	} else if mode, udp, found := modeLine(t); found {
		c.Mode, c.UDPEncapsulation, ok = mode, udp, p.once(seenMode)
	} else {
		return "not a show ipsec sa line"
	}
	if !ok {
		return "bad value or repeated within one tunnel"
	}
	return ""
}

// modeLine recognises "[UDP encapsulation ]Tunnel mode, 4-over-4, autokey-map".
func modeLine(t string) (mode string, udp, ok bool) {
	mode, udp = strings.CutPrefix(t, "UDP encapsulation ")
	w, rest, _ := strings.Cut(mode, " ")
	if !word(w) || !(rest == "mode" || strings.HasPrefix(rest, "mode, ")) || !phrase(mode) {
		return "", false, false
	}
	return mode, udp, true
}

func atoiOK(s string, ok bool) (int, bool) {
	if !ok {
		return 0, false
	}
	return atoi(s)
}

// parseSPI reads "0xd9e8216f(3655868783)"; the decimal part, when present,
// must agree with the hexadecimal one.
func parseSPI(s string) (uint32, bool) {
	h, dec, paren := strings.Cut(s, "(")
	h, ok := strings.CutPrefix(h, "0x")
	if !ok || h == "" {
		return 0, false
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return 0, false
	}
	if paren {
		dec, ok = strings.CutSuffix(dec, ")")
		d, okd := atou32(dec)
		if !ok || !okd || uint64(d) != v {
			return 0, false
		}
	}
	return uint32(v), true
}
