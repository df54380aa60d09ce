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

// LineProblem is what is wrong with a line Blocks refuses; it reads as the
// end of a sentence about the line.
type LineProblem string

// The problems Blocks reports.
const (
	ProblemControl LineProblem = "control character (tabs and line breaks are not allowed)"
	ProblemIndent  LineProblem = "indentation must be two spaces per level"
	ProblemNoEntry LineProblem = "indented but follows no entry line"
	ProblemTooDeep LineProblem = "indented more than one level under the line before"
)

// LineError is a line Blocks refuses. It unwraps to ErrLineFormat; callers
// put their own context in front of it, or build their own message from
// its fields.
type LineError struct {
	Line    int    // 1-based
	Text    string // the line without indentation, secrets masked
	Problem LineProblem
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d (%q): %s", e.Line, e.Text, e.Problem) }

// Unwrap makes errors.Is(err, ErrLineFormat) hold.
func (e *LineError) Unwrap() error { return ErrLineFormat }

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
// before; a line indented after a separator has no entry line. Tabs in
// the indentation are an indentation error; elsewhere tabs, line breaks,
// other control characters and invalid UTF-8 are refused, separators
// included. Errors are *LineError.
func Blocks(lines []string) ([]Block, error) {
	var roots []Block
	var stack []*Block // stack[d] is the open block at depth d
	prev := -1         // depth of the previous typed line; -1 after a separator
	for i, raw := range lines {
		body := strings.TrimLeft(raw, " \t")
		text := strings.TrimRight(body, " ")
		if body != "" && strings.Contains(raw[:len(raw)-len(body)], "\t") {
			return nil, lineError(i, raw, ProblemIndent)
		}
		if strings.ContainsFunc(raw, isControl) {
			return nil, lineError(i, raw, ProblemControl)
		}
		if text == "" || strings.HasPrefix(text, "!") {
			prev = -1
			stack = stack[:0]
			continue
		}
		indent := len(raw) - len(body)
		if indent%len(Indent) != 0 {
			return nil, lineError(i, raw, ProblemIndent)
		}
		depth := indent / len(Indent)
		if depth > prev+1 {
			if prev < 0 {
				return nil, lineError(i, raw, ProblemNoEntry)
			}
			return nil, lineError(i, raw, ProblemTooDeep)
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

func lineError(i int, raw string, p LineProblem) error {
	return &LineError{Line: i + 1, Text: Redact(strings.TrimSpace(raw)), Problem: p}
}

// isControl: what cannot be typed as part of one line. Invalid UTF-8
// decodes as utf8.RuneError and is refused with it.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r == utf8.RuneError }
