package dialect

import "testing"

func TestModeOf(t *testing.T) {
	tests := []struct {
		tag  string
		want ModeName
	}{
		{"", ModeExec},
		{"config", ModeConfig},
		{"config-Tunnel0.0", ModeInterface},
		{"config-GigaEthernet1.0", ModeInterface},
		{"config-bgp", ModeBGP},
		{"config-bgp-af", ModeBGPAF},
		{"config-ikev2-dprof", ModeIKEv2},
		{"config-ospf", ModeRouter},
		{"config-ikev2-profile", ModeIKEv2Profile},
		{"config-dhcp-p1", ModeDHCPProfile},
		{"config-something-new", ModeUnknown},
		{"configx", ""},
		{"enable", ""},
	}
	for _, tt := range tests {
		if got := ModeOf(tt.tag); got != tt.want {
			t.Errorf("ModeOf(%q) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}

func TestEntered(t *testing.T) {
	tests := []struct {
		parent ModeName
		cmd    string
		want   ModeName // "" for no entry
		arg    string   // first submatch, if any
	}{
		{ModeExec, "configure", ModeConfig, ""},
		{ModeExec, "svintr-config", ModeConfig, ""},
		{ModeConfig, "configure", "", ""},
		{ModeConfig, "interface Tunnel0.0", ModeInterface, "Tunnel0.0"},
		{ModeConfig, "router bgp 65000", ModeBGP, ""},
		{ModeConfig, "router bgp 4200000000", ModeBGP, ""},
		{ModeConfig, "router ospf 1", ModeRouter, ""},
		{ModeConfig, "ikev2 default-profile", ModeIKEv2, ""},
		{ModeConfig, "ikev2 profile p1", ModeIKEv2Profile, "p1"},
		{ModeConfig, "ip dhcp profile lan", ModeDHCPProfile, "lan"},
		{ModeConfig, "address-family ipv4 unicast", "", ""},
		{ModeBGP, "address-family ipv4 unicast", ModeBGPAF, ""},
		{ModeBGP, "address-family ipv6", ModeBGPAF, ""},
		{ModeBGP, "address-family vpnv4 unicast", ModeBGPAF, ""},
		{ModeBGP, "address-family", "", ""},
		{ModeBGP, "interface Tunnel0.0", "", ""},
		// From a sub-mode not in the table any entry switches directly.
		{ModeUnknown, "interface Tunnel1.0", ModeInterface, "Tunnel1.0"},
		{ModeUnknown, "address-family ipv4 unicast", ModeBGPAF, ""},
		{ModeConfig, "no interface Tunnel0.0", "", ""},
		{ModeConfig, "interface", "", ""},
		{ModeConfig, "ike policy p peer 1.1.1.1 key k prop", "", ""},
	}
	for _, tt := range tests {
		m, sm, ok := Entered(tt.parent, tt.cmd)
		if ok != (tt.want != "") || m.Name != tt.want {
			t.Errorf("Entered(%q, %q) = %q %v, want %q", tt.parent, tt.cmd, m.Name, ok, tt.want)
			continue
		}
		if tt.arg != "" && (len(sm) < 2 || sm[1] != tt.arg) {
			t.Errorf("Entered(%q, %q) submatches %q, want %q", tt.parent, tt.cmd, sm, tt.arg)
		}
	}
}

// TestOpensSubMode is the union of the lists that used to live in ixcli,
// showparse and plan.
func TestOpensSubMode(t *testing.T) {
	tests := []struct {
		line        string
		top, nested bool // OpensSubMode, EntersSubMode
	}{
		{"interface Tunnel0.0", true, true},
		{"interface GigaEthernet0.0", true, true},
		{"router bgp 65000", true, true},
		{"router ospf 1", true, true},
		{"ikev2 default-profile", true, true},
		{"ikev2 profile X", true, true},
		{"ip dhcp profile X", true, true},
		{"address-family ipv4 unicast", false, true},
		{"no interface Tunnel0.0", false, false},
		{"no router bgp 65000", false, false},
		{"ikev2 authentication psk id ipv4 1.1.1.1 key char k", false, false},
		{"ip route default Tunnel0.0", false, false},
		{"interfaces", false, false},
		{"configure", false, false},
		{"hostname R10", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := OpensSubMode(tt.line); got != tt.top {
			t.Errorf("OpensSubMode(%q) = %v, want %v", tt.line, got, tt.top)
		}
		if got := EntersSubMode(tt.line); got != tt.nested {
			t.Errorf("EntersSubMode(%q) = %v, want %v", tt.line, got, tt.nested)
		}
	}
}

func TestIsGlobalOnly(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"hostname R10", true},
		{"ip route default Tunnel0.0", true},
		{"ipsec autokey-map m acl 1.1.1.1 prop", true},
		{"ike policy p peer 1.1.1.1 key k prop", true},
		{"ip ufs-cache", true},
		{"ip ufs-cache max-entries 1000", true},
		{"ip address 10.0.0.1/30", false},
		{"no shutdown", false},
		{"neighbor 1.1.1.1 remote-as 64512", false},
		{"hostnames", false},
	}
	for _, tt := range tests {
		if got := IsGlobalOnly(tt.line); got != tt.want {
			t.Errorf("IsGlobalOnly(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestTags(t *testing.T) {
	if got := InterfaceTag("Tunnel0.0"); got != "config-Tunnel0.0" || ModeOf(got) != ModeInterface {
		t.Errorf("InterfaceTag = %q (mode %q)", got, ModeOf(got))
	}
	for tag, want := range map[string]bool{"config-bgp": true, "config": false, "": false, "config-": true} {
		if got := IsSubModeTag(tag); got != want {
			t.Errorf("IsSubModeTag(%q) = %v", tag, got)
		}
	}
}
