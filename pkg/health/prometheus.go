package health

import (
	"fmt"
	"io"
	"strings"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// SiteReport is one site's report, labelled for metrics.
type SiteReport struct {
	Site   string `json:"site"`
	Report Report `json:"report"`
}

// metricFamily is one gauge and how to read its samples from a report.
type metricFamily struct {
	name, help string
	samples    func(r Report, add func(v int, labels ...string))
}

func tunnelLabels(t TunnelReport, more ...string) []string {
	return append([]string{"interface", t.Interface, "aws_peer", t.AWSOutsideIP.String()}, more...)
}

// A fact the report does not know (nil) has no sample: an absent series
// is unknown, never 0, so a tunnel-down alert does not fire when ixpush
// could not look (ixpush_vpn_status stays 3). The site's verdict carries
// its evidence as a label.
var metricFamilies = []metricFamily{
	{"ixpush_vpn_status", "Verdict of the last verify: 0 ok, 1 degraded, 2 down, 3 unknown; evidence: config-mode, operation-mode or none.",
		func(r Report, add func(int, ...string)) { add(int(r.Status), "evidence", string(evidenceOf(r))) }},
	{"ixpush_tunnel_up", "1 when IKE, IPsec in both directions and BGP are up on the tunnel (operation-mode evidence: the interface and BGP over it).",
		func(r Report, add func(int, ...string)) {
			for _, t := range r.Tunnels {
				if t.Up != nil {
					add(b2i(*t.Up), tunnelLabels(t)...)
				}
			}
		}},
	{"ixpush_tunnel_ike_established", "1 when the IKE SA with the AWS peer is established.",
		func(r Report, add func(int, ...string)) {
			for _, t := range r.Tunnels {
				if t.IKE != nil {
					add(b2i(*t.IKE == showparse.IKEEstablished), tunnelLabels(t)...)
				}
			}
		}},
	{"ixpush_tunnel_ipsec_sas", "ESP SAs on the tunnel, by direction.",
		func(r Report, add func(int, ...string)) {
			for _, t := range r.Tunnels {
				if t.IPsecIn != nil {
					add(*t.IPsecIn, tunnelLabels(t, "direction", "in")...)
				}
				if t.IPsecOut != nil {
					add(*t.IPsecOut, tunnelLabels(t, "direction", "out")...)
				}
			}
		}},
	{"ixpush_tunnel_bgp_established", "1 when the BGP session with the AWS neighbour is established.",
		func(r Report, add func(int, ...string)) {
			for _, t := range r.Tunnels {
				if t.BGP != nil {
					add(b2i(*t.BGP == showparse.BGPEstablished), tunnelLabels(t, "neighbor", t.Neighbor.String())...)
				}
			}
		}},
	{"ixpush_prefix_learned", "1 when the expected VPC prefix is learned from an AWS neighbour (operation-mode evidence: routed via BGP over a tunnel).",
		func(r Report, add func(int, ...string)) {
			for _, p := range r.Prefixes {
				if p.Learned != nil {
					add(b2i(*p.Learned), "prefix", p.Prefix.String())
				}
			}
		}},
	{"ixpush_prefixes_learned", "Prefixes learned from the AWS neighbours.",
		func(r Report, add func(int, ...string)) {
			if learnedKnown(r) {
				add(len(r.Learned))
			}
		}},
}

// evidenceOf is the report's evidence; a report built before evidence
// was recorded read nothing it could say.
func evidenceOf(r Report) Evidence {
	if r.Evidence == "" {
		return EvidenceNone
	}
	return r.Evidence
}

// learnedKnown reports whether Report.Learned is a reading: a table was
// read (no prefix left unknown).
func learnedKnown(r Report) bool {
	if evidenceOf(r) == EvidenceNone {
		return false
	}
	for _, p := range r.Prefixes {
		if p.Learned == nil {
			return false
		}
	}
	return true
}

// WritePrometheus writes the reports in the Prometheus text exposition
// format, for a node_exporter textfile collector or a scrape wrapper fed by a
// scheduled `ixpush verify`. Each metric family is written once, with the
// samples of every site, each labelled with its site.
func WritePrometheus(w io.Writer, sites ...SiteReport) error {
	var b strings.Builder
	for _, f := range metricFamilies {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", f.name, f.help, f.name)
		for _, s := range sites {
			f.samples(s.Report, func(v int, labels ...string) {
				fmt.Fprintf(&b, "%s{%s} %d\n", f.name, promLabels(append([]string{"site", s.Site}, labels...)), v)
			})
		}
	}
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

// Worst is the verdict of a fleet: the worst status of its sites (ok for
// none), and how many could not be verified at all.
func Worst(reports []SiteReport) (worst Status, unknowns int) {
	for _, r := range reports {
		worst = max(worst, r.Report.Status)
		if r.Report.Status == Unknown {
			unknowns++
		}
	}
	return worst, unknowns
}
