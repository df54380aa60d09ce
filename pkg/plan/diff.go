package plan

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// ConflictError names something on the router that the plan would have to
// take over. Object and Problem never contain a key.
type ConflictError struct {
	Object  string
	Problem string
}

func (e *ConflictError) Error() string { return e.Object + ": " + e.Problem }
func (e *ConflictError) Unwrap() error { return ErrConflict }

// rollbackSection is the undo of one top-level object.
type rollbackSection struct {
	rank, order int
	lines       []string
}

// diff computes the commands that turn prior into a configuration holding
// desired, and their inverse. See rules.go for keys, undo forms and ranks.
func diff(desired []*showparse.ConfigLine, prior showparse.RunningConfig) (cmds, rollback []string, err error) {
	if err := topLevelConflicts(desired, prior); err != nil {
		return nil, nil, err
	}
	cmds = []string{}
	var sections []rollbackSection
	for i, d := range desired {
		r, _, _ := classify(d.Text)
		p := findKey(prior.Lines, keyOf(d.Text))
		sec := rollbackSection{rank: r.rank, order: i}
		switch {
		case p == nil:
			cmds = render([]*showparse.ConfigLine{d}, 0, cmds)
			sec.lines = []string{undoLine(d.Text)}
		case isBlock(d.Text):
			c, u, err := diffChildren(d, p, 1)
			if err != nil {
				return nil, nil, err
			}
			if len(c) > 0 {
				cmds = append(append(cmds, d.Text), c...)
				sec.lines = append([]string{d.Text}, u...)
			}
		case same(p.Text, d.Text):
		case r.onDiffer == conflict:
			return nil, nil, &ConflictError{Object: keyOf(d.Text), Problem: conflictProblem(p.Text, d.Text)}
		default:
			cmds = append(cmds, d.Text)
			sec.lines = []string{p.Text}
		}
		if len(sec.lines) > 0 {
			sections = append(sections, sec)
		}
	}
	slices.SortStableFunc(sections, func(a, b rollbackSection) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return b.order - a.order
	})
	rollback = []string{}
	for _, s := range sections {
		rollback = append(rollback, s.lines...)
	}
	return cmds, rollback, nil
}

// conflictProblem says how an object the plan needs differs on the router,
// without quoting either line: they may hold keys.
func conflictProblem(have, want string) string {
	h, w := strings.Fields(have), strings.Fields(want)
	// ike policy NAME peer IP key PSK PROPOSAL: only the key differs when AWS
	// gave the tunnel a new one. Another object name would not help: the
	// old policy would still hold the endpoint.
	if len(h) == len(w) && len(w) == 8 && w[0] == "ike" && w[1] == "policy" && w[5] == "key" &&
		slices.Equal(h[:6], w[:6]) && h[6] != w[6] && h[7] == w[7] {
		return fmt.Sprintf("has another pre-shared key for the AWS endpoint %s (was the tunnel's key changed? ixpush does not replace keys: change it by hand or remove the policy)", w[4])
	}
	return "exists with different content (pick other object names with --name-prefix)"
}

// same reports whether two lines of one key configure the same thing. The
// plan leaves the IX default IKE lifetime out of `ike proposal`
// (ixDefaultIKELifetime); a router whose line states it has the plan.
func same(have, want string) bool {
	if have == want {
		return true
	}
	return strings.HasPrefix(have, "ike proposal ") && !strings.Contains(want, " lifetime ") &&
		have == want+" lifetime "+strconv.Itoa(ixDefaultIKELifetime)
}

// topLevelConflicts finds uses of the router that no single line key shows:
// another BGP process, other rules in the plan's ACL.
func topLevelConflicts(desired []*showparse.ConfigLine, prior showparse.RunningConfig) error {
	want := map[string]bool{}
	boundTo := map[string]string{} // IPsec map -> the plan's interface for it
	local, remote := anyIPv4, anyIPv4
	for _, d := range desired {
		want[d.Text] = true
		f := strings.Fields(d.Text)
		switch {
		case len(f) == 4 && f[0] == "ipsec" && f[1] == "local-id":
			local, _ = netip.ParsePrefix(f[3])
		case len(f) == 4 && f[0] == "ipsec" && f[1] == "remote-id":
			remote, _ = netip.ParsePrefix(f[3])
		case f[0] == "interface":
			for _, c := range d.Children {
				if cf := strings.Fields(c.Text); len(cf) > 3 && cf[0] == "ipsec" && cf[1] == "policy" && cf[2] == "tunnel" {
					boundTo[cf[3]] = d.Text
				}
			}
		}
	}
	for _, d := range desired {
		switch {
		case strings.HasPrefix(d.Text, "router bgp "):
			for _, p := range prior.Lines {
				if strings.HasPrefix(p.Text, "router bgp ") && p.Text != d.Text {
					return &ConflictError{Object: p.Text, Problem: fmt.Sprintf("the router already runs BGP as AS %s; this connection needs %s (IX runs one BGP process)",
						strings.TrimPrefix(p.Text, "router bgp "), strings.TrimPrefix(d.Text, "router bgp "))}
				}
			}
			if err := advertisedQuota(d, prior); err != nil {
				return err
			}
		case strings.HasPrefix(d.Text, "interface "):
			if err := addressConflict(d, prior); err != nil {
				return err
			}
		case strings.HasPrefix(d.Text, "ike policy "):
			// Two IKE policies for one AWS endpoint would race each other.
			f := strings.Fields(d.Text)
			for _, p := range prior.Lines {
				pf := strings.Fields(p.Text)
				if len(f) > 4 && len(pf) > 4 && pf[0] == "ike" && pf[1] == "policy" && pf[3] == "peer" && pf[4] == f[4] && pf[2] != f[2] {
					return &ConflictError{Object: "ike policy " + pf[2], Problem: fmt.Sprintf("already negotiates with the AWS endpoint %s (the plan needs it for ike policy %s)", f[4], f[2])}
				}
			}
		case strings.HasPrefix(d.Text, "ipsec autokey-map "):
			if err := mapConflict(d, prior, want, boundTo, local, remote); err != nil {
				return err
			}
		case strings.HasPrefix(d.Text, "ip access-list "):
			sec := sectionOf(d.Text)
			for _, p := range prior.Lines {
				if sectionOf(p.Text) == sec && !want[p.Text] {
					return &ConflictError{Object: sec, Problem: "exists with other rules (pick other object names with --name-prefix)"}
				}
			}
		}
	}
	return nil
}

// mapConflict finds other uses of an IPsec map the plan needs, or of its AWS
// endpoint: proxy ids the plan does not want on the map (the router would
// keep them and phase 2 would not match AWS's selectors), another interface
// bound to the map, another map for the same AWS endpoint.
func mapConflict(d *showparse.ConfigLine, prior showparse.RunningConfig, want map[string]bool, boundTo map[string]string, local, remote netip.Prefix) error {
	f := strings.Fields(d.Text) // ipsec autokey-map MAP ACL peer IP PROPOSAL ...
	if len(f) < 6 {
		return nil
	}
	name, peer := f[2], f[5]
	for _, p := range prior.Lines {
		pf := strings.Fields(p.Text)
		switch {
		case len(pf) == 4 && pf[0] == "ipsec" && (pf[1] == "local-id" || pf[1] == "remote-id") && pf[2] == name && !want[p.Text]:
			return &ConflictError{Object: strings.Join(pf[:3], " "), Problem: fmt.Sprintf("limits %s to %s, but the connection's selectors are %s ↔ %s (remove it with no %s, or pick other object names with --name-prefix)",
				name, pf[3], local, remote, p.Text)}
		case len(pf) > 5 && pf[0] == "ipsec" && pf[1] == "autokey-map" && pf[2] != name && pf[4] == "peer" && pf[5] == peer:
			return &ConflictError{Object: "ipsec autokey-map " + pf[2], Problem: fmt.Sprintf("already protects traffic to the AWS endpoint %s (the plan needs it for ipsec autokey-map %s)", peer, name)}
		case len(pf) > 0 && pf[0] == "interface" && p.Text != boundTo[name]:
			for _, c := range p.Children {
				if cf := strings.Fields(c.Text); len(cf) > 3 && cf[0] == "ipsec" && cf[1] == "policy" && cf[2] == "tunnel" && cf[3] == name {
					return &ConflictError{Object: p.Text, Problem: fmt.Sprintf("is bound to ipsec autokey-map %s, which the plan needs for %s", name, strings.TrimPrefix(boundTo[name], "interface "))}
				}
			}
		}
	}
	return nil
}

// advertisedQuota refuses a plan after which the BGP process would announce
// more prefixes than AWS accepts: the IX announces every `network` of its
// one BGP process to every neighbour, the AWS ones included.
func advertisedQuota(d *showparse.ConfigLine, prior showparse.RunningConfig) error {
	have, want := networks(prior.Find(d.Text)), networks(d)
	all := map[string]bool{}
	for _, n := range append(have, want...) {
		all[n] = true
	}
	if len(all) > maxAdvertised {
		return &ConflictError{Object: d.Text, Problem: fmt.Sprintf("would advertise %d prefixes to AWS (%d already in the BGP process, %d from the plan); AWS accepts at most %d from a customer gateway",
			len(all), len(have), len(all)-len(have), maxAdvertised)}
	}
	return nil
}

// networks lists the prefixes of the `network` lines of a BGP block, at
// router level (where a flattened running-config may leave them) and under
// IPv4 address families.
func networks(bgp *showparse.ConfigLine) []string {
	if bgp == nil {
		return nil
	}
	var out []string
	for _, c := range bgp.Children {
		lines := []*showparse.ConfigLine{c}
		if strings.HasPrefix(c.Text, "address-family ipv4") {
			lines = c.Children
		}
		for _, n := range lines {
			if f := strings.Fields(n.Text); len(f) > 1 && f[0] == "network" {
				out = append(out, f[1])
			}
		}
	}
	return out
}

// addressConflict refuses a tunnel address that overlaps an address of
// another interface: IX refuses the line, and the tunnel would not work.
func addressConflict(d *showparse.ConfigLine, prior showparse.RunningConfig) error {
	var want netip.Prefix
	for _, c := range d.Children {
		if a, ok := strings.CutPrefix(c.Text, "ip address "); ok {
			want, _ = netip.ParsePrefix(a)
		}
	}
	if !want.IsValid() {
		return nil
	}
	for _, p := range prior.Lines {
		if !strings.HasPrefix(p.Text, "interface ") || p.Text == d.Text {
			continue
		}
		for _, c := range p.Children {
			a, ok := strings.CutPrefix(c.Text, "ip address ")
			if !ok {
				continue
			}
			have, err := netip.ParsePrefix(strings.Fields(a)[0])
			if err == nil && have.Overlaps(want) {
				return &ConflictError{Object: p.Text, Problem: fmt.Sprintf("has %s, which overlaps %s that the plan needs for %s", have, want, strings.TrimPrefix(d.Text, "interface "))}
			}
		}
	}
	return nil
}

// diffChildren compares the children of a desired block with those of the
// existing block p. Undo lines come out in reverse order of the commands.
func diffChildren(d, p *showparse.ConfigLine, depth int) (cmds, undo []string, err error) {
	ind := strings.Repeat("  ", depth)
	// Undo lines of this level come first, in reverse order, then the undo of
	// nested blocks: once a nested block is entered, the typed lines never
	// go back to this level (the IX would stay in the nested mode).
	var undos, blockUndos [][]string
	undoneNeighbor := map[string]bool{}
	for _, c := range d.Children {
		r, words, _ := classify(c.Text)
		q := findKey(p.Children, keyOf(c.Text))
		switch {
		case q == nil && isBlock(c.Text):
			cmds = render([]*showparse.ConfigLine{c}, depth, cmds)
			blockUndos = append(blockUndos, []string{ind + undoLine(c.Text)})
		case q == nil:
			cmds = append(cmds, ind+c.Text)
			u := undoLine(c.Text)
			if words[0] == "neighbor" && len(words) > 1 {
				// A neighbour the router did not have goes with one
				// `no neighbor IP`; a known one loses only the added line.
				ip := words[1]
				if !slices.ContainsFunc(p.Children, func(l *showparse.ConfigLine) bool { return hasWordPrefix(l.Text, words[:2]) }) {
					if undoneNeighbor[ip] {
						continue
					}
					undoneNeighbor[ip] = true
					u = "no neighbor " + ip
				}
			}
			undos = append(undos, []string{ind + u})
		case isBlock(c.Text):
			cc, uu, err := diffChildren(c, q, depth+1)
			if err != nil {
				return nil, nil, err
			}
			if len(cc) > 0 {
				cmds = append(append(cmds, ind+c.Text), cc...)
				blockUndos = append(blockUndos, append([]string{ind + c.Text}, uu...))
			}
		case q.Text == c.Text:
		case r.onDiffer == conflict && !(r.state && strings.HasPrefix(q.Text, "no ")):
			return nil, nil, &ConflictError{
				Object:  p.Text,
				Problem: fmt.Sprintf("in use for something else: it has %q, the plan needs %q", dialect.Redact(q.Text), dialect.Redact(c.Text)),
			}
		default:
			cmds = append(cmds, ind+c.Text)
			undos = append(undos, []string{ind + q.Text})
		}
	}
	slices.Reverse(undos)
	slices.Reverse(blockUndos)
	for _, u := range append(undos, blockUndos...) {
		undo = append(undo, u...)
	}
	return cmds, undo, nil
}

func findKey(ls []*showparse.ConfigLine, key string) *showparse.ConfigLine {
	for _, l := range ls {
		if l != nil && keyOf(l.Text) == key {
			return l
		}
	}
	return nil
}
