package showparse

import (
	"io"
	"strings"
)

// BGPTable is `show ip bgp`.
type BGPTable struct {
	TableVersion  int        `json:"table_version"`
	RouterID      string     `json:"router_id"`
	LocalAS       uint32     `json:"local_as"`
	Routes        []BGPRoute `json:"routes"`
	TotalPrefixes int        `json:"total_prefixes"`
}

// BGPRoute is one path. Metric, LocalPref and Weight are nil when the output
// does not show them or, for flattened lines, cannot say (see ParseBGPTable).
type BGPRoute struct {
	Prefix     string   `json:"prefix"`
	NextHop    string   `json:"next_hop"`
	Metric     *uint32  `json:"metric,omitempty"`
	LocalPref  *uint32  `json:"local_pref,omitempty"`
	Weight     *uint32  `json:"weight,omitempty"`
	Path       []uint32 `json:"path"`
	Origin     string   `json:"origin"` // i (IGP), e (EGP) or ? (incomplete)
	Valid      bool     `json:"valid"`
	Best       bool     `json:"best"`
	Internal   bool     `json:"internal"`
	Suppressed bool     `json:"suppressed,omitempty"`
	History    bool     `json:"history,omitempty"`
	// Guessed is true when the line was flattened and held numbers between
	// the next hop and the origin: which of them are metric, local
	// preference and AS path is then the documented guess, not a reading.
	Guessed bool `json:"guessed,omitempty"`
}

// BestRoute returns the best path for prefix.
func (t BGPTable) BestRoute(prefix string) (BGPRoute, bool) {
	for _, r := range t.Routes {
		if r.Prefix == prefix && r.Best {
			return r, true
		}
	}
	return BGPRoute{}, false
}

// bgpColumns holds the header's column starts for aligned output; -1 when
// the header lacks the column.
type bgpColumns struct {
	aligned                      bool
	metric, locPrf, weight, path int
}

// ParseBGPTable reads `show ip bgp`.
//
// Aligned output (the header line has runs of spaces, like the router's)
// is read by column: a number starting at or after the "Path" header column
// belongs to the AS path; any other number belongs to the rightmost of the
// Metric, LocPrf and Weight columns whose header starts before the number
// ends, so both left- and right-aligned numbers land in their column.
//
// Flattened lines (single spaces, as in the seed) cannot say which column a
// number came from. The rule, marked Guessed in the result: for a locally
// originated route (next hop 0.0.0.0, empty path) the numbers are the metric
// and then the local preference; otherwise a single number is the AS path
// (an eBGP route always carries at least one AS), and with two or more the
// first is the metric (MED) and the rest the AS path. So the seed's
// "*> 172.31.0.0/16 169.254.123.133 100 64512 i" reads MED 100, path 64512,
// which is what AWS sends (aws-vpn.md §6).
//
// A line whose network column is blank (or holds an address instead of a
// prefix) is a further path to the previous line's prefix; a line holding
// only status and prefix continues on the next line. "Total number of
// prefixes" is required once any route is shown.
func ParseBGPTable(r io.Reader) (BGPTable, error) {
	lines, err := Clean(r)
	if err != nil {
		return BGPTable{}, err
	}
	i := firstContent(lines)
	if i < 0 {
		return BGPTable{}, inputErr("empty input, expected show ip bgp output")
	}
	out := BGPTable{Routes: []BGPRoute{}}
	v, ok := strings.CutPrefix(strings.TrimSpace(lines[i].Text), "BGP table version is ")
	if ok {
		var ver, id string
		ver, id, ok = strings.Cut(v, ", local router ID is ")
		out.TableVersion, ok = atoiOK(ver, ok)
		out.RouterID = id
		ok = ok && validAddr(id)
	}
	if !ok {
		return BGPTable{}, lineErr(lines[i], `expected "BGP table version is N, local router ID is A.B.C.D"`)
	}
	var (
		cols     bgpColumns
		header   bool
		haveAS   bool
		total    = -1
		pending  *BGPRoute // status and prefix of a wrapped line
		pendLine Line
	)
	for _, l := range lines[i+1:] {
		t := strings.TrimSpace(l.Text)
		switch {
		case t == "" && pending == nil:
			continue
		case pending != nil:
			rt, msg := bgpRest(*pending, l.Text, cols, lineAligned(l.Text))
			if msg != "" {
				return BGPTable{}, lineErr(l, "%s", msg)
			}
			out.Routes = append(out.Routes, rt)
			pending = nil
			continue
		case total >= 0:
			return BGPTable{}, lineErr(l, "text after the prefix total")
		}
		if v, ok := strings.CutPrefix(t, "Local AS number "); ok {
			if out.LocalAS, ok = atou32(v); !ok || haveAS {
				return BGPTable{}, lineErr(l, "bad or repeated local AS number")
			}
			haveAS = true
			continue
		}
		if v, ok := strings.CutPrefix(t, "Total number of prefixes "); ok {
			if total, ok = atoi(v); !ok {
				return BGPTable{}, lineErr(l, "bad prefix total")
			}
			continue
		}
		if strings.HasPrefix(t, "Status codes: ") || strings.HasPrefix(t, "Origin codes: ") || isLegend(t) {
			if header {
				return BGPTable{}, lineErr(l, "legend after the column header")
			}
			continue
		}
		if strings.HasPrefix(t, "Network ") && strings.Contains(t, "Next Hop") {
			if header {
				return BGPTable{}, lineErr(l, "repeated column header")
			}
			header, cols = true, parseBGPHeader(l.Text)
			continue
		}
		if !header || !haveAS {
			return BGPTable{}, lineErr(l, "not a show ip bgp line before the column header")
		}
		rt, wrapped, msg := bgpRoute(l.Text, cols, out.Routes)
		if msg != "" {
			return BGPTable{}, lineErr(l, "%s", msg)
		}
		if wrapped {
			pending, pendLine = &rt, l
			continue
		}
		out.Routes = append(out.Routes, rt)
	}
	if pending != nil {
		return BGPTable{}, lineErr(pendLine, "route line ends after its network")
	}
	if !haveAS {
		return BGPTable{}, lineErr(lines[i], `no "Local AS number" line follows`)
	}
	if total < 0 && len(out.Routes) > 0 {
		return BGPTable{}, lineErr(lines[len(lines)-1], `output ends without "Total number of prefixes" (truncated?)`)
	}
	out.TotalPrefixes = max(total, 0)
	return out, nil
}

// isLegend recognises code legends such as "> - best, i - internal".
func isLegend(t string) bool {
	for part := range strings.SplitSeq(t, ", ") {
		code, desc, ok := strings.Cut(part, " - ")
		if !ok || !word(code) || !phrase(desc) {
			return false
		}
	}
	return true
}

func parseBGPHeader(raw string) bgpColumns {
	c := bgpColumns{
		aligned: lineAligned(raw),
		metric:  strings.Index(raw, "Metric"),
		locPrf:  strings.Index(raw, "LocPrf"),
		weight:  strings.Index(raw, "Weight"),
		path:    strings.Index(raw, "Path"),
	}
	return c
}

type token struct {
	s          string
	start, end int
}

func tokens(raw string) []token {
	var ts []token
	for i := 0; i < len(raw); {
		if raw[i] == ' ' || raw[i] == '\t' {
			i++
			continue
		}
		j := i
		for j < len(raw) && raw[j] != ' ' && raw[j] != '\t' {
			j++
		}
		ts = append(ts, token{raw[i:j], i, j})
		i = j
	}
	return ts
}

const bgpStatusChars = "s*h>i"

// bgpRoute parses a route line up to its prefix, then the rest via bgpRest.
// wrapped reports a line that holds only status and prefix.
func bgpRoute(raw string, cols bgpColumns, prev []BGPRoute) (rt BGPRoute, wrapped bool, msg string) {
	n := 0
	for n < len(raw) && (strings.IndexByte(bgpStatusChars, raw[n]) >= 0 || raw[n] == ' ' || raw[n] == '\t') {
		switch raw[n] {
		case '*':
			rt.Valid = true
		case '>':
			rt.Best = true
		case 'i':
			rt.Internal = true
		case 's':
			rt.Suppressed = true
		case 'h':
			rt.History = true
		}
		n++
	}
	ts := tokens(raw[n:])
	if len(ts) == 0 {
		return rt, false, "not a show ip bgp route line"
	}
	first := ts[0].s
	switch {
	case validPrefix(first):
		rt.Prefix = first
		if len(ts) == 1 {
			return rt, true, ""
		}
		rest := strings.Repeat(" ", n+ts[1].start) + raw[n+ts[1].start:]
		rt, msg = bgpRest(rt, rest, cols, lineAligned(raw))
		return rt, false, msg
	case validAddr(first) && len(prev) > 0:
		rt.Prefix = prev[len(prev)-1].Prefix
		rt, msg = bgpRest(rt, strings.Repeat(" ", n)+raw[n:], cols, lineAligned(raw))
		return rt, false, msg
	}
	return rt, false, "not a show ip bgp route line"
}

// lineAligned reports a line laid out in columns rather than flattened.
func lineAligned(raw string) bool {
	return strings.TrimLeft(raw, " \t") != raw || strings.Contains(strings.TrimSpace(raw), "  ")
}

// bgpRest parses next hop, numbers and origin; raw keeps its columns and
// holds nothing before the next hop except spaces. aligned says whether the
// whole route line was laid out in columns.
func bgpRest(rt BGPRoute, raw string, cols bgpColumns, aligned bool) (BGPRoute, string) {
	ts := tokens(raw)
	if len(ts) < 2 || !validAddr(ts[0].s) {
		return rt, "expected next hop, numbers and origin"
	}
	rt.NextHop = ts[0].s
	origin := ts[len(ts)-1].s
	if origin != "i" && origin != "e" && origin != "?" {
		return rt, "route line does not end in an origin code (i, e, ?)"
	}
	rt.Origin = origin
	nums := ts[1 : len(ts)-1]
	vals := make([]uint32, len(nums))
	for k, t := range nums {
		v, ok := atou32(t.s)
		if !ok {
			return rt, "expected numbers between next hop and origin"
		}
		vals[k] = v
	}
	rt.Path = []uint32{}
	if cols.aligned && aligned {
		return bgpByColumn(rt, nums, vals, cols)
	}
	if len(vals) == 0 {
		return rt, ""
	}
	rt.Guessed = true
	switch {
	case rt.NextHop == "0.0.0.0" || rt.NextHop == "::":
		if len(vals) > 2 {
			return rt, "locally originated route with more than metric and local preference"
		}
		rt.Metric = &vals[0]
		if len(vals) == 2 {
			rt.LocalPref = &vals[1]
		}
	case len(vals) == 1:
		rt.Path = vals
	default:
		rt.Metric = &vals[0]
		rt.Path = vals[1:]
	}
	return rt, ""
}

func bgpByColumn(rt BGPRoute, nums []token, vals []uint32, cols bgpColumns) (BGPRoute, string) {
	for k, t := range nums {
		if cols.path >= 0 && t.start >= cols.path {
			rt.Path = append(rt.Path, vals[k])
			continue
		}
		if len(rt.Path) > 0 {
			return rt, "number left of the Path column after the path"
		}
		var dst **uint32
		best := -1
		for _, c := range []struct {
			start int
			dst   **uint32
		}{{cols.metric, &rt.Metric}, {cols.locPrf, &rt.LocalPref}, {cols.weight, &rt.Weight}} {
			if c.start >= 0 && c.start < t.end && c.start > best {
				best, dst = c.start, c.dst
			}
		}
		if dst == nil {
			return rt, "number outside the Metric, LocPrf, Weight and Path columns"
		}
		if *dst != nil {
			return rt, "two numbers in one column"
		}
		*dst = &vals[k]
	}
	return rt, ""
}
