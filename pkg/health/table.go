package health

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteTable prints the report for people: the verdict, one row per tunnel,
// one per expected prefix, then the diagnoses.
func WriteTable(w io.Writer, r Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", strings.ToUpper(r.Summary[:len(r.Status.String())])+r.Summary[len(r.Status.String()):])
	if r.Error != "" && !strings.Contains(r.Summary, r.Error) {
		fmt.Fprintf(&b, "error: %s\n", r.Error)
	}
	fmt.Fprintf(&b, "evidence: %s\n", EvidenceOf(r))
	if len(r.Unread) > 0 {
		fmt.Fprintf(&b, "partial: not read: %s\n", strings.Join(r.Unread, ", "))
	}
	if r.Note != "" {
		fmt.Fprintf(&b, "note: %s\n", r.Note)
	}
	b.WriteString("\n")
	// The interface column only when the interfaces were read (operation
	// mode); every fact not read is "?", never "no".
	links := slices.ContainsFunc(r.Tunnels, func(t TunnelReport) bool { return t.Link != nil })
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	head := "TUNNEL\tAWS PEER\tNEIGHBOR\tIKE\tIPSEC IN/OUT\tBGP\tBEST PATHS"
	if links {
		head = "TUNNEL\tAWS PEER\tNEIGHBOR\tINTERFACE\tIKE\tIPSEC IN/OUT\tBGP\tBEST PATHS"
	}
	fmt.Fprintln(tw, head)
	for _, t := range r.Tunnels {
		cells := []string{orDash(t.Interface), addr(t.AWSOutsideIP.String()), addr(t.Neighbor.String())}
		if links {
			cells = append(cells, orQ(t.Link))
		}
		cells = append(cells, orQ(t.IKE), orQ(t.IPsecIn)+"/"+orQ(t.IPsecOut), orQ(t.BGP), orQ(t.BestPaths))
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
	if len(r.Prefixes) > 0 {
		b.WriteString("\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "PREFIX\tLEARNED\tVIA")
		for _, p := range r.Prefixes {
			learned := "?"
			if p.Learned != nil {
				learned = map[bool]string{false: "no", true: "yes"}[*p.Learned]
			}
			if p.CoveredBy != "" {
				learned = "covered by " + p.CoveredBy
			}
			var via []string
			for _, v := range p.Via {
				if v == p.Best {
					v += " (best)"
				}
				via = append(via, v)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Prefix, learned, orDash(strings.Join(via, ", ")))
		}
		tw.Flush()
	} else if len(r.Learned) > 0 {
		fmt.Fprintf(&b, "\nlearned from AWS: %s\n", strings.Join(r.Learned, ", "))
	}
	var diags []string
	for _, t := range r.Tunnels {
		if t.Diagnosis != "" {
			diags = append(diags, fmt.Sprintf("- %s: %s", orDash(t.Interface), t.Diagnosis))
		}
	}
	for _, p := range r.Prefixes {
		if p.Diagnosis != "" {
			diags = append(diags, "- "+p.Diagnosis)
		}
	}
	if len(diags) > 0 {
		b.WriteString("\n" + strings.Join(diags, "\n") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// orQ shows a fact the report does not know as "?".
func orQ[T any](p *T) string {
	if p == nil {
		return "?"
	}
	return fmt.Sprint(*p)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// addr shows an unset netip.Addr as a dash.
func addr(s string) string {
	if s == "invalid IP" {
		return "-"
	}
	return s
}
