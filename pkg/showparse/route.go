package showparse

import (
	"io"
	"strings"
)

// RouteTable is `show ip route`.
type RouteTable struct {
	Entries int     `json:"entries"`
	Hidden  int     `json:"hidden"`
	Frees   int     `json:"frees"`
	Routes  []Route `json:"routes"`
}

// Route is one route line.
type Route struct {
	Code             string `json:"code"` // C, S, B, O, "O IA", E2 ... without the candidate-default star
	CandidateDefault bool   `json:"candidate_default"`
	Prefix           string `json:"prefix"`
	Distance         int    `json:"distance"`
	Metric           int    `json:"metric"`
	NextHop          string `json:"next_hop"` // empty when directly connected
	Interface        string `json:"interface"`
	Age              string `json:"age"`         // as shown: "0:22:57", "5d5h10m6s"
	AgeSeconds       int64  `json:"age_seconds"` // Age in seconds
}

// Lookup returns the routes for prefix, best first as the router lists them.
func (t RouteTable) Lookup(prefix string) []Route {
	var out []Route
	for _, r := range t.Routes {
		if r.Prefix == prefix {
			out = append(out, r)
		}
	}
	return out
}

// ParseRouteTable reads `show ip route` (and its filtered forms such as
// `show ip route bgp`). Legend and "is subnetted" group lines are skipped;
// a line that starts with "[" is a further equal-cost path of the previous
// route. Every other line must be a route.
func ParseRouteTable(r io.Reader) (RouteTable, error) {
	lines, err := Clean(r)
	if err != nil {
		return RouteTable{}, err
	}
	i := firstContent(lines)
	if i < 0 {
		return RouteTable{}, inputErr("empty input, expected show ip route output")
	}
	out := RouteTable{Routes: []Route{}}
	if !routeHeader(strings.TrimSpace(lines[i].Text), &out) {
		return RouteTable{}, lineErr(lines[i], `expected "IP Routing Table - N entries, N hidden, N frees"`)
	}
	for _, l := range lines[i+1:] {
		t := strings.TrimSpace(l.Text)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "Entries: "), strings.HasPrefix(t, "Codes: "), t == "Timers: Age", isLegend(t):
			if len(out.Routes) > 0 {
				return RouteTable{}, lineErr(l, "legend line among the routes")
			}
			continue
		case isSubnettedLine(t):
			continue
		}
		rt, msg := parseRouteLine(t, out.Routes)
		if msg != "" {
			return RouteTable{}, lineErr(l, "%s", msg)
		}
		out.Routes = append(out.Routes, rt)
	}
	return out, nil
}

func routeHeader(t string, out *RouteTable) bool {
	v, ok := strings.CutPrefix(t, "IP Routing Table - ")
	if !ok {
		return false
	}
	parts := strings.Split(v, ", ")
	if len(parts) != 3 {
		return false
	}
	for k, unit := range []string{" entries", " hidden", " frees"} {
		n, found := strings.CutSuffix(parts[k], unit)
		num, ok := atoiOK(n, found)
		if !ok {
			return false
		}
		*[]*int{&out.Entries, &out.Hidden, &out.Frees}[k] = num
	}
	return true
}

// isSubnettedLine recognises "169.254.0.0/16 is subnetted, 2 subnets" and
// "... is variably subnetted, ...".
func isSubnettedLine(t string) bool {
	f := strings.Fields(t)
	return len(f) >= 5 && validPrefix(f[0]) && f[1] == "is" &&
		(f[2] == "subnetted," || f[2] == "variably" && f[3] == "subnetted,")
}

func parseRouteLine(t string, prev []Route) (Route, string) {
	var rt Route
	head, tail, ok := strings.Cut(t, "[")
	if !ok {
		return rt, "not a show ip route line"
	}
	f := strings.Fields(head)
	switch {
	case len(f) == 0 && len(prev) > 0: // equal-cost path of the previous route
		p := prev[len(prev)-1]
		rt.Code, rt.CandidateDefault, rt.Prefix = p.Code, p.CandidateDefault, p.Prefix
	case len(f) >= 2 && validPrefix(f[len(f)-1]):
		rt.Prefix = f[len(f)-1]
		code := f[:len(f)-1]
		if c, star := strings.CutSuffix(code[0], "*"); star {
			rt.CandidateDefault, code[0] = true, c
		}
		for _, c := range code {
			if !alnum(c) {
				return rt, "bad route code"
			}
		}
		rt.Code = strings.Join(code, " ")
	default:
		return rt, "expected route code and prefix before [distance/metric]"
	}
	dm, rest, ok := strings.Cut(tail, "] ")
	d, m, ok2 := strings.Cut(dm, "/")
	rt.Distance, ok = atoiOK(d, ok && ok2)
	rt.Metric, ok = atoiOK(m, ok)
	if !ok {
		return rt, "bad [distance/metric]"
	}
	parts := strings.Split(rest, ", ")
	if len(parts) != 3 {
		return rt, `expected "via ADDR, INTERFACE, AGE" or "is directly connected, INTERFACE, AGE"`
	}
	if hop, via := strings.CutPrefix(parts[0], "via "); via && validAddr(hop) {
		rt.NextHop = hop
	} else if parts[0] != "is directly connected" {
		return rt, "bad next hop"
	}
	rt.Interface, rt.Age = parts[1], parts[2]
	if !word(rt.Interface) {
		return rt, "bad interface"
	}
	if rt.AgeSeconds, ok = parseAge(rt.Age); !ok {
		return rt, "bad age"
	}
	return rt, ""
}

func alnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// parseAge reads "h:mm:ss" (under a day) or "NwNdNhNmNs" with any of the
// units present in that order ("5d5h10m6s").
func parseAge(s string) (int64, bool) {
	if strings.Contains(s, ":") {
		p := strings.Split(s, ":")
		if len(p) != 3 {
			return 0, false
		}
		h, ok1 := atoi(p[0])
		m, ok2 := atoi(p[1])
		sec, ok3 := atoi(p[2])
		if !ok1 || !ok2 || !ok3 || len(p[1]) != 2 || len(p[2]) != 2 || m > 59 || sec > 59 {
			return 0, false
		}
		return int64(h)*3600 + int64(m)*60 + int64(sec), true
	}
	const units = "wdhms"
	mult := [...]int64{7 * 86400, 86400, 3600, 60, 1}
	var total int64
	next := 0 // index in units of the smallest unit allowed next
	for s != "" {
		j := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == 0 || j == len(s) || j > 9 {
			return 0, false
		}
		u := strings.IndexByte(units[next:], s[j])
		if u < 0 {
			return 0, false
		}
		n, _ := atoi(s[:j])
		total += int64(n) * mult[next+u]
		next += u + 1
		s = s[j+1:]
	}
	return total, next > 0
}
