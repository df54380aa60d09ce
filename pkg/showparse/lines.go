package showparse

import (
	"io"
	"strings"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// Line is one line of router output with its 1-based number in the input.
// Text has \r and trailing white space removed; leading white space is kept
// because some outputs (running-config) carry structure in it.
type Line struct {
	No   int
	Text string
}

// IsPrompt reports whether s (a whole line) is an IX prompt, with or without
// a command typed after it (dialect.CapturedPrompt).
func IsPrompt(s string) bool {
	_, ok := dialect.CapturedPrompt(s)
	return ok
}

// Clean reads r and returns its lines without the echoed command line and
// prompts around the output: leading blank and prompt-only lines, the first
// line that is a prompt followed by a command (the echo), and trailing blank
// and prompt-only lines are dropped. \r and trailing spaces are removed from
// every line. Blank lines inside the output are kept.
func Clean(r io.Reader) ([]Line, error) { return clean(r, maxInput, "input") }

// clean is Clean with a bound of its own, named what in its error.
func clean(r io.Reader, limit int, what string) ([]Line, error) {
	data, err := readInput(r, limit, what)
	if err != nil {
		return nil, err
	}
	return StripPrompts(split(data)), nil
}

// split cuts s into lines sharing its memory.
func split(s string) []Line {
	lines := make([]Line, 0, strings.Count(s, "\n")+1)
	no := 0
	for len(s) > 0 {
		no++
		var l string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			l, s = s[:i], s[i+1:]
		} else {
			l, s = s, ""
		}
		lines = append(lines, Line{No: no, Text: strings.TrimRight(l, " \t\r")})
	}
	return lines
}

// StripPrompts removes the echo and prompts around output already split into
// lines (see Clean).
func StripPrompts(lines []Line) []Line {
	i := 0
	for i < len(lines) {
		t := lines[i].Text
		if strings.TrimSpace(t) == "" {
			i++
			continue
		}
		if end, ok := dialect.CapturedPrompt(t); ok {
			i++
			if strings.TrimSpace(t[end:]) != "" {
				break // the echoed command: output starts after it
			}
			continue
		}
		break
	}
	j := len(lines)
	for j > i {
		t := lines[j-1].Text
		if strings.TrimSpace(t) == "" || isBarePrompt(t) {
			j--
			continue
		}
		break
	}
	return lines[i:j]
}

func isBarePrompt(t string) bool {
	end, ok := dialect.CapturedPrompt(t)
	return ok && strings.TrimSpace(t[end:]) == ""
}
