package dialect

import "strings"

// Confidence is ix-cli.md's marker on a fact: confirmed by a capture or a
// vendor document, reported by third-party code or notes, or guessed.
type Confidence string

const (
	Confirmed Confidence = "C"
	Reported  Confidence = "R"
	Guessed   Confidence = "G"
)

// CommandMode says in which modes the IX runs a command: one row of the
// command-mode table, the tool's only statement of it.
type CommandMode struct {
	// Command is the command's leading words; a longer line matches the
	// row with the most words ("show interfaces Tunnel0.0").
	Command string
	// ConfigOnly: the IX refuses it in operation mode (`% ike -- Invalid
	// command.`, §10.9) and runs it only in configuration mode.
	ConfigOnly bool
	Confidence Confidence
	// Source is where ix-cli.md says so.
	Source string
}

// OperationModeWorth reports whether a reader without configuration mode
// should still try the command in operation mode: it runs there, or its
// being config-only is only a guess. A refusal then costs one line and
// leaves that fact unknown.
func (m CommandMode) OperationModeWorth() bool { return !m.ConfigOnly || m.Confidence == Guessed }

// CommandModes is the command-mode table (ix-cli.md §2, §5, §10.9).
// Config-only commands are refused in operation mode; every show in it was
// captured at `(config)#`, and only show ip route and show interfaces are
// reported to work at `#` as well. The BGP shows were captured only in
// configuration mode and no note says either way: config-only is a guess,
// so operation mode still tries them.
var CommandModes = []CommandMode{
	{"show running-config", true, Reported, "§5 CT, NETMIKO"},
	{"show startup-config", true, Reported, "§5 CT, NETMIKO"},
	{"show ike", true, Reported, "§5 CT (reportedly); §10.9"},
	{"show ipsec", true, Reported, "§5 CT (reportedly); §10.9"},
	{"show ip bgp", true, Guessed, "§5: captured only at (config)# [C CHG, NOTOKEN]"},
	{"show ip route", false, Reported, "§5 CT"},
	{"show interfaces", false, Reported, "§5 CT"},
	{"show version", false, Reported, "§8.6 QIITA (Netmiko, before entering config)"},
	{"terminal", true, Reported, "§2, §5 NETMIKO, CT"},
	{"write", true, Reported, "§5, §6 CT"},
	{"copy", true, Reported, "§5, §6 CT"},
}

// ModeOfCommand returns the table row for a command line: the row whose
// words lead the line, the longest such row. ok is false for a command the
// table does not know.
func ModeOfCommand(line string) (m CommandMode, ok bool) {
	words := strings.Fields(line)
	best := -1
	for _, row := range CommandModes {
		rw := strings.Fields(row.Command)
		if len(rw) <= best || len(rw) > len(words) {
			continue
		}
		match := true
		for i, w := range rw {
			if words[i] != w {
				match = false
				break
			}
		}
		if match {
			m, ok, best = row, true, len(rw)
		}
	}
	return m, ok
}

// ConfigOnly reports whether the IX runs line in configuration mode only
// (a command the table does not know: false).
func ConfigOnly(line string) bool {
	m, _ := ModeOfCommand(line)
	return m.ConfigOnly
}
