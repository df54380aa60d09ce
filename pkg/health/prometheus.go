package health

import (
	"fmt"
	"io"
	"strings"
)

// WritePrometheus writes the report in the Prometheus text exposition
// format, for a node_exporter textfile collector or a scrape wrapper fed by a
// scheduled `ixpush verify`. site labels every sample so one file per site
// can be merged.
func WritePrometheus(w io.Writer, site string, r Report) error {
	var b strings.Builder
	metric := func(name, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
	}
	sample := func(name string, v int, labels ...string) {
		b.WriteString(name + "{" + promLabels(append([]string{"site", site}, labels...)) + "} " + fmt.Sprint(v) + "\n")
	}
	metric("ixpush_vpn_status", "Verdict of the last verify: 0 ok, 1 degraded, 2 down, 3 unknown.")
	sample("ixpush_vpn_status", int(r.Status))
	tunnel := func(t TunnelReport) []string {
		return []string{"interface", t.Interface, "aws_peer", t.AWSOutsideIP.String()}
	}
	metric("ixpush_tunnel_up", "1 when IKE, IPsec in both directions and BGP are up on the tunnel.")
	for _, t := range r.Tunnels {
		sample("ixpush_tunnel_up", b2i(t.Up), tunnel(t)...)
	}
	metric("ixpush_tunnel_ike_established", "1 when the IKE SA with the AWS peer is established.")
	for _, t := range r.Tunnels {
		sample("ixpush_tunnel_ike_established", b2i(t.IKE == "established"), tunnel(t)...)
	}
	metric("ixpush_tunnel_ipsec_sas", "ESP SAs on the tunnel, by direction.")
	for _, t := range r.Tunnels {
		sample("ixpush_tunnel_ipsec_sas", t.IPsecIn, append(tunnel(t), "direction", "in")...)
		sample("ixpush_tunnel_ipsec_sas", t.IPsecOut, append(tunnel(t), "direction", "out")...)
	}
	metric("ixpush_tunnel_bgp_established", "1 when the BGP session with the AWS neighbour is established.")
	for _, t := range r.Tunnels {
		sample("ixpush_tunnel_bgp_established", b2i(t.BGP == "ESTABLISHED"), append(tunnel(t), "neighbor", t.Neighbor.String())...)
	}
	if len(r.Prefixes) > 0 {
		metric("ixpush_prefix_learned", "1 when the expected VPC prefix is learned from an AWS neighbour.")
		for _, p := range r.Prefixes {
			sample("ixpush_prefix_learned", b2i(p.Learned), "prefix", p.Prefix.String())
		}
	}
	metric("ixpush_prefixes_learned", "Prefixes learned from the AWS neighbours.")
	sample("ixpush_prefixes_learned", len(r.Learned))
	_, err := io.WriteString(w, b.String())
	return err
}

func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}

// promLabels renders name/value pairs with the exposition format's escapes.
func promLabels(kv []string) string {
	esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, kv[i]+`="`+esc.Replace(kv[i+1])+`"`)
	}
	return strings.Join(parts, ",")
}
