package plan

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// ApplyLines predicts how the IX changes its running-config when lines are
// typed from global config mode, in the form Plan.Commands and Plan.Rollback
// use (sub-mode lines indented two spaces per level under their entry line).
// The model, per ix-cli.md §6 and the table in rules.go:
//
//   - a line whose key (rules.go) matches an existing line at the same level
//     replaces that line's text in place; otherwise it is appended (inside a
//     block: before the block's nested blocks, as IX prints them);
//   - a mode-entry line (interface, router bgp, address-family) enters the
//     existing block with its key or creates it;
//   - `no X` removes every line at that level whose key equals X's key or
//     whose words start with X's words (so `no neighbor IP` removes all of
//     that neighbour's lines), children included — except for kinds marked
//     exactNo in rules.go (`no ike nat-traversal`); removing something
//     absent does nothing;
//   - `no shutdown` and `no ip address` are lines of their own (state
//     lines), replacing `shutdown` / `ip address A/L`.
//
// The lines are in the plan-line format (dialect.Blocks); which lines are
// mode entries is dialect's. The tree passed in is not modified. Errors are
// about the lines (bad indentation, control characters, an indented line
// under a line that enters no mode), never about the configuration.
func ApplyLines(tree showparse.RunningConfig, lines []string) (showparse.RunningConfig, error) {
	out := cloneConfig(tree)
	forest, err := dialect.Blocks(lines)
	if err != nil {
		return out, lineFormatErr(err)
	}
	return out, applyBlocks(&out.Lines, forest, 0)
}

// lineFormatErr words a dialect.Blocks error the way the model always has.
func lineFormatErr(err error) error {
	var le *dialect.LineError
	if !errors.As(err, &le) {
		return err
	}
	switch le.Problem {
	case dialect.ProblemIndent:
		return fmt.Errorf("line %d: indentation must be two spaces per level", le.Line)
	case dialect.ProblemControl:
		return fmt.Errorf("line %d: control character in a line to type", le.Line)
	default: // indented under nothing, or too deep: either way no entry line
		return notUnderEntry(le.Line, le.Text)
	}
}

func notUnderEntry(line int, text string) error {
	return fmt.Errorf("line %d: indented line %q is not under a mode-entry line", line, dialect.Redact(text))
}

// applyBlocks types bs at depth into *parent, in order.
func applyBlocks(parent *[]*showparse.ConfigLine, bs []dialect.Block, depth int) error {
	for _, b := range bs {
		text := strings.Join(strings.Fields(b.Text), " ")
		r, words, isNo := classify(text)
		block := isBlock(text)
		if len(b.Children) > 0 && !block {
			c := b.Children[0]
			return notUnderEntry(c.Index+1, c.Text)
		}
		if isNo {
			key := joinKey(r, words)
			*parent = slices.DeleteFunc(*parent, func(l *showparse.ConfigLine) bool {
				return keyOf(l.Text) == key || !r.exactNo && hasWordPrefix(l.Text, words)
			})
			continue
		}
		key := keyOf(text)
		idx := slices.IndexFunc(*parent, func(l *showparse.ConfigLine) bool { return keyOf(l.Text) == key })
		var node *showparse.ConfigLine
		if idx >= 0 {
			node = (*parent)[idx]
			if !block {
				node.Text = text
			}
		} else {
			node = &showparse.ConfigLine{Text: text}
			at := len(*parent)
			if depth > 0 && !block {
				// IX prints a block's nested blocks (address-family) after
				// its own lines.
				if i := slices.IndexFunc(*parent, func(l *showparse.ConfigLine) bool { return isBlock(l.Text) }); i >= 0 {
					at = i
				}
			}
			*parent = slices.Insert(*parent, at, node)
		}
		if err := applyBlocks(&node.Children, b.Children, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func hasWordPrefix(line string, prefix []string) bool {
	ws := strings.Fields(line)
	return len(ws) >= len(prefix) && slices.Equal(ws[:len(prefix)], prefix)
}

func cloneConfig(c showparse.RunningConfig) showparse.RunningConfig {
	return showparse.RunningConfig{
		Header:   slices.Clone(c.Header),
		Lines:    cloneLines(c.Lines),
		Preamble: slices.Clone(c.Preamble),
	}
}

func cloneLines(ls []*showparse.ConfigLine) []*showparse.ConfigLine {
	if ls == nil {
		return nil
	}
	out := make([]*showparse.ConfigLine, 0, len(ls))
	for _, l := range ls {
		if l == nil {
			continue
		}
		// Single spaces, as showparse reads them: a configuration built
		// otherwise must compare the same.
		text := strings.Join(strings.Fields(l.Text), " ")
		out = append(out, &showparse.ConfigLine{Text: text, Children: cloneLines(l.Children), Trailer: slices.Clone(l.Trailer)})
	}
	return out
}

// Normalize returns a copy of c without the interface lines that state a
// default (`no ip address`, `shutdown`): whether the IX prints them is not
// known (ix-cli.md §10), so they carry no information when two
// configurations are compared.
func Normalize(c showparse.RunningConfig) showparse.RunningConfig {
	out := cloneConfig(c)
	for _, l := range out.Lines {
		if strings.HasPrefix(l.Text, "interface ") {
			l.Children = slices.DeleteFunc(l.Children, func(ch *showparse.ConfigLine) bool {
				return ch.Text == "no ip address" || ch.Text == "shutdown"
			})
		}
	}
	return out
}

// render writes lines as Commands do: entry line, children indented two
// spaces per level.
func render(ls []*showparse.ConfigLine, depth int, out []string) []string {
	for _, l := range ls {
		out = append(out, strings.Repeat("  ", depth)+l.Text)
		out = render(l.Children, depth+1, out)
	}
	return out
}
