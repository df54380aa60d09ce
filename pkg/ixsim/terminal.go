package ixsim

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// terminal is the IX's line discipline on a raw byte stream: the router, not
// the client's pty, echoes input, wraps long echoed lines, ends output lines
// with CRLF and pages long output. The same code serves SSH channels and
// --stdio.
type terminal struct {
	r       *bufio.Reader
	w       io.Writer
	pending bytes.Buffer // output not yet written; flushed before blocking reads
	lastCR  bool         // a \n right after \r ends the same line

	width     int // echo wrap width
	length    int // page length; 0 = no paging
	edgeWrap  bool
	forcePage bool
}

// Input events besides a completed line.
var (
	errCtrlZ = errors.New("ctrl-z")
	errCtrlC = errors.New("ctrl-c")
)

const (
	keyCtrlC = 0x03
	keyCtrlZ = 0x1a
	keyBS    = 0x08
	keyDEL   = 0x7f
	keyESC   = 0x1b
)

func newTerminal(r io.Reader, w io.Writer) *terminal {
	return &terminal{r: bufio.NewReaderSize(r, 512), w: w, width: 80, length: 24}
}

func (t *terminal) flush() error {
	if t.pending.Len() == 0 {
		return nil
	}
	_, err := t.w.Write(t.pending.Bytes())
	t.pending.Reset()
	return err
}

// readByte flushes pending output before it would block, so echo and prompts
// reach the client before the router waits for more input.
func (t *terminal) readByte() (byte, error) {
	if t.r.Buffered() == 0 {
		if err := t.flush(); err != nil {
			return 0, err
		}
	}
	return t.r.ReadByte()
}

// stall stops answering: it writes what was echoed already and then
// swallows input until the client goes away.
func (t *terminal) stall() error {
	if err := t.flush(); err != nil {
		return err
	}
	_, err := io.Copy(io.Discard, t.r)
	return err
}

func (t *terminal) print(s string) { t.pending.WriteString(s) }

// rowCapacity is how many input characters fit on one echoed row: by
// default the screen edge less the last column (width - prompt - 1), where
// 7 of CONBU's 10 wrapped rows break (e.g. 50 characters behind a
// 29-column prompt) and CONBU-M's console capture too (63 behind 16);
// WithInputWidthWrap keeps the old width-10 characters whatever the prompt,
// which fits the §2 row beside a hand-edited one.
func (t *terminal) rowCapacity(promptLen int) int {
	n := t.width - 10
	if t.edgeWrap {
		n = t.width - promptLen - 1
	}
	return max(n, 1)
}

// readLine prints prompt and reads one line, echoing and wrapping as the IX
// does. It returns errCtrlZ or errCtrlC for those keys (the partial line is
// dropped), io.EOF at end of input.
func (t *terminal) readLine(prompt string) (string, error) {
	t.print(prompt)
	var line []byte
	col := 0 // input characters on the current echoed row
	capacity := t.rowCapacity(len(prompt))
	indent := strings.Repeat(" ", len(prompt))
	for {
		b, err := t.readByte()
		if err != nil {
			if errors.Is(err, io.EOF) && len(line) > 0 {
				t.print("\r\n")
				return string(line), nil
			}
			return "", err
		}
		wasCR := t.lastCR
		t.lastCR = b == '\r'
		switch {
		case b == '\n' && wasCR:
			continue
		case b == '\r' || b == '\n':
			t.print("\r\n")
			return string(line), nil
		case b == keyCtrlZ:
			t.print("\r\n")
			return "", errCtrlZ
		case b == keyCtrlC:
			t.print("\r\n")
			return "", errCtrlC
		case b == keyBS || b == keyDEL:
			if len(line) > 0 {
				line = line[:len(line)-1]
				if col > 0 {
					col--
				}
				t.print("\b \b")
			}
		case b == '?':
			// The IX re-displays the line being typed (ix-cli.md §1).
			t.print("\r\n" + prompt + string(line))
			col = len(line) % capacity
		case b == keyESC:
			t.skipEscape()
		case b < 0x20:
			// Other control characters (tab included) are ignored.
		default:
			if col == capacity {
				t.print("\r\n" + indent)
				col = 0
			}
			line = append(line, b)
			t.pending.WriteByte(b)
			col++
		}
	}
}

// skipEscape drops an ANSI cursor-key sequence (ESC [ X or ESC O X).
func (t *terminal) skipEscape() {
	if t.r.Buffered() == 0 {
		return
	}
	b, err := t.r.ReadByte()
	if err != nil || (b != '[' && b != 'O') {
		return
	}
	for t.r.Buffered() > 0 {
		c, err := t.r.ReadByte()
		if err != nil || (c >= 0x40 && c <= 0x7e) {
			return
		}
	}
}

// readKey reads one key for the pager and the confirmation prompts.
func (t *terminal) readKey() (byte, error) {
	for {
		b, err := t.readByte()
		if err != nil {
			return 0, err
		}
		wasCR := t.lastCR
		t.lastCR = b == '\r'
		if b == '\n' && wasCR {
			continue
		}
		return b, nil
	}
}

const morePrompt = "--More--"

// writeLines prints output lines with CRLF, stopping every page for
// `--More--`: space shows the next page, enter one more line, q the rest is
// dropped. onLine, when set, runs before each line and may stop the output
// (fault injection).
func (t *terminal) writeLines(lines []string, onLine func(i int) bool) error {
	page := t.length - 1
	paging := t.length > 0 || t.forcePage
	if t.forcePage && t.length == 0 {
		page = 23
	}
	shown := 0
	for i, l := range lines {
		if onLine != nil && !onLine(i) {
			return t.flush()
		}
		if paging && shown == page {
			t.print(morePrompt)
			key, err := t.readKey()
			if err != nil {
				return err
			}
			t.print("\r" + strings.Repeat(" ", len(morePrompt)) + "\r")
			switch key {
			case 'q', 'Q', keyCtrlC:
				return nil
			case '\r', '\n':
				shown = page - 1
			default:
				shown = 0
			}
		}
		t.print(l + "\r\n")
		shown++
	}
	return nil
}
