package dialect

import (
	"regexp"
	"strings"
)

// TagConfig is the prompt tag of global configuration mode; every sub-mode
// tag starts with subModeTagPrefix.
const (
	TagConfig        = "config"
	subModeTagPrefix = "config-"
)

// ModeName names a CLI mode.
type ModeName string

// Modes of the IX CLI the tool meets.
const (
	ModeExec         ModeName = "exec"
	ModeConfig       ModeName = "config"
	ModeInterface    ModeName = "interface"
	ModeBGP          ModeName = "bgp"
	ModeBGPAF        ModeName = "bgp-af"
	ModeRouter       ModeName = "router" // another routing protocol (ospf, rip)
	ModeIKEv2        ModeName = "ikev2-default-profile"
	ModeIKEv2Profile ModeName = "ikev2-profile"
	ModeDHCPProfile  ModeName = "dhcp-profile"
	ModeUnknown      ModeName = "sub-mode" // a config sub-mode not in the table
)

// Mode is one row of the mode table.
type Mode struct {
	Name   ModeName
	Parent ModeName
	// Tag matches the text between parentheses in the prompt.
	Tag *regexp.Regexp
	// Enter matches the command that enters the mode from Parent.
	Enter *regexp.Regexp
	// Exit leaves to Parent ("configure" also jumps to global config from
	// any sub-mode).
	Exit string
	// Confirmed: the prompt was captured on a device. Unconfirmed tags are
	// guesses; a client then accepts any new config sub-mode tag after the
	// entry command instead of insisting on the guess.
	Confirmed bool
}

// ModeTable is the IX dialect's modes (ix-cli.md §1, §7, §8.7). The rows
// after ModeIKEv2 come from running-configs only; their prompts are
// guesses.
var ModeTable = []Mode{
	{Name: ModeExec, Tag: regexp.MustCompile(`^$`), Exit: CmdExit, Confirmed: true},
	{Name: ModeConfig, Parent: ModeExec, Tag: regexp.MustCompile(`^config$`),
		Enter: regexp.MustCompile(`^(?:configure|config|conf t|enable-config|en|svintr-config)$`), Exit: CmdExit, Confirmed: true},
	{Name: ModeInterface, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-[A-Za-z]+[0-9][0-9./:]*$`),
		Enter: regexp.MustCompile(`^interface\s+(\S+)$`), Exit: CmdExit, Confirmed: true},
	{Name: ModeBGP, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-bgp$`),
		Enter: regexp.MustCompile(`^router\s+bgp\s+\d+(?:\.\d+)?$`), Exit: CmdExit},
	// Loose on purpose: only ipv4 unicast is documented (§1 [G]), and
	// any family keeps the lines after it in the nested mode.
	{Name: ModeBGPAF, Parent: ModeBGP, Tag: regexp.MustCompile(`^config-bgp-af$`),
		Enter: regexp.MustCompile(`^address-family\s+\S+`), Exit: CmdExit},
	{Name: ModeIKEv2, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-ikev2-dprof$`),
		Enter: regexp.MustCompile(`^ikev2\s+default-profile$`), Exit: CmdExit, Confirmed: true},
	{Name: ModeRouter, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-(?:ospf|rip|router)$`),
		Enter: regexp.MustCompile(`^router\s+\S+`), Exit: CmdExit}, // after ModeBGP: any other router
	{Name: ModeIKEv2Profile, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-ikev2-prof(?:ile)?$`),
		Enter: regexp.MustCompile(`^ikev2\s+profile\s+(\S+)$`), Exit: CmdExit},
	{Name: ModeDHCPProfile, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-dhcp(?:-\S+)?$`),
		Enter: regexp.MustCompile(`^ip\s+dhcp\s+profile\s+(\S+)$`), Exit: CmdExit},
}

// ModeOf returns the mode a prompt tag denotes; unknown config sub-modes
// come back as ModeUnknown, anything else as "".
func ModeOf(tag string) ModeName {
	for _, m := range ModeTable {
		if m.Tag.MatchString(tag) {
			return m.Name
		}
	}
	if strings.HasPrefix(tag, subModeTagPrefix) {
		return ModeUnknown
	}
	return ""
}

// IsSubModeTag reports whether a prompt tag is a configuration sub-mode.
func IsSubModeTag(tag string) bool { return strings.HasPrefix(tag, subModeTagPrefix) }

// Entered returns the table row whose entry command is cmd when typed in
// parent, with the entry regexp's submatches. From an unknown sub-mode any
// row may match: an entry command switches sub-mode directly (§1 [C]).
func Entered(parent ModeName, cmd string) (Mode, []string, bool) {
	for _, m := range ModeTable {
		if m.Enter == nil || (m.Parent != parent && parent != ModeUnknown) {
			continue
		}
		if sm := m.Enter.FindStringSubmatch(cmd); sm != nil {
			return m, sm, true
		}
	}
	return Mode{}, nil, false
}

// OpensSubMode reports whether a configuration line typed in global config
// opens a sub-mode (interface, router, ikev2 profiles, dhcp profiles): the
// lines after it are its children. A line that switches from one sub-mode
// to another (address-family inside router bgp) is not global and not
// counted here; see Entered.
func OpensSubMode(line string) bool {
	_, _, ok := Entered(ModeConfig, line)
	return ok
}

// EntersSubMode reports whether line is the entry command of a
// configuration sub-mode from whichever mode it belongs to: the top-level
// entries of OpensSubMode and the nested ones (address-family under router
// bgp). It is for readers that see a line without the mode it was typed in
// (the configuration model's blocks); with the mode known, use Entered.
func EntersSubMode(line string) bool {
	for _, m := range ModeTable {
		if m.Enter != nil && m.Parent != ModeExec && m.Enter.MatchString(line) {
			return true
		}
	}
	return false
}

// InterfaceTag is the prompt tag of the interface mode of name
// ("config-Tunnel0.0"; the IX may print the name in another case).
func InterfaceTag(name string) string { return subModeTagPrefix + name }

// GlobalOnlyPrefixes are commands that only exist in global configuration
// mode: in a running-config copied without its indentation, one of them
// ends the open sub-mode. A command missing here reads as a child of an
// open sub-mode, which is why '!' separators matter there.
var GlobalOnlyPrefixes = []string{
	"hostname ", "timezone ", "logging ", "username ", "ntp ", "syslog ",
	"ike ", "ikev2 authentication ", "ipsec autokey-", "ipsec local-id ", "ipsec remote-id ",
	"no ipsec local-id ", "no ipsec remote-id ",
	"ip access-list ", "ipv6 access-list ", "ip route ", "ipv6 route ", "ip domain-name ", "ip name-server ",
	"ip ufs-cache", "ipv6 ufs-cache", "ip dhcp enable", "ipv6 dhcp enable", "proxy-dns ",
	"ssh-server ", "telnet-server ", "http-server ", "web-console ", "snmp-agent ", "watch-group ",
	"network-monitor ", "system ",
}

// IsGlobalOnly reports whether line starts with one of GlobalOnlyPrefixes.
func IsGlobalOnly(line string) bool {
	for _, p := range GlobalOnlyPrefixes {
		if strings.HasPrefix(line, p) || line == strings.TrimSpace(p) {
			return true
		}
	}
	return false
}
