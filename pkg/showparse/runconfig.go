package showparse

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// RunningConfig is the tree of `show running-config`.
//
// Tree rule. When any command line is indented, indentation alone decides:
// a line is a child of the nearest preceding line indented less than it, and
// a line at column 0 is top level. When no command line is indented (the
// seed's flattened copy), mode entries decide (dialect.OpensSubMode:
// `interface ...`, `router ...`, `ikev2 default-profile`, `ikev2 profile
// ...`, `ip dhcp profile ...`): the following lines are its children until
// a `!` line, another mode entry, or a line starting with a global-only
// command (dialect.IsGlobalOnly); `address-family ...` inside `router bgp
// ...` (dialect.Entered) opens a nested level that holds the following lines on the same terms, and a
// further `address-family` returns to the router level. The flattened copy
// cannot say whether a router-level line followed an address-family; such a
// line is read as a child of the address-family.
type RunningConfig struct {
	// Storage is the `Using N out of M bytes` line show startup-config
	// starts with (runconfig_preamble.go); nil when absent.
	Storage *Storage      `json:"storage,omitempty"`
	Header  []string      `json:"header"` // leading "! ..." comment lines, verbatim
	Lines   []*ConfigLine `json:"lines"`  // top-level commands in order; "!" lines are not nodes
	// Preamble holds the "!" lines between Header and the first command,
	// verbatim, so String reproduces them.
	Preamble []string `json:"-"`
}

// ConfigLine is one command and the sub-mode lines under it.
type ConfigLine struct {
	Text     string        `json:"text"`               // command without indentation, inner spacing single spaces
	Children []*ConfigLine `json:"children,omitempty"` // sub-mode lines
	// Trailer holds the "!" separator or comment lines that followed this
	// line's block or came inside it, verbatim without indentation, so
	// String reproduces them. Only top-level lines have one.
	Trailer []string `json:"-"`
}

// ParseRunningConfig reads `show running-config` output, indented or
// flattened (see RunningConfig for the tree rule), of at most 8 MiB (see
// maxRunningConfig).
func ParseRunningConfig(r io.Reader) (RunningConfig, error) {
	lines, err := clean(r, maxRunningConfig, "running-config")
	if err != nil {
		return RunningConfig{}, err
	}
	return parseRunningConfig(lines)
}

// enters reports whether line, read under the top-level entry entry,
// opens a nested sub-mode (address-family under router bgp).
func enters(entry, line string) bool {
	m, _, ok := dialect.Entered(dialect.ModeConfig, entry)
	if !ok {
		return false
	}
	_, _, ok = dialect.Entered(m.Name, line)
	return ok
}

func isBang(t string) bool { return strings.HasPrefix(strings.TrimSpace(t), "!") }

func indentOf(t string) int { return len(t) - len(strings.TrimLeft(t, " \t")) }

// validCommand is the plausibility check that tells configuration from other
// output: every IX command word is lower case (`ip`, `no`, `ike`, ...), while
// show output starts with capitals, `*`, `%` or digits.
func validCommand(text string) bool {
	word, _, _ := strings.Cut(text, " ")
	if word == "" || word[0] < 'a' || word[0] > 'z' {
		return false
	}
	for i := 1; i < len(word); i++ {
		c := word[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// squeeze trims t and turns each run of white space inside it into one
// space, as strings.Fields sees white space. Router output is almost always
// spaced that way already; then the result is a slice of t, sharing the
// input's memory instead of copying every line.
func squeeze(t string) string {
	t = strings.Trim(t, " \t")
	for i := 0; i < len(t); i++ {
		// t ends in neither space nor tab, so t[i+1] exists; a non-ASCII
		// byte may start a Unicode space.
		if c := t[i]; c == '\t' || c >= utf8.RuneSelf || c == ' ' && t[i+1] == ' ' {
			return strings.Join(strings.Fields(t), " ")
		}
	}
	return t
}

// cleanText reports whether t is printable UTF-8 text (tabs allowed).
func cleanText(t string) bool {
	for _, r := range t {
		if r == '\uFFFD' || r < 0x20 && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}

// maxDepth bounds the nesting of an indented running-config. IX sub-modes
// nest two deep (router bgp > address-family); a deeper tree is not IX
// output, and an unbounded one would fail later, in a recursive walk or in
// the JSON encoder (10,000 levels), far from the line that caused it.
const maxDepth = 16

type openLine struct {
	node   *ConfigLine
	indent int
}

func parseRunningConfig(lines []Line) (RunningConfig, error) {
	c := RunningConfig{Header: []string{}, Lines: []*ConfigLine{}}
	i := 0
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].Text)
		if t == "" {
			continue
		}
		if s, ok := storageLine(t); ok && c.Storage == nil && len(c.Header) == 0 {
			c.Storage = s
			continue
		}
		if !strings.HasPrefix(t, "!") || t == "!" {
			break
		}
		if !cleanText(t) {
			return RunningConfig{}, lineErr(lines[i], "not printable text")
		}
		c.Header = append(c.Header, t)
	}
	body := lines[i:]
	indented := false
	for _, l := range body {
		if !isBang(l.Text) && strings.TrimSpace(l.Text) != "" && indentOf(l.Text) > 0 {
			indented = true
			break
		}
	}

	var (
		stack []openLine  // indented mode: open ancestors
		mode  *ConfigLine // flat mode: open top-level sub-mode
		af    *ConfigLine // flat mode: open address-family under mode
		top   *ConfigLine // most recently added top-level node
	)
	for _, l := range body {
		raw := l.Text
		if strings.TrimSpace(raw) == "" {
			continue
		}
		if !cleanText(raw) {
			return RunningConfig{}, lineErr(l, "not printable text")
		}
		if isBang(raw) {
			bang := strings.TrimSpace(raw)
			switch {
			case top == nil:
				c.Preamble = append(c.Preamble, bang)
			case indented && indentOf(raw) > 0:
				// Inside a block: it stays open (indentation decides), and
				// the '!' goes with the block's top-level line, because
				// String writes every '!' at column 0 after the block,
				// where a second parse can only read it as the top-level
				// line's. Kept on the nested line it would move there.
				top.Trailer = append(top.Trailer, bang)
			default:
				top.Trailer = append(top.Trailer, bang)
				stack, mode, af = stack[:0], nil, nil
			}
			continue
		}
		text := squeeze(raw)
		if !validCommand(text) {
			return RunningConfig{}, lineErr(l, "not a configuration command")
		}
		node := &ConfigLine{Text: text}
		if indented {
			ind := indentOf(raw)
			for len(stack) > 0 && stack[len(stack)-1].indent >= ind {
				stack = stack[:len(stack)-1]
			}
			if ind == 0 {
				c.Lines = append(c.Lines, node)
				top = node
			} else if len(stack) == 0 {
				return RunningConfig{}, lineErr(l, "indented line has no parent command")
			} else if len(stack) >= maxDepth {
				return RunningConfig{}, lineErr(l, "nested %d levels deep: an IX configuration nests at most a few levels (limit %d)", len(stack)+1, maxDepth)
			} else {
				p := stack[len(stack)-1].node
				p.Children = append(p.Children, node)
			}
			stack = append(stack, openLine{node, ind})
			continue
		}
		switch {
		case dialect.OpensSubMode(text):
			c.Lines = append(c.Lines, node)
			top, mode, af = node, node, nil
		case mode != nil && enters(mode.Text, text):
			mode.Children = append(mode.Children, node)
			af = node
		case mode != nil && !dialect.IsGlobalOnly(text):
			p := mode
			if af != nil {
				p = af
			}
			p.Children = append(p.Children, node)
		default:
			c.Lines = append(c.Lines, node)
			top, mode, af = node, nil, nil
		}
	}
	if len(c.Lines) == 0 {
		return RunningConfig{}, inputErr("no configuration commands in running-config")
	}
	return c, nil
}

// String renders the configuration as the IX prints it: header, "!"
// separators where the input had them, two spaces of indentation per level.
// Indented router output parsed by ParseRunningConfig renders back to the
// same text, except that \r, trailing spaces and any indentation of "!"
// lines are dropped, and a "!" line inside a block moves to its end.
func (c RunningConfig) String() string {
	var b strings.Builder
	if c.Storage != nil {
		b.WriteString(c.Storage.String())
		b.WriteByte('\n')
	}
	for _, h := range c.Header {
		b.WriteString(h)
		b.WriteByte('\n')
	}
	for _, p := range c.Preamble {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	for _, l := range c.Lines {
		l.write(&b, 0)
	}
	return b.String()
}

func (l *ConfigLine) write(b *strings.Builder, depth int) {
	if l == nil {
		return
	}
	for range depth {
		b.WriteString("  ")
	}
	b.WriteString(l.Text)
	b.WriteByte('\n')
	for _, ch := range l.Children {
		ch.write(b, depth+1)
	}
	for _, t := range l.Trailer {
		b.WriteString(t)
		b.WriteByte('\n')
	}
}

// Find returns the top-level line whose text is exactly text, or nil.
func (c RunningConfig) Find(text string) *ConfigLine {
	return find(c.Lines, text)
}

// Find returns the child of l whose text is exactly text, or nil. It is safe
// on a nil *ConfigLine, so lookups chain: c.Find("router bgp 65000").Find(...).
func (l *ConfigLine) Find(text string) *ConfigLine {
	if l == nil {
		return nil
	}
	return find(l.Children, text)
}

func find(ls []*ConfigLine, text string) *ConfigLine {
	for _, l := range ls {
		if l != nil && l.Text == text {
			return l
		}
	}
	return nil
}

// Redacted returns a deep copy with every secret dialect.Redact knows
// (pre-shared keys, passwords) replaced by dialect.Mask, for output that
// must not carry secrets.
func (c RunningConfig) Redacted() RunningConfig {
	out := RunningConfig{
		Header:   append([]string{}, c.Header...),
		Lines:    redactLines(c.Lines),
		Preamble: append([]string(nil), c.Preamble...),
	}
	return out
}

func redactLines(ls []*ConfigLine) []*ConfigLine {
	if ls == nil {
		return nil
	}
	out := make([]*ConfigLine, 0, len(ls))
	for _, l := range ls {
		if l == nil {
			continue
		}
		out = append(out, &ConfigLine{
			Text:     dialect.Redact(l.Text),
			Children: redactLines(l.Children),
			Trailer:  append([]string(nil), l.Trailer...),
		})
	}
	return out
}
