package ixsim

import (
	"sync"
)

// grammar is the command set of every mode. It holds no router state, so
// routers built with the same vocabulary share one (1,000 idle routers in a
// process must stay cheap).
type grammar struct {
	exec, config, tunnel, giga, bgp, af *trie
	device                              *trie
}

func (g *grammar) trie(m mode) *trie {
	switch m {
	case modeConfig:
		return g.config
	case modeTunnel:
		return g.tunnel
	case modeGiga:
		return g.giga
	case modeBGP:
		return g.bgp
	case modeBGPAF:
		return g.af
	case modeDevice:
		return g.device
	}
	return g.exec
}

// vocabulary holds the algorithm keywords ix-cli.md §7 lists as seen [C];
// the "likely too" [G] ones join only with WithGuessedKeywords.
type vocabulary struct {
	ikeEnc, ikeHash, dh, espEnc, espAuth, localID []string
}

func newVocabulary(guessed bool) vocabulary {
	v := vocabulary{
		ikeEnc:  []string{"3des", "aes", "aes-256"},
		ikeHash: []string{"md5", "sha", "sha2-256", "sha2-512"},
		dh:      []string{"1024-bit", "1536-bit", "2048-bit"},
		espEnc:  []string{"esp-aes", "esp-aes-256"},
		espAuth: []string{"esp-sha", "esp-md5", "esp-sha2-256", "esp-sha2-512"},
		localID: []string{"fqdn", "keyid"},
	}
	if guessed {
		v.ikeEnc = append(v.ikeEnc, "aes-192")
		v.ikeHash = append(v.ikeHash, "sha2-384")
		v.dh = append(v.dh, "768-bit", "3072-bit", "4096-bit")
		v.espEnc = append(v.espEnc, "esp-3des", "esp-aes-192")
		v.espAuth = append(v.espAuth, "esp-sha2-384")
		v.localID = append(v.localID, "address")
	}
	return v
}

var (
	grammarMu    sync.Mutex
	grammarCache = map[bool]*grammar{}
)

func grammarFor(guessed bool) *grammar {
	grammarMu.Lock()
	defer grammarMu.Unlock()
	if g, ok := grammarCache[guessed]; ok {
		return g
	}
	g := buildGrammar(newVocabulary(guessed))
	grammarCache[guessed] = g
	return g
}

type pattern struct {
	text string
	h    handler
}

func buildGrammar(v vocabulary) *grammar {
	g := &grammar{exec: newTrie(), config: newTrie(), tunnel: newTrie(), giga: newTrie(), bgp: newTrie(), af: newTrie()}
	g.device = newTrie()

	// Operation mode: only the shows ix-cli.md §5 says work outside config
	// mode (show ip route, show interfaces) and show version, which CONBU-M
	// captured at `Router#`; `show ike` there is `% ike -- Invalid command.`
	// (§10.9), and so is every show captured only at `(config)#`.
	execOnly := []pattern{
		{"exit", cmdLogout},
	}
	entry := []pattern{
		{"configure [terminal]", cmdConfigure},
		{"enable-config", cmdConfigure},
		{"svintr-config", cmdSvintr},
		{"reload", cmdReload},
	}
	showAnywhere := []pattern{
		{"show ip route", cmdShowPeer("show ip route")},
		{"show ip route bgp", cmdShowPeer("show ip route bgp")},
		{"show interfaces [<if:anyif>]", showNamed("show interfaces", "if")},
		{"show version", cmdShowPeer("show version")},
	}
	for _, p := range concat(execOnly, entry, showAnywhere) {
		g.exec.add(p.text, execGate(p.text, p.h))
	}

	global := concat(entry, showAnywhere, []pattern{
		{"exit", cmdExit},
		{"show running-config", cmdShowRunning},
		{"show startup-config", cmdShowStartup},
		{"show ike sa", cmdShowPeer("show ike sa")},
		{"show ipsec sa", cmdShowPeer("show ipsec sa")},
		{"show ip bgp", cmdShowPeer("show ip bgp")},
		{"show ip bgp summary", cmdShowPeer("show ip bgp summary")},
		{"show ike sa brief", cmdShowPeer("show ike sa brief")},
		{"show ipsec sa brief", cmdShowPeer("show ipsec sa brief")},
		{"show ip bgp neighbors [<nbr:ipv4>]", showNamed("show ip bgp neighbors", "nbr")},
		{"terminal length <n:length>", cmdTerminalLength},
		{"terminal width <n:width>", cmdTerminalWidth},
		{"write memory", cmdWrite(false)},
		{"copy running-config startup-config", cmdWrite(true)},

		{"hostname <name:name>", cmdHostname},
		{"no hostname", cmdNoHostname},
		{"ip route { default@dst | <dst:network> } { <via:ipv4> | <via:anyif> } [<distance:distance>]", cmdIPRoute},
		{"no ip route { default@dst | <dst:network> } [ <via:ipv4> | <via:anyif> ]", cmdNoIPRoute},
		{"ip access-list <acl:name> { permit@action | deny@action } ip src { any@src | <src:network> } dest { any@dest | <dest:network> }", cmdACL},
		{"no ip access-list <acl:name> [ { permit@action | deny@action } ip src { any@src | <src:network> } dest { any@dest | <dest:network> } ]", cmdNoACL},

		{"ike proposal <name:name> encryption " + choice("enc", v.ikeEnc) + " hash " + choice("hash", v.ikeHash) + " group " + choice("group", v.dh) + " [lifetime <lifetime:lifetime>]", cmdIKEProposal},
		{"no ike proposal <name:name>", cmdNoIKEProposal},
		{"ike policy <name:name> peer <peer:ipv4> key <key:word> [mode aggressive@mode] <proposal:name>", cmdIKEPolicy},
		{"no ike policy <name:name>", cmdNoIKEPolicy},
		{"ike keepalive <policy:name> <interval:interval> <retries:retries>", cmdIKEKeepalive},
		{"no ike keepalive <policy:name> [<interval:interval> <retries:retries>]", cmdNoIKEKeepalive},
		{"ike nat-traversal", cmdIKENAT},
		{"ike nat-traversal policy <policy:name> [<sec:natsec>]", cmdIKENAT},
		{"no ike nat-traversal", cmdNoIKENAT},
		{"no ike nat-traversal policy <policy:name> [<sec:natsec>]", cmdNoIKENAT},
		{"ike local-id <policy:name> " + choice("kind", v.localID) + " <value:word>", cmdIKELocalID},
		{"no ike local-id <policy:name> [" + choice("kind", v.localID) + " <value:word>]", cmdNoIKELocalID},

		{"ipsec autokey-proposal <name:name> " + choice("enc", v.espEnc) + " " + choice("auth", v.espAuth) + " [lifetime time <lifetime:ipsecsec>]", cmdIPsecProposal},
		{"no ipsec autokey-proposal <name:name>", cmdNoIPsecProposal},
		{"ipsec autokey-map <name:name> <acl:name> peer <peer:ipv4> <proposal:name> [pfs " + choice("pfs", v.dh) + "]", cmdIPsecMap},
		{"no ipsec autokey-map <name:name>", cmdNoIPsecMap},
		{"ipsec { local-id@side | remote-id@side } <map:name> <prefix:network>", cmdIPsecID},
		{"no ipsec { local-id@side | remote-id@side } <map:name> [<prefix:network>]", cmdNoIPsecID},

		{"interface <if:tunnelif>", cmdInterface},
		{"interface <if:gigaif>", cmdInterface},
		{"no interface <if:tunnelif>", cmdNoInterface},
		{"router bgp <asn:asn>", cmdRouterBGP},
		{"no router bgp <asn:asn>", cmdNoRouterBGP},
	}, extraGlobal, deviceGlobal())

	ifCommon := []pattern{
		{"ip address <addr:hostaddr>", cmdIfAddress},
		{"no ip address", cmdIfNoAddress},
		{"ip tcp adjust-mss { auto@mss | <mss:mss> }", cmdIfMSS},
		{"no ip tcp adjust-mss", cmdIfNoMSS},
		{"shutdown", cmdIfShutdown(true)},
		{"no shutdown", cmdIfShutdown(false)},
	}
	ifCommon = append(ifCommon, extraIface...)
	tunnelOnly := []pattern{
		{"tunnel mode ipsec@tmode", cmdIfTunnelMode},
		{"no tunnel mode", cmdIfNoTunnelMode},
		{"ipsec policy tunnel <map:name> [df-bit ignore] [pre-fragment] out", cmdIfPolicy},
		{"no ipsec policy tunnel [<map:name> [df-bit ignore] [pre-fragment] out]", cmdIfNoPolicy},
	}
	bgpOnly := []pattern{
		{"neighbor <ip:ipv4> remote-as <as:asn>", cmdNeighborAS},
		{"no neighbor <ip:ipv4> [remote-as <as:asn>]", cmdNoNeighbor},
		{"neighbor <ip:ipv4> timers <ka:keepalv> <hold:hold>", cmdNeighborTimers},
		{"no neighbor <ip:ipv4> timers [<ka:keepalv> <hold:hold>]", cmdNoNeighborTimers},
		{"address-family ipv4 unicast", cmdAddressFamily},
		{"no address-family ipv4 unicast", cmdNoAddressFamily},
	}
	afOnly := []pattern{
		{"network <prefix:network>", cmdNetwork},
		{"no network <prefix:network>", cmdNoNetwork},
	}
	// Sub-modes accept every global command too, prompt unchanged (§1).
	for _, p := range global {
		g.config.add(p.text, p.h)
	}
	for _, p := range concat(tunnelOnly, ifCommon, global) {
		g.tunnel.add(p.text, p.h)
	}
	for _, p := range concat(ifCommon, global) {
		g.giga.add(p.text, p.h)
	}
	for _, p := range concat(bgpOnly, global) {
		g.bgp.add(p.text, p.h)
	}
	for _, p := range concat(afOnly, global) {
		g.af.add(p.text, p.h)
	}
	for _, p := range concat(deviceOnly(), global) {
		g.device.add(p.text, p.h)
	}
	return g
}

func concat(lists ...[]pattern) []pattern {
	var out []pattern
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
