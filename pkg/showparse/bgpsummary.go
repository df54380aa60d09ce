package showparse

import (
	"io"
	"slices"
	"strings"
)

// BGPSummary is `show ip bgp summary`.
type BGPSummary struct {
	RouterID  string        `json:"router_id"`
	LocalAS   uint32        `json:"local_as"`
	Neighbors []BGPNeighbor `json:"neighbors"`
}

// BGPNeighbor is one row of the neighbor table.
type BGPNeighbor struct {
	Address  string   `json:"address"`
	Version  int      `json:"version"`
	RemoteAS uint32   `json:"remote_as"`
	MsgRcvd  int      `json:"msg_rcvd"`
	MsgSent  int      `json:"msg_sent"`
	UpDown   string   `json:"up_down"` // as shown: "00:01:00", "never"
	State    BGPState `json:"state"`   // BGPIdle ... BGPEstablished
}

// BGPState is the last column of the neighbor table: a session state, not a
// prefix count (ix-cli.md §8.4, §10.5), in upper case as the IX prints it.
type BGPState string

// The session states, in the order a session comes up.
const (
	BGPIdle        BGPState = "IDLE"
	BGPConnect     BGPState = "CONNECT"
	BGPActive      BGPState = "ACTIVE"
	BGPOpenSent    BGPState = "OPENSENT"
	BGPOpenConfirm BGPState = "OPENCONFIRM"
	BGPEstablished BGPState = "ESTABLISHED"
)

// bgpStates lists every session state the parser accepts.
var bgpStates = []BGPState{BGPIdle, BGPConnect, BGPActive, BGPOpenSent, BGPOpenConfirm, BGPEstablished}

// Established reports whether the session is up.
func (n BGPNeighbor) Established() bool { return n.State == BGPEstablished }

// Neighbor returns the row for address, or nil.
func (s BGPSummary) Neighbor(address string) *BGPNeighbor {
	for i := range s.Neighbors {
		if s.Neighbors[i].Address == address {
			return &s.Neighbors[i]
		}
	}
	return nil
}

// ParseBGPSummary reads `show ip bgp summary`. The last column is the
// session state (ix-cli.md §8.4), matched case-insensitively and returned in
// upper case; a prefix count there is an error, as is any unknown line.
// "N BGP ... entries" statistics lines are skipped. When "Total number of
// neighbors" is shown it must match the rows read, which catches truncated
// output.
func ParseBGPSummary(r io.Reader) (BGPSummary, error) {
	lines, err := Clean(r)
	if err != nil {
		return BGPSummary{}, err
	}
	i := firstContent(lines)
	if i < 0 {
		return BGPSummary{}, inputErr("empty input, expected show ip bgp summary output")
	}
	out := BGPSummary{Neighbors: []BGPNeighbor{}}
	v, ok := strings.CutPrefix(strings.TrimSpace(lines[i].Text), "BGP router ID ")
	if ok {
		var as string
		out.RouterID, as, ok = strings.Cut(v, ", local AS number ")
		out.LocalAS, ok = atou32OK(as, ok)
		ok = ok && validAddr(out.RouterID)
	}
	if !ok {
		return BGPSummary{}, lineErr(lines[i], `expected "BGP router ID A.B.C.D, local AS number N"`)
	}
	header, total := false, -1
	for _, l := range lines[i+1:] {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			continue
		}
		if total >= 0 {
			return BGPSummary{}, lineErr(l, "text after the neighbor total")
		}
		if v, ok := strings.CutPrefix(t, "Total number of neighbors "); ok {
			if total, ok = atoi(v); !ok {
				return BGPSummary{}, lineErr(l, "bad neighbor total")
			}
			if total != len(out.Neighbors) {
				return BGPSummary{}, lineErr(l, "total does not match the %d neighbor rows shown", len(out.Neighbors))
			}
			continue
		}
		f := strings.Fields(t)
		if f[0] == "Neighbor" {
			if header || len(f) < 7 || f[len(f)-1] != "State" {
				return BGPSummary{}, lineErr(l, "bad or repeated neighbor table header")
			}
			header = true
			continue
		}
		if !header && isStatLine(f) {
			continue
		}
		if !header {
			return BGPSummary{}, lineErr(l, "not a show ip bgp summary line")
		}
		n, msg := bgpNeighbor(f)
		if msg != "" {
			return BGPSummary{}, lineErr(l, "%s", msg)
		}
		out.Neighbors = append(out.Neighbors, n)
	}
	if total < 0 && len(out.Neighbors) > 0 {
		return BGPSummary{}, lineErr(lines[len(lines)-1], `output ends without "Total number of neighbors" (truncated?)`)
	}
	return out, nil
}

// isStatLine recognises "22 BGP AS-PATH entries" and its kin, and
// "BGP table version is N ...".
func isStatLine(f []string) bool {
	if _, ok := atoi(f[0]); ok && len(f) >= 3 && f[1] == "BGP" {
		last := f[len(f)-1]
		return last == "entries" || last == "entry"
	}
	return len(f) >= 4 && f[0] == "BGP" && f[1] == "table" && f[2] == "version"
}

func bgpNeighbor(f []string) (BGPNeighbor, string) {
	if len(f) != 7 {
		return BGPNeighbor{}, "expected Neighbor V AS MsgRcvd MsgSent Up/DownTime State"
	}
	n := BGPNeighbor{Address: f[0], UpDown: f[5]}
	var ok [4]bool
	n.Version, ok[0] = atoi(f[1])
	n.RemoteAS, ok[1] = atou32(f[2])
	n.MsgRcvd, ok[2] = atoi(f[3])
	n.MsgSent, ok[3] = atoi(f[4])
	if !validAddr(f[0]) || ok != [4]bool{true, true, true, true} || !word(f[5]) {
		return BGPNeighbor{}, "bad neighbor row"
	}
	n.State = BGPState(strings.ToUpper(f[6]))
	if !slices.Contains(bgpStates, n.State) {
		return BGPNeighbor{}, "unknown BGP state " + quoteShort(f[6])
	}
	return n, ""
}

func atou32OK(s string, ok bool) (uint32, bool) {
	if !ok {
		return 0, false
	}
	return atou32(s)
}
