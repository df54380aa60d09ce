package dialect

import (
	"regexp"
	"strings"
)

// PromptPattern matches every live IX prompt, unanchored (ix-cli.md §1 [C]):
// the host name, the mode tag in parentheses, '#' for administrators and
// '%' for other users, and the blank the IX prints after it.
const PromptPattern = `[A-Za-z0-9._-]+(?:\([^)]*\))?[#%] ?`

// promptRE parses a whole prompt; empty parentheses are no IX mode.
var promptRE = regexp.MustCompile(`^([A-Za-z0-9._-]+)(?:\(([^)]+)\))?([#%]) ?$`)

// capturedPromptRE finds a prompt at the start of a line of saved output.
// Some published captures drop the host name and keep only "(mode)#", so
// the host is optional there; a command may follow the prompt.
var capturedPromptRE = regexp.MustCompile(`^(?:[A-Za-z0-9._-]+(?:\([^)]*\))?|\([^)]*\))[#%]( |$)`)

// Prompt is a parsed prompt.
type Prompt struct {
	Host  string
	Tag   string // text in parentheses: "", "config", "config-Tunnel0.0"
	Admin bool   // '#' rather than '%'
}

// ParsePrompt parses a live prompt such as "R10(config)# ".
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
func (p Prompt) InConfig() bool {
	return p.Tag == TagConfig || strings.HasPrefix(p.Tag, subModeTagPrefix)
}

// InGlobalConfig reports whether the prompt is global configuration mode.
func (p Prompt) InGlobalConfig() bool { return p.Tag == TagConfig }

// CapturedPrompt finds a prompt at the start of a line of saved output and
// returns the byte offset where what follows it (an echoed command, or
// nothing) begins.
func CapturedPrompt(line string) (end int, ok bool) {
	loc := capturedPromptRE.FindStringIndex(line)
	if loc == nil {
		return 0, false
	}
	return loc[1], true
}
