package session

// screen turns the raw byte stream of a terminal session into lines as a
// terminal would show them: carriage return moves to column 0, backspace
// moves left (erasing is done by the device overwriting with spaces), ANSI
// escape sequences (CSI, charset designations, window titles) are dropped
// except "erase to end of line" and cursor moves. Devices use
// these to erase pager prompts; interpreting them instead of deleting the
// bytes keeps "--More--" residue out of the output.
type screen struct {
	done [][]byte // complete lines, oldest first
	cur  []byte   // the line being written, not yet terminated
	col  int      // cursor column in cur
	// written is the column after the byte last written to cur: blanks
	// past it were written before, by something since overwritten or erased.
	written int
	off     int // bytes of the first visible line already consumed

	esc    escState
	params []byte

	// pagerErased is set when a pager prompt was answered; a line that is
	// left holding only blanks from it is dropped instead of kept as output.
	pagerErased bool
	// onLine, when set, sees every completed line (for the transcript).
	onLine func(string)
}

type escState uint8

const (
	escNone escState = iota
	escStart
	escCSI
	escInter // ESC and intermediate bytes, e.g. ESC ( B: charset designation
	escOSC   // ESC ] ... BEL or ESC \: e.g. a window title
	escOSCEsc
)

// Write feeds raw bytes from the device.
func (s *screen) Write(p []byte) {
	for _, b := range p {
		s.writeByte(b)
	}
}

func (s *screen) writeByte(b byte) {
	switch s.esc {
	case escStart:
		switch {
		case b == '[':
			s.esc, s.params = escCSI, s.params[:0]
		case b == ']':
			s.esc = escOSC
		case b >= 0x20 && b <= 0x2f:
			s.esc = escInter
		default:
			s.esc = escNone // two-byte sequence such as ESC 7: no visible effect
		}
		return
	case escInter:
		if b < 0x20 || b > 0x2f {
			s.esc = escNone // the final byte ends it
		}
		return
	case escOSC, escOSCEsc:
		switch {
		case b == 0x07 || s.esc == escOSCEsc && b == '\\':
			s.esc = escNone
		case b == '\n':
			// An unterminated title must not swallow the output after it.
			s.esc = escNone
			s.newline()
		case b == 0x1b:
			s.esc = escOSCEsc
		default:
			s.esc = escOSC
		}
		return
	case escCSI:
		if b >= 0x40 && b <= 0x7e {
			s.esc = escNone
			s.csi(b)
			return
		}
		s.params = append(s.params, b)
		return
	}
	switch {
	case b == 0x1b:
		s.esc = escStart
	case b == '\r':
		s.col = 0
	case b == '\n':
		s.newline()
	case b == '\b':
		if s.col > 0 {
			s.col--
		}
	case b == '\t' || b >= 0x20 && b != 0x7f:
		s.put(b)
	default:
		// BEL, NUL and other controls have no place in text output.
	}
}

func (s *screen) put(b byte) {
	if s.col < len(s.cur) {
		s.cur[s.col] = b
	} else {
		for len(s.cur) < s.col { // cursor moved right past the end
			s.cur = append(s.cur, ' ')
		}
		s.cur = append(s.cur, b)
	}
	s.col++
	s.written = s.col
}

func (s *screen) csi(final byte) {
	n := 0
	for _, c := range s.params {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	switch final {
	case 'K': // erase in line; 0 (default) = cursor to end
		if n == 0 && s.col < len(s.cur) {
			s.cur = s.cur[:s.col]
		}
		if n == 2 {
			s.cur = s.cur[:0]
		}
	case 'D': // cursor back
		if n == 0 {
			n = 1
		}
		s.col = max(0, s.col-n)
	case 'C': // cursor forward
		if n == 0 {
			n = 1
		}
		s.col += n
	case 'G': // cursor to column
		s.col = max(0, n-1)
	}
}

func (s *screen) newline() {
	line := s.cur
	if s.written < len(line) && isBlank(line[s.written:]) {
		// Blanks past the last byte written are what is left of something
		// erased (a pager prompt the device blanked itself), not output.
		line = line[:s.written]
	}
	s.cur, s.col, s.written = nil, 0, 0
	if s.pagerErased {
		s.pagerErased = false
		if isBlank(line) {
			return
		}
		// What is left of the blanked pager prompt is not output.
		for len(line) > 0 && line[len(line)-1] == ' ' {
			line = line[:len(line)-1]
		}
	}
	if s.onLine != nil {
		s.onLine(string(line))
	}
	s.done = append(s.done, line)
}

// erasePager blanks the current line after its pager prompt was answered,
// as the device is about to do.
func (s *screen) erasePager() {
	for i := range s.cur {
		s.cur[i] = ' '
	}
	s.pagerErased = true
}

// pop consumes the first visible line; only complete lines can be popped.
func (s *screen) pop() {
	if len(s.done) > 0 {
		s.done[0] = nil
		s.done = s.done[1:]
		s.off = 0
	}
}

// line returns visible line i (0 = first) and whether it exists and is
// complete. The last visible line is cur.
func (s *screen) line(i int) (l []byte, complete, ok bool) {
	start := 0
	if i == 0 {
		start = s.off
	}
	if i < len(s.done) {
		return s.done[i][min(start, len(s.done[i])):], true, true
	}
	if i == len(s.done) {
		start = min(start, len(s.cur))
		return s.cur[start:s.end(start)], false, true
	}
	return nil, false, false
}

// end is where the unterminated line ends for matching: blanks past the
// cursor are left over from something erased (a pager prompt wider than
// the prompt printed over it), not output.
func (s *screen) end(start int) int {
	if s.col < len(s.cur) && isBlank(s.cur[s.col:]) {
		return max(s.col, start)
	}
	return len(s.cur)
}

// pending reports what is left unconsumed, for error messages.
func (s *screen) pending() string {
	var out []byte
	for i := 0; ; i++ {
		l, complete, ok := s.line(i)
		if !ok {
			break
		}
		out = append(out, l...)
		if complete {
			out = append(out, '\n')
		}
	}
	return string(out)
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
