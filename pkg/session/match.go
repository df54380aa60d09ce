package session

import "regexp"

// tailMax bounds the unterminated last line examined for a prompt: a prompt
// is short, so a longer partial line is output still arriving.
const tailMax = 1024

type echoState uint8

const (
	echoMore  echoState = iota // need more bytes
	echoDone                   // echo consumed, through its line end
	echoBad                    // a complete line contradicts the echo
	echoStray                  // the partial line contradicts it so far
)

// matchEcho consumes the echo of a line whose non-blank bytes are want.
// The device may wrap the echo anywhere and indent continuation lines, so
// blanks are ignored on both sides. It returns what was seen on mismatch.
func (s *screen) matchEcho(want []byte) (echoState, string) {
	j := 0
	for i := 0; ; i++ {
		l, complete, ok := s.line(i)
		if !ok {
			return echoMore, ""
		}
		for _, c := range l {
			if isSpace(c) {
				continue
			}
			if j >= len(want) || c != want[j] {
				// An unterminated line may still be redrawn with \r or \b.
				if complete {
					return echoBad, s.head(i + 1)
				}
				return echoStray, s.head(i + 1)
			}
			j++
		}
		if !complete {
			return echoMore, ""
		}
		if j == len(want) {
			for k := 0; k <= i; k++ {
				s.pop()
			}
			return echoDone, ""
		}
	}
}

// head returns the first n visible lines, for messages.
func (s *screen) head(n int) string {
	var out []byte
	for i := 0; i < n; i++ {
		l, complete, ok := s.line(i)
		if !ok {
			break
		}
		out = append(out, l...)
		if complete && i < n-1 {
			out = append(out, '\n')
		}
	}
	return string(out)
}

type outState uint8

const (
	outMore        outState = iota // need more bytes
	outPrompt                      // prompt found; output complete
	outPager                       // pager prompt waiting for a key
	outPromptAlone                 // a bare prompt, but the next typed line's echo has not come
)

// prompts holds the compiled prompt patterns.
type prompts struct {
	full   *regexp.Regexp // ^(?:p)$
	prefix *regexp.Regexp // ^(?:p)
	pager  *regexp.Regexp // ^(?:pager)$, may be nil
}

func compilePrompts(prompt, pager string) prompts {
	p := prompts{
		full:   regexp.MustCompile(`^(?:` + prompt + `)$`),
		prefix: regexp.MustCompile(`^(?:` + prompt + `)`),
	}
	if pager != "" {
		p.pager = regexp.MustCompile(`^(?:` + pager + `)$`)
	}
	return p
}

// scanOutput moves complete output lines into out until the prompt that
// ends them. With next == nil the prompt must end the buffer (the device is
// waiting); otherwise it must be followed by the start of next's echo
// (typed-ahead input), or, when the prompt names the same host as prev (the
// prompt before this reply; "" for none), by anything: the device then ran a line other
// than the one typed (a pager took its first byte as a key) and the echo
// check that follows reports it. Only the start of lines is ever matched.
func (s *screen) scanOutput(p prompts, out *[]string, next []byte, prev string) (outState, string) {
	for {
		l, complete, _ := s.line(0)
		if complete {
			if next != nil {
				if loc := p.prefix.FindIndex(l); loc != nil && loc[1] > 0 {
					rest := l[loc[1]:]
					if !isBlank(rest) && (echoPrefix(rest, next) || sameHost(string(l[:loc[1]]), prev)) {
						prompt := string(l[:loc[1]])
						s.off += loc[1]
						return outPrompt, prompt
					}
				}
			}
			*out = append(*out, string(l))
			s.pop()
			continue
		}
		if len(l) > tailMax || len(l) == 0 {
			return outMore, ""
		}
		if p.pager != nil && p.pager.Match(l) {
			return outPager, ""
		}
		if next == nil {
			if p.full.Match(l) {
				s.off += len(l)
				return outPrompt, string(l)
			}
			return outMore, ""
		}
		loc := p.prefix.FindIndex(l)
		if loc == nil || loc[1] == 0 {
			return outMore, ""
		}
		rest := l[loc[1]:]
		if isBlank(rest) {
			if p.full.Match(l) {
				return outPromptAlone, ""
			}
			return outMore, ""
		}
		if echoPrefix(rest, next) {
			s.off += loc[1]
			return outPrompt, string(l[:loc[1]])
		}
		return outMore, ""
	}
}

// sameHost reports whether two prompts start with the same name (the
// leading run of the characters a host name is made of): an output line
// that happens to look like a prompt is unlikely to name the device.
func sameHost(a, b string) bool {
	h := func(s string) string {
		for i := 0; i < len(s); i++ {
			if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				return s[:i]
			}
		}
		return s
	}
	ha := h(a)
	return ha != "" && ha == h(b)
}

// echoPrefix reports whether the non-blank bytes of got start want.
func echoPrefix(got, want []byte) bool {
	j := 0
	for _, c := range got {
		if isSpace(c) {
			continue
		}
		if j >= len(want) || c != want[j] {
			return false
		}
		j++
	}
	return true
}

func nonBlank(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			out = append(out, s[i])
		}
	}
	return out
}
