package showparse

import (
	"fmt"
	"strings"
)

// Renderers for tests: each prints a parsed value the way a real IX does
// (indented, aligned), so the fuzz tests can check that parse(render(v))
// gives v back and the benchmark can build large inputs.

func renderIKE(s IKESAs) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ISAKMP SA - %d configured, %d created\n", s.Configured, s.Created)
	opt := func(format, v string) {
		if v != "" {
			fmt.Fprintf(&b, format, v)
		}
	}
	for _, sa := range s.SAs {
		fmt.Fprintf(&b, "Local address is %s%s\n", sa.LocalAddress, port(sa.LocalPort))
		fmt.Fprintf(&b, "Remote address is %s%s\n", sa.RemoteAddress, port(sa.RemotePort))
		fmt.Fprintf(&b, "  IKE policy name is %s\n", sa.Policy)
		opt("  Direction is %s\n", sa.Direction)
		opt("  Initiator's cookie is %s\n", sa.InitiatorCookie)
		opt("  Responder's cookie is %s\n", sa.ResponderCookie)
		opt("  Exchange type is %s\n", sa.Exchange)
		opt("  NAT-Traversal %s\n", sa.NATTraversal)
		opt("  NAT detected at %s side\n", sa.NATDetected)
		fmt.Fprintf(&b, "  State is %s\n", sa.State)
		opt("  Authentication method is %s\n", sa.Auth)
		opt("  Encryption algorithm is %s\n", sa.Encryption)
		opt("  Hash algorithm is %s\n", sa.Hash)
		if sa.DHGroup != "" {
			fmt.Fprintf(&b, "  DH group is %s, lifetime is %d seconds\n", sa.DHGroup, sa.LifetimeSeconds)
		}
		fmt.Fprintf(&b, "  #ph1 success: %d, #ph1 failure: %d\n", sa.Ph1Success, sa.Ph1Failure)
		fmt.Fprintf(&b, "  #ph1 hash err: %d, #ph1 timeout: %d, #ph1 resend: %d\n", sa.Ph1HashErr, sa.Ph1Timeout, sa.Ph1Resend)
		fmt.Fprintf(&b, "  #ph2 success: %d, #ph2 failure: %d\n", sa.Ph2Success, sa.Ph2Failure)
		fmt.Fprintf(&b, "  #ph2 hash err: %d, #ph2 timeout: %d, #ph2 resend: %d\n", sa.Ph2HashErr, sa.Ph2Timeout, sa.Ph2Resend)
	}
	return b.String()
}

func port(p int) string {
	if p == 0 {
		return ""
	}
	return fmt.Sprintf(", port is %d", p)
}

func renderIPsec(s IPsecSAs) string {
	var b strings.Builder
	fmt.Fprintf(&b, "IPsec SA - %d configured, %d created\n", s.Configured, s.Created)
	for _, t := range s.Tunnels {
		fmt.Fprintf(&b, "Interface is %s\n  Key policy map name is %s\n", t.Interface, t.Map)
		if t.Mode != "" {
			udp := ""
			if t.UDPEncapsulation {
				udp = "UDP encapsulation "
			}
			fmt.Fprintf(&b, "    %s%s\n", udp, t.Mode)
		}
		fmt.Fprintf(&b, "    Local address is %s%s\n", t.LocalAddress, port(t.LocalPort))
		fmt.Fprintf(&b, "    Remote address is %s%s\n", t.RemoteAddress, port(t.RemotePort))
		if t.OutgoingInterface != "" {
			fmt.Fprintf(&b, "    Outgoing interface is %s\n", t.OutgoingInterface)
		}
		if t.InterfaceMTU != 0 || t.PathMTU != 0 {
			fmt.Fprintf(&b, "    Interface MTU is %d, path MTU is %d\n", t.InterfaceMTU, t.PathMTU)
		}
		for k, sas := range [][]IPsecSA{t.Inbound, t.Outbound} {
			b.WriteString([]string{"    Inbound:\n", "    Outbound:\n"}[k])
			for _, sa := range sas {
				fmt.Fprintf(&b, "      %s, SPI is 0x%08x(%d)\n        Transform is %s\n        Remaining lifetime is %d seconds\n",
					sa.Protocol, sa.SPI, sa.SPI, sa.Transform, sa.RemainingSeconds)
			}
			if t.ReplayDetection != "" {
				fmt.Fprintf(&b, "      Replay detection support is %s\n", t.ReplayDetection)
			}
		}
		if t.PFS != "" {
			fmt.Fprintf(&b, "    Perfect forward secrecy is %s\n", t.PFS)
		}
	}
	return b.String()
}

// renderBGP prints aligned columns: numbers right-aligned under their
// header's last letter, the path left-aligned under "Path".
func renderBGP(t BGPTable) string {
	var b strings.Builder
	fmt.Fprintf(&b, "BGP table version is %d, local router ID is %s\nLocal AS number %d\n", t.TableVersion, t.RouterID, t.LocalAS)
	b.WriteString("Status codes: s - suppressed, * - valid, h - history\n              > - best, i - internal\n")
	b.WriteString("Origin codes: i - IGP, e - EGP, ? - incomplete\n\n")
	fmt.Fprintf(&b, "%-6s%-45s%-40s%10s %10s %10s  %s\n", "", "Network", "Next Hop", "Metric", "LocPrf", "Weight", "Path")
	num := func(p *uint32) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	for _, r := range t.Routes {
		status := ""
		for _, f := range []struct {
			on bool
			c  string
		}{{r.Suppressed, "s"}, {r.Valid, "*"}, {r.History, "h"}, {r.Best, ">"}, {r.Internal, "i"}} {
			if f.on {
				status += f.c
			}
		}
		path := ""
		for _, as := range r.Path {
			path += fmt.Sprint(as) + " "
		}
		fmt.Fprintf(&b, "%-6s%-45s%-40s%10s %10s %10s  %s%s\n", status, r.Prefix, r.NextHop, num(r.Metric), num(r.LocalPref), num(r.Weight), path, r.Origin)
	}
	fmt.Fprintf(&b, "\nTotal number of prefixes %d\n", t.TotalPrefixes)
	return b.String()
}

func renderBGPSummary(s BGPSummary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "BGP router ID %s, local AS number %d\n%d BGP AS-PATH entries\n\n", s.RouterID, s.LocalAS, len(s.Neighbors))
	b.WriteString("Neighbor         V    AS    MsgRcvd MsgSent Up/DownTime   State\n")
	for _, n := range s.Neighbors {
		fmt.Fprintf(&b, " %-15s %-4d %-8d %-7d %-7d %-13s %s\n", n.Address, n.Version, n.RemoteAS, n.MsgRcvd, n.MsgSent, n.UpDown, n.State)
	}
	fmt.Fprintf(&b, "\nTotal number of neighbors %d\n", len(s.Neighbors))
	return b.String()
}

func renderRoutes(t RouteTable) string {
	var b strings.Builder
	fmt.Fprintf(&b, "IP Routing Table - %d entries, %d hidden, %d frees\n", t.Entries, t.Hidden, t.Frees)
	b.WriteString("Codes: C - Connected, S - Static, R - RIP, O - OSPF, IA - OSPF inter area\n")
	b.WriteString("       * - Candidate default, s - Summary\nTimers: Age\n")
	for _, r := range t.Routes {
		code := r.Code
		if r.CandidateDefault {
			first, rest, _ := strings.Cut(code, " ")
			code = strings.TrimSpace(first + "* " + rest)
		}
		hop := "is directly connected"
		if r.NextHop != "" {
			hop = "via " + r.NextHop
		}
		fmt.Fprintf(&b, "%-5s%s [%d/%d] %s, %s, %s\n", code, r.Prefix, r.Distance, r.Metric, hop, r.Interface, r.Age)
	}
	return b.String()
}

func renderVersion(v Version) string {
	var b strings.Builder
	b.WriteString("NEC Portable Internetwork Core Operating System Software\n")
	fmt.Fprintf(&b, "IX Series %s (%s) Software, Version %s, %s\n", v.Model, v.Variant, v.Firmware, v.ReleaseType)
	if v.Compiled != "" {
		fmt.Fprintf(&b, "Compiled %s\n", v.Compiled)
	}
	if v.Uptime != "" {
		fmt.Fprintf(&b, "System uptime is %s\n", v.Uptime)
	}
	if v.ImageFile != "" {
		fmt.Fprintf(&b, "System image file is \"%s\"\n", v.ImageFile)
	}
	if v.Processor != "" {
		fmt.Fprintf(&b, "%s (%s) processor with %dK bytes of memory.\n", v.Model, v.Processor, v.MemoryKB)
	}
	if v.ConfigSource != "" {
		fmt.Fprintf(&b, "Current configuration is based on \"%s\"\n", v.ConfigSource)
	}
	return b.String()
}
