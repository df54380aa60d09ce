package sessiontest

import (
	"bufio"
	"io"
	"strings"
	"time"
)

// CLI is a scripted line-editing shell in the manner of a router CLI: it
// echoes each line itself (wrapped at Width, continuation lines indented
// under the column after the prompt), prints the handler's output and a new
// prompt.
type CLI struct {
	Banner string
	// Prompt returns the prompt to print, e.g. "R1# ".
	Prompt func() string
	// Handle runs one line; quit ends the session after out is printed.
	Handle func(line string) (out string, quit bool)
	Width  int // wrap echoed input at this column; 0 never wraps
	// PageLines pauses output with "--More--" every PageLines lines;
	// 0 never pages.
	PageLines int
	// DropTypeahead discards input that arrived while a line was being
	// handled, as some devices flush their input buffer.
	DropTypeahead bool
	// EchoDelay is slept before echoing (a slow device).
	EchoDelay time.Duration
	// PagerDelay is slept between showing the pager prompt and reading its
	// key, so the client sees the prompt even when a key is already queued.
	PagerDelay time.Duration
	// CloseAfter ends the session abruptly after this many lines (0: never).
	CloseAfter int
	// ByteAtATime writes every output byte separately, so each reaches the
	// client in its own packet: prompt and echo matching must not depend on
	// how the stream is cut.
	ByteAtATime bool
}

// Serve runs the CLI on rw until quit, EOF or CloseAfter.
func (c *CLI) Serve(rw io.ReadWriter) {
	br := bufio.NewReader(rw)
	if c.ByteAtATime {
		rw = byteWriter{rw}
	}
	w := func(s string) { io.WriteString(rw, strings.ReplaceAll(s, "\n", "\r\n")) }
	if c.Banner != "" {
		w(c.Banner)
	}
	n := 0
	for {
		prompt := c.Prompt()
		w(prompt)
		line, err := readLine(br)
		if err != nil {
			return
		}
		if c.EchoDelay > 0 {
			time.Sleep(c.EchoDelay)
		}
		io.WriteString(rw, wrapEcho(line, len(prompt), c.Width)+"\r\n")
		n++
		if c.CloseAfter > 0 && n >= c.CloseAfter {
			return
		}
		out, quit := c.Handle(line)
		if !c.page(rw, br, out) {
			return
		}
		if quit {
			return
		}
		if c.DropTypeahead {
			br.Discard(br.Buffered())
		}
	}
}

// page prints out, pausing every PageLines lines; false when input ended.
func (c *CLI) page(rw io.ReadWriter, br *bufio.Reader, out string) bool {
	if out == "" {
		return true
	}
	lines := strings.SplitAfter(out, "\n")
	for i, l := range lines {
		if c.PageLines > 0 && i > 0 && i%c.PageLines == 0 {
			io.WriteString(rw, "--More--")
			time.Sleep(c.PagerDelay)
			b, err := br.ReadByte()
			if err != nil {
				return false
			}
			io.WriteString(rw, "\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b")
			if b == 'q' {
				return true
			}
		}
		io.WriteString(rw, strings.ReplaceAll(l, "\n", "\r\n"))
	}
	return true
}

func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		c, err := br.ReadByte()
		if err != nil {
			return "", err
		}
		switch c {
		case '\r':
			if next, err := br.Peek(1); err == nil && next[0] == '\n' {
				br.ReadByte()
			}
			return string(b), nil
		case '\n':
			return string(b), nil
		default:
			b = append(b, c)
		}
	}
}

// wrapEcho wraps line as echoed after a prompt of width indent on a
// terminal of width columns.
func wrapEcho(line string, indent, width int) string {
	room := width - indent
	if width <= 0 || room <= 0 || len(line) <= room {
		return line
	}
	var b strings.Builder
	for len(line) > room {
		b.WriteString(line[:room])
		b.WriteString("\r\n")
		b.WriteString(strings.Repeat(" ", indent))
		line = line[room:]
	}
	b.WriteString(line)
	return b.String()
}

type byteWriter struct{ io.ReadWriter }

func (b byteWriter) Write(p []byte) (int, error) {
	for i := range p {
		if _, err := b.ReadWriter.Write(p[i : i+1]); err != nil {
			return i, err
		}
	}
	return len(p), nil
}
