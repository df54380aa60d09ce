// Package peer models the AWS side of a Site-to-Site VPN and what the
// simulated IX shows about it: given the router's running configuration it
// decides, per AWS tunnel, whether IKE, IPsec and BGP come up (and why not),
// and renders `show ike sa [brief]`, `show ipsec sa [brief]`, `show ip bgp
// [summary]`, `show ip bgp neighbors [A]`, `show ip route [bgp]`, `show
// interfaces NAME` and `show version` as an IX prints them, indented (real
// spacing) or flat (the seed write-up's copy).
//
// It reads the IX configuration text itself and shares no code with the
// ixpush tool: if both sides shared an understanding of the IX, their bugs
// would cancel out. Only its tests use pkg/showparse, to check that every
// render parses back to what the model decided.
//
// # Stages
//
// Time is always passed in (Update and Render take now), so tests drive it.
// Each stage comes up Timing.X after its preconditions hold (and after the
// stage before it is up); any change that breaks a precondition takes it,
// and everything after it, down at once. A failing stage retries every
// Timing.RetryInterval and each attempt moves its counters.
//
// IKE (per `ike policy`, shown in `show ike sa`):
//   - up: peer is an AWS outside IP, the WAN interface has an address, is not
//     shut down and routes to the peer, the AWS side is up, IKE reaches AWS
//     from the customer gateway address (the NAT's public address behind
//     NAT), main mode, a proposal AWS accepts (aes/aes-256, sha/sha2-*,
//     1024-bit or 2048-bit and up) and the tunnel's pre-shared key;
//   - timeout: wrong peer, AWS side down, no route, WAN down, wrong
//     customer gateway address, NAT mode udp-only without `ike
//     nat-traversal`. An attempt resends message 1 Timing.IKERetransmits
//     times (#ph1 resend +1 each), Timing.IKERetransmitInterval apart, gives
//     up one interval after the last (#ph1 timeout +1) and the next starts
//     Timing.RetryInterval later (defaults 3, 10 s, 10 s: a 50 s cycle);
//   - no proposal chosen (#ph1 failure): aggressive mode, 3des/des/aes-192,
//     md5, 768-bit or 1536-bit, or anything the scenario narrows out;
//   - hash error (#ph1 hash err and #ph1 failure when the attempt starts,
//     then message 5 resent unanswered like a timeout): PSK mismatch;
//   - not tried: the policy's proposal does not exist, or an earlier policy
//     already serves the peer.
//
// IPsec (per AWS tunnel, shown in `show ipsec sa`, counted as #ph2 in the
// IKE block): needs an autokey-map for the peer whose ACL and proposal exist,
// a Tunnel interface with `tunnel mode ipsec` and `ipsec policy tunnel MAP
// ... out` that is not shut down (otherwise the router does not try: no
// counters), the IKE SA up, and then AWS must accept the transform
// (esp-aes/esp-aes-256 with esp-sha/esp-sha2-*), the PFS group (2, 5, 14 and
// up) and the proxy IDs (none configured = 0.0.0.0/0 both ways), or #ph2
// failure grows. Without PFS AWS refuses phase 2 unless the scenario sets
// aws.pfs_required false [G: every AWS sample sets PFS].
//
// BGP (per AWS tunnel): needs the IPsec SA up, the Tunnel interface address
// = the customer inside address /30, `router bgp` = the customer ASN and a
// neighbour = the AWS inside address with remote-as = the Amazon ASN. Then
// AWS's prefixes are learned with their MED; the best of two paths has the
// lower MED, then the older session, then tunnel 0.
//
// # Guesses (no capture shows them)
//
//   - A peer the router is resending to shows its `show ike sa` block while
//     the attempt lasts, State msg1-sent (msg5-sent: hash error), and none
//     once it is given up; WithQuietRetransmits shows none (ix-cli.md
//     §10.3's reading). WithNegotiatingSAs shows a block at every moment:
//     msg1-sent (no answer or proposal refused), msg3-sent (negotiating),
//     msg5-sent. The retransmit count and interval follow CONBU's log
//     (packets 10 s apart, `No response from …, timeout` 10 s after the
//     third); the pause before the next attempt is a guess.
//   - `NAT-Traversal RFC3947` / `NAT detected at local side` appear only when
//     NAT-T is on and NAT is present; ports move to 4500 then.
//   - `show ipsec sa`: Interface MTU 1438 (1430 with UDP encapsulation), path
//     MTU 1500; the IPsec lifetime defaults to 3600 s, IKE to 28800 s; SAs
//     are renewed each lifetime with new SPIs and cookies.
//   - `show ip bgp`: column widths; the local network's "1" (seed) is its
//     metric; one line per prefix (the seed shows one with both tunnels up),
//     further paths with WithAllBGPPaths as `*` lines with a blank network;
//     table version 1 + 2 × paths (7 for the seed); no output without
//     `router bgp`. Router ID: `bgp router-id`, else the highest up interface
//     address.
//   - `show ip bgp summary`: IDLE while no up interface reaches the
//     neighbour, CONNECT while the session comes up, ACTIVE when reachable
//     but AWS does not peer as configured; counters of the current session,
//     a keepalive every 10 s.
//   - `show ip route`: a Tunnel interface is up (and its connected route
//     shown) once its IPsec SA is up; frees = 2048 − entries − hidden (fits
//     both captures); hidden = BGP paths not installed.
//   - `show interfaces NAME`: invented layout ("Interface X is up", indented
//     "label is value" lines). `show version`: QIITA's complete IX2215
//     capture line for line; other models borrow its board lines, unknown
//     firmware its build stamp; uptime and start time from WithBootTime
//     (default: New), always "woke up by reload, caused by power-on".
//   - `show ike sa brief` / `show ipsec sa brief`: CONBU's captured columns
//     [C]; `show ip route bgp`: the B routes with header counts of those
//     alone [C CT], legend as the full table [G]; `show ip bgp neighbors`:
//     an NEC-CRM-style layout, no capture [G].
//   - AWS side going down: the SAs stay established until DPD (`ike
//     keepalive` interval × retries; without it, the IPsec lifetime) and BGP
//     until its hold time (`neighbor timers`, else 180 s), as a real IX
//     (timing.teardown instant: at once). Coming back before that, or
//     RestartAWS, is an AWS restart: renegotiation from phase 1. BGP states
//     during Timing.BGPUp: CONNECT 5%, ACTIVE to 90%, OPENSENT to 95%, then
//     OPENCONFIRM (bgpfsm.go). Timing.TimeScale scales the timeline, not
//     SA lifetimes or clocks. Lifetimes longer than AWS's maxima are
//     accepted as configured.
package peer
