package dialect

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Indent is one level of the plan-line format: lines to type from global
// configuration mode, sub-mode lines indented by Indent per level under
// their entry line, as `show running-config` prints them. Blank lines and
// '!' comments separate blocks and are not typed.
const Indent = "  "

// ErrLineFormat is wrapped by every error Blocks returns.
var ErrLineFormat = errors.New("bad plan line")

// Block is one line of the plan-line format and the lines indented under it.
type Block struct {
	Index    int    // the line's index in the input
	Text     string // without indentation or trailing blanks
	Children []Block
}

// Lines renders the block back in the plan-line format at depth.
func (b Block) Lines(depth int) []string {
	out := []string{strings.Repeat(Indent, depth) + b.Text}
	for _, c := range b.Children {
		out = append(out, c.Lines(depth+1)...)
	}
	return out
}

// Flatten renders blocks back in the plan-line format.
func Flatten(bs []Block) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Lines(0)...)
	}
	return out
}

// Blocks parses lines in the plan-line format into a forest. Indentation
// must be Indent per level and at most one level deeper than the line
// before; tabs, line breaks and other control characters are refused.
// Errors name the line (1-based) with its secrets masked.
func Blocks(lines []string) ([]Block, error) {
	var roots []Block
	var stack []*Block // stack[d] is the open block at depth d
	prev := -1         // depth of the previous typed line; -1 after a separator
	for i, raw := range lines {
		if strings.ContainsFunc(raw, func(r rune) bool { return r < 0x20 || r == 0x7f || r == utf8.RuneError }) {
			return nil, fmt.Errorf("%w: line %d (%q): control character (tabs and line breaks are not allowed)", ErrLineFormat, i+1, Redact(strings.TrimSpace(raw)))
		}
		text := strings.TrimRight(strings.TrimLeft(raw, " "), " ")
		if text == "" || strings.HasPrefix(text, "!") {
			prev = -1
			stack = stack[:0]
			continue
		}
		indent := len(raw) - len(strings.TrimLeft(raw, " "))
		if indent%len(Indent) != 0 {
			return nil, fmt.Errorf("%w: line %d (%q): indentation must be two spaces per level", ErrLineFormat, i+1, Redact(text))
		}
		depth := indent / len(Indent)
		if depth > prev+1 {
			if prev < 0 {
				return nil, fmt.Errorf("%w: line %d (%q) is indented but follows no entry line", ErrLineFormat, i+1, Redact(text))
			}
			return nil, fmt.Errorf("%w: line %d (%q) is indented more than one level under the line before", ErrLineFormat, i+1, Redact(text))
		}
		b := Block{Index: i, Text: text}
		stack = stack[:depth]
		if depth == 0 {
			roots = append(roots, b)
			stack = append(stack, &roots[len(roots)-1])
		} else {
			parent := stack[depth-1]
			parent.Children = append(parent.Children, b)
			stack = append(stack, &parent.Children[len(parent.Children)-1])
		}
		prev = depth
	}
	return roots, nil
}
