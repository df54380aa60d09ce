package session

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScreen(t *testing.T) {
	tests := []struct {
		name string
		in   string
		done []string
		cur  string
	}{
		{"crlf", "a\r\nb\r\nR1# ", []string{"a", "b"}, "R1# "},
		{"pager erased with backspaces", "x\r\n--More--\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\bnext\r\n", []string{"x", "next"}, ""},
		{"carriage return overwrites", "abcdef\rXY\r\n", []string{"XYcdef"}, ""},
		{"ansi colour dropped", "\x1b[1mbold\x1b[0m\r\n", []string{"bold"}, ""},
		{"erase to end of line", "--More--\r\x1b[K", nil, ""},
		{"bell and nul dropped", "a\x07\x00b\r\n", []string{"ab"}, ""},
		{"cursor back", "abc\x1b[2DX\r\n", []string{"aXc"}, ""},
		{"split escape", "a\x1b", nil, "a"},
		{"charset designation dropped", "\x1b(Bplain\x1b[m\x1b(0\r\n", []string{"plain"}, ""},
		{"title sequence dropped", "\x1b]0;R10\x07R10# \x1b]2;x\x1b\\", nil, "R10# "},
		{"unterminated title ends at the line", "\x1b]0;R10\r\nnext\r\n", []string{"", "next"}, ""},
		{"private mode set", "\x1b[?25lshow\x1b[?25h\r\n", []string{"show"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s screen
			for i := 0; i < len(tt.in); i++ { // one byte per write flushes out boundary bugs
				s.Write([]byte{tt.in[i]})
			}
			var done []string
			for _, l := range s.done {
				done = append(done, string(l))
			}
			if diff := cmp.Diff(tt.done, done); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if got := string(s.cur); got != tt.cur {
				t.Errorf("cur = %q, want %q", got, tt.cur)
			}
		})
	}
}

func TestPagerErasedLineDropped(t *testing.T) {
	var s screen
	s.Write([]byte("one\r\n--More--"))
	s.erasePager()
	s.Write([]byte("\r\ntwo\r\n"))
	var got []string
	for _, l := range s.done {
		got = append(got, string(l))
	}
	if diff := cmp.Diff([]string{"one", "two"}, got); diff != "" {
		t.Error(diff)
	}
}

func TestMatchEcho(t *testing.T) {
	p := testPrompts()
	tests := []struct {
		name   string
		before string // already consumed prompt, as in a session
		in     string
		want   string
		state  echoState
	}{
		{"plain", "R1# ", "R1# show ip route\r\n", "show ip route", echoDone},
		{"wrapped mid-word", "R1(config)# ", "R1(config)# ike proposal p encryption aes-256 hash sha2-512 group 2048-\r\n             bit lifetime 28800\r\n", "ike proposal p encryption aes-256 hash sha2-512 group 2048-bit lifetime 28800", echoDone},
		{"incomplete", "R1# ", "R1# show ip", "show ip route", echoMore},
		{"line not ended", "R1# ", "R1# show ip route", "show ip route", echoMore},
		{"other text", "R1# ", "R1# shoe\r\n", "show", echoBad},
		{"extra text", "R1# ", "R1# show x\r\n", "show", echoBad},
		{"stray partial", "R1# ", "R1# sx", "show", echoStray},
		{"empty line", "R1# ", "R1# \r\n", "", echoDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s screen
			s.Write([]byte(tt.before))
			var out []string
			if st, _ := s.scanOutput(p, &out, nil, ""); st != outPrompt {
				t.Fatalf("prompt not found in %q", tt.before)
			}
			s.Write([]byte(tt.in[len(tt.before):]))
			st, _ := s.matchEcho(nonBlank(tt.want))
			if st != tt.state {
				t.Fatalf("state = %d, want %d", st, tt.state)
			}
		})
	}
}

func TestScanOutputPipelined(t *testing.T) {
	p := testPrompts()
	var s screen
	s.Write([]byte("R1(config)# "))
	var out []string
	s.scanOutput(p, &out, nil, "")
	s.Write([]byte("ip route x\r\n% x -- Invalid command.\r\nR1(config)# interface Tunnel0.0\r\nR1(config-Tunnel0.0)# "))
	if st, _ := s.matchEcho(nonBlank("ip route x")); st != echoDone {
		t.Fatalf("echo 0: %d", st)
	}
	out = nil
	st, prompt := s.scanOutput(p, &out, nonBlank("interface Tunnel0.0"), "R1(config)#")
	if st != outPrompt || prompt != "R1(config)# " {
		t.Fatalf("scan = %d %q", st, prompt)
	}
	if diff := cmp.Diff([]string{"% x -- Invalid command."}, out); diff != "" {
		t.Error(diff)
	}
	if st, _ := s.matchEcho(nonBlank("interface Tunnel0.0")); st != echoDone {
		t.Fatalf("echo 1: %d", st)
	}
	out = nil
	st, prompt = s.scanOutput(p, &out, nil, "")
	if st != outPrompt || prompt != "R1(config-Tunnel0.0)# " || len(out) != 0 {
		t.Fatalf("scan = %d %q %q", st, prompt, out)
	}
}

// A prompt printed over a wider blanked pager prompt leaves blanks after
// the cursor; the terminal shows them, but the device is at its prompt.
func TestPromptOverErasedPager(t *testing.T) {
	p := testPrompts()
	var s screen
	s.Write([]byte("line 1\r\n--More--"))
	var out []string
	if st, _ := s.scanOutput(p, &out, nil, ""); st != outPager {
		t.Fatalf("pager not seen")
	}
	s.erasePager()
	s.Write([]byte("\r        \rR1# "))
	st, prompt := s.scanOutput(p, &out, nil, "")
	if st != outPrompt || prompt != "R1# " {
		t.Fatalf("scan = %d %q, want the prompt", st, prompt)
	}
	if diff := cmp.Diff([]string{"line 1"}, out); diff != "" {
		t.Error(diff)
	}
}

// With a line typed ahead, a prompt of the same device followed by another
// echo than expected ends the reply (the echo check then reports it); an
// output line that merely looks like a prompt stays output.
func TestScanOutputDivergedEcho(t *testing.T) {
	p := testPrompts()
	tests := []struct {
		name, in, prev string
		out            []string
		state          outState
		prompt         string
	}{
		{"same host, other echo", "line 1\r\nR1# how 1\r\n", "R1#", []string{"line 1"}, outPrompt, "R1# "},
		{"same host in another mode", "R1(config-if)# x\r\n", "R1(config)#", nil, outPrompt, "R1(config-if)# "},
		{"looks like a prompt", "100% done\r\nabc# def\r\n", "R1#", []string{"100% done", "abc# def"}, outMore, ""},
		{"no previous prompt", "R1# how 1\r\n", "", []string{"R1# how 1"}, outMore, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s screen
			s.Write([]byte(tt.in))
			var out []string
			st, prompt := s.scanOutput(p, &out, nonBlank("show 1"), tt.prev)
			if st != tt.state || prompt != tt.prompt {
				t.Errorf("scan = %d %q, want %d %q", st, prompt, tt.state, tt.prompt)
			}
			if diff := cmp.Diff(tt.out, out); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
		})
	}
}
