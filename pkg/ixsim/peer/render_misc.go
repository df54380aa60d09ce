package peer

import (
	"fmt"
	"strings"
	"time"
)

// version renders `show version` after QIITA's IX2215 capture (ix-cli.md
// §8.6); the lines the capture elides are filled with plausible values [G].
func (v *view) version() []string {
	r := v.m.sc.Router
	model, fw := r.Model, r.Firmware
	// A letter after the build number marks a maintenance release (CONBU-M:
	// 8.9.17B, MAINTENANCE RELEASE; image ix2105-ms-8.9.17.b.ldc,
	// coregen-8.9(17)).
	base, letter, release := fw, "", "RELEASE SOFTWARE"
	if n := len(fw); n > 0 && fw[n-1] >= 'A' && fw[n-1] <= 'Z' {
		base, letter, release = fw[:n-1], strings.ToLower(fw[n-1:]), "MAINTENANCE RELEASE SOFTWARE"
	}
	minor, image := base, base
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		minor = base[:i] + "(" + base[i+1:] + ")"
	}
	if letter != "" {
		image += "." + letter
	}
	up := v.now.Sub(v.m.opts.boot)
	if up < 0 {
		up = 0
	}
	mins := int(up / time.Minute)
	// No export paragraph: that is Cisco's, no IX capture has it.
	return []string{
		"NEC Portable Internetwork Core Operating System Software",
		fmt.Sprintf("IX Series %s (magellan-sec) Software, Version %s, %s", model, fw, release),
		fmt.Sprintf("Compiled Oct 25-Tue-2022 12:37:13 JST #2 by sw-build, coregen-%s", minor),
		"",
		"Copyright Notices:",
		"Copyright (c) NEC Corporation 2001-2022. All rights reserved.",
		"Copyright (c) 1985-1998 OpenROUTE Networks, Inc.",
		"Copyright (c) 1984-1987, 1989 J. Noel Chiappa.",
		"",
		"System uptime is " + uptime(mins),
		fmt.Sprintf("System image file is \"%s-ms-%s.ldc\"", strings.ToLower(model), image),
		"",
		fmt.Sprintf("%s (P1010E) processor with 262144K bytes of memory.", model),
		"3 GigaEthernet/IEEE 802.3 interfaces",
		"1 USB interface",
		"",
		"Current configuration is based on \"startup-configuration\"",
	}
}

// uptime spells minutes as the IX does (ix-cli.md §11: `0 minute`, `6 days
// 21 hours 45 minutes`, `12 weeks 3 days 6 hours 10 minutes`): weeks to
// minutes, zero units left out; singular for one [G].
func uptime(mins int) string {
	if mins <= 0 {
		return "0 minute"
	}
	var parts []string
	for _, u := range []struct {
		name string
		size int
	}{{"week", 7 * 24 * 60}, {"day", 24 * 60}, {"hour", 60}, {"minute", 1}} {
		n := mins / u.size
		mins %= u.size
		switch {
		case n == 1:
			parts = append(parts, "1 "+u.name)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %ss", n, u.name))
		}
	}
	return strings.Join(parts, " ")
}

// iface renders `show interfaces NAME`. No capture exists: the layout is a
// guess in the style of the other IX outputs (label "is" value, indented
// two under the header line).
func (v *view) iface(iv ifaceView) []string {
	c := iv.cfg
	state := "up"
	switch {
	case c.shutdown:
		state = "administratively down"
	case !iv.up:
		state = "down"
	}
	typ, mtu := "Ethernet", 1500
	if isTunnel(c.name) {
		typ, mtu = "IPsec tunnel", 1438
		if iv.tunnel >= 0 && v.w.tunnels[iv.tunnel].policy >= 0 && v.w.policies[v.w.tunnels[iv.tunnel].policy].natT {
			mtu = 1430
		}
	}
	out := []string{
		fmt.Sprintf("Interface %s is %s", c.name, state),
		"  Interface type is " + typ,
		fmt.Sprintf("  Interface MTU is %d", mtu),
	}
	if c.addr.IsValid() {
		out = append(out, "  Internet address is "+c.addr.String())
	} else {
		out = append(out, "  No internet address")
	}
	if isTunnel(c.name) {
		mode := "none"
		if c.tunnelIPsec {
			mode = "ipsec"
		}
		out = append(out, "  Tunnel mode is "+mode)
		if c.policyMap != "" {
			out = append(out, "  IPsec policy is "+c.policyMap)
		}
		if iv.tunnel >= 0 && v.tunnels[iv.tunnel].ipsecUp {
			te := v.w.tunnels[iv.tunnel]
			out = append(out, fmt.Sprintf("  Tunnel source %s, destination %s", v.w.policies[te.policy].local, te.outside))
		}
	}
	return append(out, "  Last change of status "+age(v.now.Sub(iv.since))+" ago")
}
