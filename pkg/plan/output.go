package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// planJSON is the wire form. Lines are redacted unless reveal is set; Prior
// is always redacted text: the keys of the router's other connections are
// never needed by a consumer of the plan.
type planJSON struct {
	Connection summaryJSON    `json:"connection"`
	Desired    []string       `json:"desired"`
	Commands   []string       `json:"commands"`
	Rollback   []string       `json:"rollback"`
	Prior      []string       `json:"prior"`
	VPC        []netip.Prefix `json:"vpc"`
	LAN        []netip.Prefix `json:"lan"`
	Warnings   []string       `json:"warnings"`
}

type summaryJSON struct {
	Summary
	Tunnels []tunnelJSON `json:"tunnels"`
}

type tunnelJSON struct {
	TunnelPlan
	PSK string `json:"psk"`
}

// MarshalJSON writes the plan with every key as ********.
func (p Plan) MarshalJSON() ([]byte, error) { return json.Marshal(p.wire(false)) }

// MarshalJSONRevealed writes the plan with the connection's keys in clear.
// Only for an explicit user request (--reveal-secrets).
func (p Plan) MarshalJSONRevealed() ([]byte, error) { return json.Marshal(p.wire(true)) }

func (p Plan) wire(reveal bool) planJSON {
	red := p.redactor(reveal)
	w := planJSON{
		Connection: summaryJSON{Summary: p.Connection},
		Desired:    mapLines(p.Desired, red),
		Commands:   mapLines(p.Commands, red),
		Rollback:   mapLines(p.Rollback, red),
		Prior:      mapLines(render(p.Prior.Lines, 0, nil), p.redactor(false)),
		VPC:        nonNil(p.VPC),
		LAN:        nonNil(p.LAN),
		Warnings:   nonNil(p.Warnings),
	}
	for _, t := range p.Connection.Tunnels {
		tj := tunnelJSON{TunnelPlan: t, PSK: t.PSK.String()}
		if reveal {
			tj.PSK = t.PSK.Reveal()
		}
		w.Connection.Tunnels = append(w.Connection.Tunnels, tj)
	}
	return w
}

// redactor hides keys in a configuration line: the `key` argument of any
// line (dialect.Redact) and, as a second guard, the connection's own keys
// wherever they appear.
func (p Plan) redactor(reveal bool) func(string) string {
	if reveal {
		return func(s string) string { return s }
	}
	var pairs []string
	for _, t := range p.Connection.Tunnels {
		if !t.PSK.IsZero() {
			pairs = append(pairs, t.PSK.Reveal(), dialect.Mask)
		}
	}
	rep := strings.NewReplacer(pairs...)
	return func(s string) string { return rep.Replace(dialect.Redact(s)) }
}

func mapLines(ls []string, f func(string) string) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, f(l))
	}
	return out
}

// String is the text report with keys redacted.
func (p Plan) String() string {
	var b strings.Builder
	p.WriteText(&b, false)
	return b.String()
}

// GoString keeps %#v from printing the lines, which hold keys.
func (p Plan) GoString() string { return fmt.Sprintf("plan.Plan(%q)", p.String()) }

// Format makes every fmt verb print the redacted text (%#v: GoString):
// without it, %d or %x reach the string fields through reflection.
func (p Plan) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, p.GoString())
		return
	}
	io.WriteString(f, p.String())
}

// WriteText writes the IX configuration, then the commands to type and the
// rollback, as `!`-commented sections an engineer can read or paste, and,
// against a router that has a configuration, the unified diff of its
// running-config (RunningDiff; keys always masked there).
// Warnings are not included: callers print them where warnings go.
func (p Plan) WriteText(w io.Writer, reveal bool) error {
	red := p.redactor(reveal)
	var b strings.Builder
	section := func(title string, lines []string) {
		fmt.Fprintf(&b, "! %s\n", title)
		for _, l := range lines {
			b.WriteString(red(l))
			b.WriteByte('\n')
		}
	}
	s := p.Connection
	fmt.Fprintf(&b, "! AWS VPN %s: customer gateway %s AS %d, Amazon AS %d, crypto %s, NAT-T %s\n",
		orDash(s.VPNConnectionID), s.CustomerGatewayIP, s.CustomerASN, s.AmazonASN, s.Crypto.Name, onOff(s.NATTraversal))
	for _, t := range s.Tunnels {
		fmt.Fprintf(&b, "!   tunnel %s: %s %s, BGP neighbor %s, %s, %s\n", t.AWSOutsideIP, t.Interface, t.CustomerInside, t.BGPNeighbor, t.IKEPolicy, t.IPsecMap)
	}
	switch {
	case len(p.Commands) == 0:
		section("IX configuration", p.Desired)
		b.WriteString("! commands to type: none (the router already has this configuration)\n")
	case slices.Equal(p.Commands, p.Desired):
		// The router has none of it (an empty router): the lines to
		// type are the whole configuration, shown once.
		section(fmt.Sprintf("IX configuration = commands to type (%d)", len(p.Commands)), p.Commands)
	default:
		section("IX configuration", p.Desired)
		section(fmt.Sprintf("commands to type (%d)", len(p.Commands)), p.Commands)
	}
	if len(p.Rollback) > 0 {
		section(fmt.Sprintf("rollback (%d)", len(p.Rollback)), p.Rollback)
	}
	// Against a real running-config, what it becomes; against an empty
	// one the diff would be the commands once more.
	if len(p.Prior.Lines) > 0 && len(p.Commands) > 0 {
		d, err := p.RunningDiff()
		if err != nil {
			return err
		}
		if onlyAdds(d, mapLines(p.Commands, p.redactor(false))) {
			// The diff would be the commands once more.
			fmt.Fprintf(&b, "! running-config diff: the %d lines to type are added as they are; nothing is removed or changed\n", len(p.Commands))
		} else {
			b.WriteString("! running-config diff (keys masked)\n")
			for _, l := range d {
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
