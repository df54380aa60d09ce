package peer

import (
	"net/netip"
	"slices"

	"github.com/ixpush/ixpush/pkg/ixsim/scenario"
)

// Stage statuses. A status is what the configuration (and the AWS side)
// allow right now; how long a stage has held its status decides whether it
// is up yet and how far its failure counters have grown.
const (
	stOK = "ok" // preconditions hold: comes up after the stage's delay

	// IKE phase 1.
	stHashErr    = "psk-mismatch"  // AWS cannot verify our hash: #ph1 hash err
	stNoProposal = "no-proposal"   // AWS answers NO-PROPOSAL-CHOSEN: #ph1/#ph2 failure
	stTimeout    = "timeout"       // nobody answers: #ph1 timeout and resend
	stIdle       = "not-initiated" // the router does not try (incomplete config): no counters

	// Downstream of a failed stage.
	stIKEDown   = "ike-down"
	stIPsecDown = "ipsec-down"

	// BGP mismatches: the session does not establish.
	stBGPMismatch = "bgp-mismatch"
	// The AWS side stopped answering and the hold timer expired while the
	// SAs still stand.
	stBGPHold = "hold-expired"
)

// policyEval is one `ike policy` as AWS sees it.
type policyEval struct {
	policy  ikePolicy
	prop    ikeProposal // zero when the proposal is missing
	tunnel  int         // AWS tunnel index, -1 when the peer is not an AWS endpoint
	status  string
	why     string     // human reason for status, for tests and docs
	local   netip.Addr // WAN interface address (source of IKE)
	natT    bool       // NAT detected and NAT-T on: UDP 4500 both sides
	primary bool       // first policy for its peer (later ones are not negotiated)
}

// tunnelEval is one AWS tunnel: which IX objects serve it and how far the
// configuration lets it get.
type tunnelEval struct {
	policy     int // index into world.policies, -1 when none
	mapIdx     int // index into routerConfig.ipsecMaps, -1 when none
	ipsec      string
	ipsecWhy   string
	iface      *ifaceConfig // tunnel interface bound to the map, nil when none
	transform  string       // shown transform, e.g. ESP-AES-128-HMAC-SHA-96
	pfs        string       // DH keyword or ""
	lifetime   int          // IPsec SA lifetime, seconds
	bgp        string
	bgpWhy     string
	awsInside  netip.Addr
	custInside netip.Addr
	insideNet  netip.Prefix
	outside    netip.Addr
}

// world is everything the configuration, the scenario and the faults decide,
// before time is taken into account.
type world struct {
	cfg      *routerConfig
	wan      *ifaceConfig
	policies []policyEval
	tunnels  [2]tunnelEval
}

// evaluate derives the world; pure, so each failure cause is testable on its
// own. awsDown holds the AWS side's state (the scenario's tunnels[].down at
// first, then SetAWSDown).
func evaluate(cfg *routerConfig, sc *scenario.Scenario, awsDown [2]bool) *world {
	w := &world{cfg: cfg, wan: cfg.iface(sc.Router.WANInterface)}
	props := sc.AWS.Proposals.Effective()
	for t := range w.tunnels {
		at := sc.AWS.Tunnels[t]
		n, a, c := at.Inside()
		w.tunnels[t] = tunnelEval{policy: -1, mapIdx: -1, insideNet: n, awsInside: a, custInside: c, outside: at.Outside()}
	}
	seenPeer := map[string]bool{}
	for _, p := range cfg.ikePolicies {
		pe := policyEval{policy: p, tunnel: -1, primary: !seenPeer[p.peer]}
		seenPeer[p.peer] = true
		if peer, err := netip.ParseAddr(p.peer); err == nil {
			for t := range w.tunnels {
				if w.tunnels[t].outside == peer {
					pe.tunnel = t
				}
			}
		}
		if w.wan != nil && w.wan.addr.IsValid() {
			pe.local = w.wan.addr.Addr()
		}
		pe.status, pe.why = w.ikeStatus(&pe, sc, props, awsDown)
		if pe.primary && pe.tunnel >= 0 {
			w.tunnels[pe.tunnel].policy = len(w.policies)
		}
		w.policies = append(w.policies, pe)
	}
	for t := range w.tunnels {
		w.evalIPsec(t, sc, props)
		w.evalBGP(t, sc)
	}
	return w
}

func (w *world) ikeStatus(pe *policyEval, sc *scenario.Scenario, props scenario.Proposals, awsDown [2]bool) (string, string) {
	prop, ok := w.cfg.ikeProposal(pe.policy.proposal)
	if !ok {
		return stIdle, "ike proposal " + pe.policy.proposal + " does not exist"
	}
	pe.prop = prop
	if !pe.primary {
		return stIdle, "another ike policy already serves peer " + pe.policy.peer
	}
	if why := w.wanDown(pe.policy.peer); why != "" {
		return stTimeout, why
	}
	if pe.tunnel < 0 {
		return stTimeout, "peer " + pe.policy.peer + " is not an AWS endpoint of this VPN"
	}
	if awsDown[pe.tunnel] {
		return stTimeout, "the AWS side of the tunnel is down"
	}
	nat := sc.Router.NAT
	natT := w.cfg.natTraversal(pe.policy.name)
	if nat.Mode == scenario.NATUDPOnly && !natT {
		return stTimeout, "the NAT passes only UDP 4500 and ike nat-traversal is off"
	}
	pe.natT = nat.Behind() && natT
	public := pe.local
	if nat.Behind() {
		public = nat.Public()
	}
	if public != sc.AWS.CustomerGateway() {
		return stTimeout, "AWS expects IKE from " + sc.AWS.CustomerGatewayIP + ", not " + public.String()
	}
	if pe.policy.aggressive {
		return stNoProposal, "AWS accepts IKEv1 main mode only"
	}
	enc, hash, group := ikeEncryption[prop.enc], ikeHash[prop.hash], dhGroups[prop.group]
	if !slices.Contains(props.Phase1Encryption, enc.aws) || enc.aws == "" {
		return stNoProposal, "AWS does not accept phase 1 encryption " + prop.enc
	}
	if !slices.Contains(props.Phase1Integrity, hash.aws) || hash.aws == "" {
		return stNoProposal, "AWS does not accept phase 1 hash " + prop.hash
	}
	if !slices.Contains(props.Phase1DHGroups, group.group) {
		return stNoProposal, "AWS does not accept phase 1 group " + prop.group
	}
	if pe.policy.key != sc.AWS.Tunnels[pe.tunnel].PSK {
		return stHashErr, "pre-shared key differs from AWS's"
	}
	return stOK, ""
}

// wanDown says why IKE packets to peer cannot leave through the WAN
// interface, or "" when they can.
func (w *world) wanDown(peer string) string {
	if w.wan == nil || !w.wan.addr.IsValid() {
		return "the WAN interface has no address"
	}
	if w.wan.shutdown {
		return "the WAN interface is shut down"
	}
	dst, err := netip.ParseAddr(peer)
	if err != nil {
		return "peer " + peer + " is not an address"
	}
	if out := w.physicalRouteOut(dst); out != w.wan.name {
		return "no route to " + peer + " through " + w.wan.name
	}
	return ""
}

// physicalRouteOut looks dst up in the connected routes of the up physical
// interfaces and the static routes over them; it returns the outgoing
// interface or "".
func (w *world) physicalRouteOut(dst netip.Addr) string {
	best, bestLen := "", -1
	for _, i := range w.cfg.ifaces {
		if isTunnel(i.name) || i.shutdown || !i.addr.IsValid() {
			continue
		}
		if i.addr.Masked().Contains(dst) && i.addr.Bits() > bestLen {
			best, bestLen = i.name, i.addr.Bits()
		}
	}
	for _, r := range w.cfg.routes {
		if !r.dst.Contains(dst) || r.dst.Bits() <= bestLen {
			continue
		}
		if out := w.staticOut(r); out != "" && !isTunnel(out) {
			best, bestLen = out, r.dst.Bits()
		}
	}
	return best
}

// staticOut resolves a static route's outgoing physical interface through
// connected routes, or "" when it does not resolve.
func (w *world) staticOut(r staticRoute) string {
	if r.ifName != "" {
		if i := w.cfg.iface(r.ifName); i != nil && !i.shutdown && !isTunnel(i.name) {
			return i.name
		}
		return ""
	}
	for _, i := range w.cfg.ifaces {
		if isTunnel(i.name) || i.shutdown || !i.addr.IsValid() {
			continue
		}
		if i.addr.Masked().Contains(r.via) {
			return i.name
		}
	}
	return ""
}

func (w *world) evalIPsec(t int, sc *scenario.Scenario, props scenario.Proposals) {
	te := &w.tunnels[t]
	for i, m := range w.cfg.ipsecMaps {
		if a, err := netip.ParseAddr(m.peer); err == nil && a == te.outside {
			te.mapIdx = i
			break
		}
	}
	set := func(st, why string) { te.ipsec, te.ipsecWhy = st, why }
	if te.mapIdx < 0 {
		set(stIdle, "no ipsec autokey-map for peer "+te.outside.String())
		return
	}
	m := w.cfg.ipsecMaps[te.mapIdx]
	te.pfs = m.pfs
	for _, i := range w.cfg.ifaces {
		if i.policyMap == m.name && i.tunnelIPsec {
			te.iface = i
			break
		}
	}
	prop, propOK := w.cfg.ipsecProposals[m.proposal]
	te.lifetime = defaultIPsecLifetime
	if propOK && prop.lifetime > 0 {
		te.lifetime = prop.lifetime
	}
	switch {
	case !w.cfg.acls[m.acl]:
		set(stIdle, "access list "+m.acl+" does not exist")
		return
	case !propOK:
		set(stIdle, "ipsec autokey-proposal "+m.proposal+" does not exist")
		return
	case te.iface == nil:
		set(stIdle, "no tunnel interface binds ipsec-map "+m.name+" (tunnel mode ipsec + ipsec policy tunnel ... out)")
		return
	case te.iface.shutdown:
		set(stIdle, te.iface.name+" is shut down")
		return
	case te.policy < 0 || w.policies[te.policy].status != stOK:
		set(stIKEDown, "IKE SA with "+te.outside.String()+" is not up")
		return
	}
	// The first acceptable transform is chosen, as the responder would.
	encOK, authOK := "", ""
	for _, e := range prop.encs {
		if a := espEncryption[e].aws; a != "" && slices.Contains(props.Phase2Encryption, a) {
			encOK = e
			break
		}
	}
	for _, a := range prop.auths {
		if n := espAuth[a]; n != "" && slices.Contains(props.Phase2Integrity, n) {
			authOK = a
			break
		}
	}
	if encOK != "" && authOK != "" {
		te.transform = "ESP-" + espEncryption[encOK].show + "-" + espAuthShow[authOK]
	}
	local, remote := anyNet, anyNet
	if p, ok := w.cfg.localIDs[m.name]; ok {
		local = p
	}
	if p, ok := w.cfg.remoteIDs[m.name]; ok {
		remote = p
	}
	switch {
	case encOK == "":
		set(stNoProposal, "AWS does not accept ESP encryption of proposal "+prop.name)
	case authOK == "":
		set(stNoProposal, "AWS does not accept ESP authentication of proposal "+prop.name)
	case m.pfs == "" && sc.AWS.RequiresPFS():
		set(stNoProposal, "AWS requires PFS")
	case m.pfs != "" && !slices.Contains(props.Phase2DHGroups, dhGroups[m.pfs].group):
		set(stNoProposal, "AWS does not accept PFS group "+m.pfs)
	case local != sc.AWS.LocalNetwork() || remote != sc.AWS.RemoteNetwork():
		set(stNoProposal, "proxy IDs "+local.String()+" <-> "+remote.String()+" differ from AWS's "+
			sc.AWS.LocalNetwork().String()+" <-> "+sc.AWS.RemoteNetwork().String())
	default:
		set(stOK, "")
	}
}

func (w *world) evalBGP(t int, sc *scenario.Scenario) {
	te := &w.tunnels[t]
	set := func(st, why string) { te.bgp, te.bgpWhy = st, why }
	b := w.cfg.bgp
	switch {
	case te.ipsec != stOK:
		set(stIPsecDown, "IPsec SA with "+te.outside.String()+" is not up")
		return
	case te.iface.addr.Addr() != te.custInside || te.iface.addr.Bits() != 30:
		set(stBGPMismatch, te.iface.name+" must have address "+te.custInside.String()+"/30")
		return
	case b == nil:
		set(stIdle, "no router bgp")
		return
	case b.asn != sc.AWS.CustomerASN:
		set(stBGPMismatch, "router bgp AS differs from the customer ASN AWS expects")
		return
	}
	for _, n := range b.neighbors {
		if n.addr != te.awsInside {
			continue
		}
		if n.remoteAS != sc.AWS.AmazonASN {
			set(stBGPMismatch, "neighbor "+n.addr.String()+" remote-as differs from the Amazon ASN")
			return
		}
		set(stOK, "")
		return
	}
	set(stIdle, "no neighbor "+te.awsInside.String())
}

var anyNet = netip.MustParsePrefix("0.0.0.0/0")

func isTunnel(name string) bool { return len(name) > 6 && name[:6] == "Tunnel" }
