package dialect

import (
	"strconv"
	"strings"
)

// The commands the tool types (ix-cli.md §1, §2, §4, §6).
const (
	CmdConfigure   = "configure"     // enter global configuration; from a sub-mode, back to it
	CmdForceConfig = "svintr-config" // take configuration mode from another session (admins)
	CmdExit        = "exit"          // up one mode; in operation mode it logs out
	CmdSave        = "write memory"  // running-config to startup-config
)

// SetsHostname reports whether line renames the router, which changes the
// host part of every prompt after it.
func SetsHostname(line string) bool { return strings.HasPrefix(line, "hostname ") }

// Pager is the pager prompt (a whole line) and the key that shows the next
// page (§2 [C]).
const (
	PagerPattern = `\s*--More--\s*`
	PagerReply   = " "
	// PageLines is the pager's page height (§2: about 24 lines).
	PageLines = 24
)

// Terminal widths the IX accepts for `terminal width` (§2 [R]: 60-512).
const (
	MinTerminalWidth     = 60
	MaxTerminalWidth     = 512
	DefaultTerminalWidth = MaxTerminalWidth
)

// OnOpen are the lines typed once configuration mode is entered (they are
// config-mode only on the IX, §2, §5): no pager, and echoes that do not wrap
// at 80 columns. They are conveniences the IX may refuse; a client carries
// on without them.
func OnOpen(width int) []string {
	return []string{"terminal length 0", "terminal width " + strconv.Itoa(width)}
}

// A Show is one IX show command the tool reads. Where the IX runs it is
// the command-mode table's to say (ModeOfCommand).
type Show struct {
	Command string
}

// Mode is the show's row of the command-mode table.
func (s Show) Mode() CommandMode {
	m, _ := ModeOfCommand(s.Command)
	return m
}

// ConfigOnly reports whether the IX serves it in configuration mode only (CommandModes).
func (s Show) ConfigOnly() bool { return s.Mode().ConfigOnly }

// The show commands the tool reads (§5, §8).
var (
	ShowRunningConfig = Show{"show running-config"}
	ShowStartupConfig = Show{"show startup-config"}
	ShowIKESA         = Show{"show ike sa"}
	ShowIPsecSA       = Show{"show ipsec sa"}
	ShowBGP           = Show{"show ip bgp"}
	ShowBGPSummary    = Show{"show ip bgp summary"}
	ShowRoute         = Show{"show ip route"}
	ShowInterfaces    = Show{"show interfaces"}
	ShowVersion       = Show{"show version"}
)

// ShowInterface is the show of one interface ("show interfaces Tunnel0.0").
func ShowInterface(name string) string { return ShowInterfaces.Command + " " + name }
