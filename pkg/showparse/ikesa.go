package showparse

import (
	"io"
	"strings"
)

// IKESAs is `show ike sa`.
type IKESAs struct {
	Configured int     `json:"configured"`
	Created    int     `json:"created"`
	SAs        []IKESA `json:"sas"`
}

// IKESA is one ISAKMP SA block. Fields the router did not print are zero;
// local/remote address, policy and state are always present.
type IKESA struct {
	LocalAddress    string   `json:"local_address"`
	LocalPort       int      `json:"local_port"`
	RemoteAddress   string   `json:"remote_address"`
	RemotePort      int      `json:"remote_port"`
	Policy          string   `json:"policy"`
	Direction       string   `json:"direction"` // initiator | responder
	InitiatorCookie string   `json:"initiator_cookie"`
	ResponderCookie string   `json:"responder_cookie"`
	Exchange        string   `json:"exchange"`      // as shown: "main mode", "aggressive mode"
	NATTraversal    string   `json:"nat_traversal"` // "RFC3947" from "NAT-Traversal RFC3947"; empty when not in use
	NATDetected     string   `json:"nat_detected"`  // "local" from "NAT detected at local side"; empty when no NAT seen
	State           IKEState `json:"state"`         // IKEEstablished when up
	Auth            string   `json:"auth"`
	Encryption      string   `json:"encryption"`
	Hash            string   `json:"hash"`
	DHGroup         string   `json:"dh_group"`
	LifetimeSeconds int      `json:"lifetime_seconds"` // seconds left, not the configured lifetime
	Ph1Success      int      `json:"ph1_success"`
	Ph1Failure      int      `json:"ph1_failure"`
	Ph1HashErr      int      `json:"ph1_hash_err"`
	Ph1Timeout      int      `json:"ph1_timeout"`
	Ph1Resend       int      `json:"ph1_resend"`
	Ph2Success      int      `json:"ph2_success"`
	Ph2Failure      int      `json:"ph2_failure"`
	Ph2HashErr      int      `json:"ph2_hash_err"`
	Ph2Timeout      int      `json:"ph2_timeout"`
	Ph2Resend       int      `json:"ph2_resend"`
}

// IKEState is an ISAKMP SA's state as `show ike sa` prints it ("State is
// ..."). Only IKEEstablished is known from captures; any other phrase is a
// negotiation still under way (ix-cli.md §8.1).
type IKEState string

// IKEEstablished is the state of an SA that is up.
const IKEEstablished IKEState = "established"

// Established reports whether the SA is up (ix-cli.md §8.1).
func (s IKESA) Established() bool { return s.State == IKEEstablished }

// ikeField is one labelled line of an SA block. Each may appear once.
type ikeField struct {
	label string
	set   func(sa *IKESA, v string) bool
}

func setStr(dst *string, ok func(string) bool) func(string) bool {
	return func(v string) bool {
		if !ok(v) {
			return false
		}
		*dst = v
		return true
	}
}

var ikeFields = []ikeField{
	{"Remote address is ", func(sa *IKESA, v string) (ok bool) {
		sa.RemoteAddress, sa.RemotePort, ok = parseAddrPort(v)
		return ok
	}},
	{"IKE policy name is ", func(sa *IKESA, v string) bool { return setStr(&sa.Policy, word)(v) }},
	{"Direction is ", func(sa *IKESA, v string) bool { return setStr(&sa.Direction, word)(v) }},
	{"Initiator's cookie is ", func(sa *IKESA, v string) bool { return setStr(&sa.InitiatorCookie, cookie)(v) }},
	{"Responder's cookie is ", func(sa *IKESA, v string) bool { return setStr(&sa.ResponderCookie, cookie)(v) }},
	{"Exchange type is ", func(sa *IKESA, v string) bool { return setStr(&sa.Exchange, phrase)(v) }},
	{"NAT-Traversal ", func(sa *IKESA, v string) bool { return setStr(&sa.NATTraversal, word)(v) }},
	{"NAT detected at ", func(sa *IKESA, v string) bool {
		side, ok := strings.CutSuffix(v, " side")
		return ok && setStr(&sa.NATDetected, word)(side)
	}},
	{"State is ", func(sa *IKESA, v string) bool {
		if !phrase(v) {
			return false
		}
		sa.State = IKEState(v)
		return true
	}},
	{"Authentication method is ", func(sa *IKESA, v string) bool { return setStr(&sa.Auth, word)(v) }},
	{"Encryption algorithm is ", func(sa *IKESA, v string) bool { return setStr(&sa.Encryption, word)(v) }},
	{"Hash algorithm is ", func(sa *IKESA, v string) bool { return setStr(&sa.Hash, word)(v) }},
	{"DH group is ", func(sa *IKESA, v string) bool {
		g, life, ok := strings.Cut(v, ", lifetime is ")
		if !ok || !word(g) {
			return false
		}
		life, ok = strings.CutSuffix(life, " seconds")
		if !ok {
			return false
		}
		sa.DHGroup = g
		sa.LifetimeSeconds, ok = atoi(life)
		return ok
	}},
	{"#ph1 success: ", counters(func(sa *IKESA) []*int { return []*int{&sa.Ph1Success, &sa.Ph1Failure} }, "#ph1 success", "#ph1 failure")},
	{"#ph1 hash err: ", counters(func(sa *IKESA) []*int { return []*int{&sa.Ph1HashErr, &sa.Ph1Timeout, &sa.Ph1Resend} }, "#ph1 hash err", "#ph1 timeout", "#ph1 resend")},
	{"#ph2 success: ", counters(func(sa *IKESA) []*int { return []*int{&sa.Ph2Success, &sa.Ph2Failure} }, "#ph2 success", "#ph2 failure")},
	{"#ph2 hash err: ", counters(func(sa *IKESA) []*int { return []*int{&sa.Ph2HashErr, &sa.Ph2Timeout, &sa.Ph2Resend} }, "#ph2 hash err", "#ph2 timeout", "#ph2 resend")},
}

// counters parses a counter line such as "#ph1 success: 1, #ph1 failure: 0";
// v is the line without its label, so the whole line is rebuilt first.
func counters(dst func(*IKESA) []*int, names ...string) func(*IKESA, string) bool {
	return func(sa *IKESA, v string) bool {
		parts := strings.Split(names[0]+": "+v, ", ")
		if len(parts) != len(names) {
			return false
		}
		ptrs := dst(sa)
		for i, p := range parts {
			num, ok := strings.CutPrefix(p, names[i]+": ")
			if !ok {
				return false
			}
			if *ptrs[i], ok = atoi(num); !ok {
				return false
			}
		}
		return true
	}
}

func cookie(s string) bool {
	h, ok := strings.CutPrefix(s, "0x")
	if !ok || h == "" || len(h) > 16 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// ParseIKESAs reads `show ike sa`. A block starts at "Local address is";
// every other line must be a known label of the current block and appear at
// most once in it, so unknown or duplicated lines are errors rather than
// silently dropped.
func ParseIKESAs(r io.Reader) (IKESAs, error) {
	lines, err := Clean(r)
	if err != nil {
		return IKESAs{}, err
	}
	i := firstContent(lines)
	if i < 0 {
		return IKESAs{}, inputErr("empty input, expected show ike sa output")
	}
	out := IKESAs{SAs: []IKESA{}}
	head, ok := strings.CutPrefix(strings.TrimSpace(lines[i].Text), "ISAKMP SA - ")
	if ok {
		out.Configured, out.Created, ok = parseCounts(head)
	}
	if !ok {
		return IKESAs{}, lineErr(lines[i], `expected "ISAKMP SA - N configured, N created"`)
	}
	var (
		cur   *IKESA
		start Line
		seen  uint32
	)
	finish := func() error {
		if cur == nil {
			return nil
		}
		if cur.RemoteAddress == "" || cur.Policy == "" || cur.State == "" {
			return lineErr(start, "SA block lacks its remote address, policy name or state")
		}
		out.SAs = append(out.SAs, *cur)
		return nil
	}
lines:
	for _, l := range lines[i+1:] {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			continue
		}
		if v, ok := strings.CutPrefix(t, "Local address is "); ok {
			if err := finish(); err != nil {
				return IKESAs{}, err
			}
			cur, start, seen = &IKESA{}, l, 0
			if cur.LocalAddress, cur.LocalPort, ok = parseAddrPort(v); !ok {
				return IKESAs{}, lineErr(l, "bad address or port")
			}
			continue
		}
		if cur == nil {
			return IKESAs{}, lineErr(l, `expected "Local address is ..." to start an SA`)
		}
		for k, f := range ikeFields {
			v, ok := strings.CutPrefix(t, f.label)
			if !ok {
				continue
			}
			if seen&(1<<k) != 0 {
				return IKESAs{}, lineErr(l, "repeated within one SA")
			}
			seen |= 1 << k
			if !f.set(cur, v) {
				return IKESAs{}, lineErr(l, "bad value")
			}
			continue lines
		}
		return IKESAs{}, lineErr(l, "not a show ike sa line")
	}
	if err := finish(); err != nil {
		return IKESAs{}, err
	}
	return out, nil
}
