package ixcli

import (
	"regexp"
	"strings"
)

// PromptPattern matches every IX prompt, unanchored (ix-cli.md §1): the
// host name, the mode tag in parentheses, '#' for administrators and '%'
// for other users.
const PromptPattern = `[A-Za-z0-9._-]+(?:\([^)]*\))?[#%] ?`

// PagerPattern is the pager prompt (a whole line) and PagerReply the key
// that shows the next page (§2).
const (
	PagerPattern = `\s*--More--\s*`
	PagerReply   = " "
)

// promptRE parses a prompt; empty parentheses are no IX mode.
var promptRE = regexp.MustCompile(`^([A-Za-z0-9._-]+)(?:\(([^)]+)\))?([#%]) ?$`)

// Prompt is a parsed prompt.
type Prompt struct {
	Host  string
	Tag   string // text in parentheses: "", "config", "config-Tunnel0.0"
	Admin bool   // '#' rather than '%'
}

// ParsePrompt parses a prompt such as "R10(config)# ".
func ParsePrompt(s string) (Prompt, bool) {
	m := promptRE.FindStringSubmatch(s)
	if m == nil {
		return Prompt{}, false
	}
	return Prompt{Host: m[1], Tag: m[2], Admin: m[3] == "#"}, true
}

func (p Prompt) String() string {
	t := "%"
	if p.Admin {
		t = "#"
	}
	if p.Tag == "" {
		return p.Host + t
	}
	return p.Host + "(" + p.Tag + ")" + t
}

// InConfig reports whether the prompt is global config or one of its
// sub-modes: the configuration lock is held.
func (p Prompt) InConfig() bool { return p.Tag == "config" || strings.HasPrefix(p.Tag, "config-") }

// ModeName names a CLI mode.
type ModeName string

// Modes of the IX CLI relevant to AWS VPN configuration.
const (
	ModeExec      ModeName = "exec"
	ModeConfig    ModeName = "config"
	ModeInterface ModeName = "interface"
	ModeBGP       ModeName = "bgp"
	ModeBGPAF     ModeName = "bgp-af"
	ModeIKEv2     ModeName = "ikev2-profile"
	ModeUnknown   ModeName = "sub-mode" // a config sub-mode not in the table
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
	// guesses; Configure then accepts any new config sub-mode tag after the
	// entry command instead of insisting on the guess.
	Confirmed bool
}

// ModeTable is the IX dialect's modes (ix-cli.md §1, §7).
var ModeTable = []Mode{
	{Name: ModeExec, Tag: regexp.MustCompile(`^$`), Exit: "exit", Confirmed: true},
	{Name: ModeConfig, Parent: ModeExec, Tag: regexp.MustCompile(`^config$`),
		Enter: regexp.MustCompile(`^(?:configure|config|conf t|enable-config|en|svintr-config)$`), Exit: "exit", Confirmed: true},
	{Name: ModeInterface, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-[A-Za-z]+[0-9][0-9./:]*$`),
		Enter: regexp.MustCompile(`^interface\s+(\S+)$`), Exit: "exit", Confirmed: true},
	{Name: ModeBGP, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-bgp$`),
		Enter: regexp.MustCompile(`^router\s+bgp\s+\d+(?:\.\d+)?$`), Exit: "exit"},
	{Name: ModeBGPAF, Parent: ModeBGP, Tag: regexp.MustCompile(`^config-bgp-af$`),
		Enter: regexp.MustCompile(`^address-family\s+ipv[46](?:\s+unicast)?$`), Exit: "exit"},
	{Name: ModeIKEv2, Parent: ModeConfig, Tag: regexp.MustCompile(`^config-ikev2-dprof$`),
		Enter: regexp.MustCompile(`^ikev2\s+default-profile$`), Exit: "exit", Confirmed: true},
}

// ModeOf returns the mode a prompt tag denotes; unknown config sub-modes
// come back as ModeUnknown.
func ModeOf(tag string) ModeName {
	for _, m := range ModeTable {
		if m.Tag.MatchString(tag) {
			return m.Name
		}
	}
	if strings.HasPrefix(tag, "config-") {
		return ModeUnknown
	}
	return ""
}

// entered returns the table row whose entry command is cmd, from parent.
func entered(parent ModeName, cmd string) (Mode, []string, bool) {
	for _, m := range ModeTable {
		if m.Enter == nil || (m.Parent != parent && !(parent == ModeUnknown)) {
			continue
		}
		if sm := m.Enter.FindStringSubmatch(cmd); sm != nil {
			return m, sm, true
		}
	}
	return Mode{}, nil, false
}
