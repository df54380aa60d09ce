package plan

import (
	"fmt"
	"slices"
	"strings"
)

// diffContext is the number of unchanged lines shown around each change, as
// diff -u does.
const diffContext = 3

// maxDiffCells bounds the table of the line diff's middle (what differs
// between the common head and tail): beyond it the middle is shown as
// removed and re-added, which is still a correct diff, only a longer one.
const maxDiffCells = 4 << 20

// RunningDiff is the unified diff from Prior to the running-config the plan
// predicts once Commands are typed (ApplyLines), keys masked: what the router
// will look like, in the form engineers review changes in. Nil when the
// commands change nothing.
func (p Plan) RunningDiff() ([]string, error) {
	after, err := ApplyLines(p.Prior, p.Commands)
	if err != nil {
		return nil, fmt.Errorf("predicting running-config: %w", err)
	}
	red := p.redactor(false)
	a := mapLines(render(p.Prior.Lines, 0, nil), red)
	b := mapLines(render(after.Lines, 0, nil), red)
	return unified("running-config", "running-config after the commands", a, b), nil
}

// op is one line of an edit script: ' ' kept, '-' removed, '+' added.
type op struct {
	kind byte
	text string
}

// unified renders the edit script from a to b as a unified diff; nil when
// a and b are equal.
func unified(nameA, nameB string, a, b []string) []string {
	ops := editScript(a, b)
	var out []string
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk: from diffContext kept lines before this change to
		// diffContext after the last change closer than 2*diffContext.
		start := max(0, i-diffContext)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			} else if j-end >= 2*diffContext {
				break
			}
		}
		end = min(len(ops), end+diffContext)
		if out == nil {
			out = []string{"--- " + nameA, "+++ " + nameB}
		}
		out = append(out, hunk(ops, start, end)...)
		i = end
	}
	return out
}

// hunk renders ops[start:end] with its @@ header.
func hunk(ops []op, start, end int) []string {
	lineA, lineB := 1, 1
	for _, o := range ops[:start] {
		if o.kind != '+' {
			lineA++
		}
		if o.kind != '-' {
			lineB++
		}
	}
	var countA, countB int
	body := make([]string, 0, end-start)
	for _, o := range ops[start:end] {
		if o.kind != '+' {
			countA++
		}
		if o.kind != '-' {
			countB++
		}
		body = append(body, string(o.kind)+o.text)
	}
	// diff -u numbers an empty side by the line before it.
	if countA == 0 {
		lineA--
	}
	if countB == 0 {
		lineB--
	}
	return append([]string{fmt.Sprintf("@@ -%d,%d +%d,%d @@", lineA, countA, lineB, countB)}, body...)
}

// editScript is a shortest edit script from a to b: the common head and
// tail kept, the middle by longest common subsequence when its table is
// small enough, else removed and added whole.
func editScript(a, b []string) []op {
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	ops := make([]op, 0, len(a)+len(b))
	for _, l := range a[:head] {
		ops = append(ops, op{' ', l})
	}
	ops = append(ops, middle(a[head:len(a)-tail], b[head:len(b)-tail])...)
	for _, l := range a[len(a)-tail:] {
		ops = append(ops, op{' ', l})
	}
	return ops
}

func middle(a, b []string) []op {
	var ops []op
	if (len(a)+1)*(len(b)+1) > maxDiffCells {
		for _, l := range a {
			ops = append(ops, op{'-', l})
		}
		for _, l := range b {
			ops = append(ops, op{'+', l})
		}
		return ops
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	w := len(b) + 1
	lcs := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		ops = append(ops, op{'-', a[i]})
	}
	for ; j < len(b); j++ {
		ops = append(ops, op{'+', b[j]})
	}
	return ops
}

// onlyAdds reports whether a unified diff adds exactly lines, in order, and
// removes nothing.
func onlyAdds(diff, lines []string) bool {
	if len(diff) < 2 {
		return len(lines) == 0
	}
	var added []string
	for _, l := range diff[2:] { // after the --- and +++ names
		switch {
		case strings.HasPrefix(l, "@@"), strings.HasPrefix(l, " "):
		case strings.HasPrefix(l, "+"):
			added = append(added, l[1:])
		default:
			return false
		}
	}
	return slices.Equal(added, lines)
}
