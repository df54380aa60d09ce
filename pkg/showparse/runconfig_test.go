package showparse

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustParseRC(t *testing.T, in string) RunningConfig {
	t.Helper()
	c, err := ParseRunningConfig(strings.NewReader(in))
	if err != nil {
		t.Fatalf("ParseRunningConfig: %v", err)
	}
	return c
}

// normalised is what String must reproduce of real output: lines without \r,
// trailing spaces, echo and prompts.
func normalised(t *testing.T, in string) string {
	t.Helper()
	lines, err := Clean(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

func TestRunningConfigRoundTrip(t *testing.T) {
	for _, name := range []string{"indented.txt", "indented-crlf-echo.txt"} {
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(fixturesDir + "/show-running-config/" + name)
			if err != nil {
				t.Fatal(err)
			}
			c := mustParseRC(t, string(in))
			if diff := cmp.Diff(normalised(t, string(in)), c.String()); diff != "" {
				t.Errorf("String() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// The flattened seed renders as the indented tree the router would show.
func TestRunningConfigFlatRenders(t *testing.T) {
	in, err := os.ReadFile(fixturesDir + "/show-running-config/seed-flat.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := mustParseRC(t, string(in)).String()
	wantTail := `!
interface Tunnel1.0
  tunnel mode ipsec
  ip address 169.254.30.58/30
  ip tcp adjust-mss auto
  ipsec policy tunnel ipsec-map2 df-bit ignore pre-fragment out
  no shutdown
!
router bgp 65000
  neighbor 169.254.123.133 remote-as 64512
  neighbor 169.254.123.133 timers 10 30
  neighbor 169.254.30.57 remote-as 64512
  neighbor 169.254.30.57 timers 10 30
  address-family ipv4 unicast
    network 192.168.2.0/24
`
	if !strings.HasSuffix(got, wantTail) {
		t.Errorf("String() does not end with the indented tree:\n%s", got)
	}
	if !strings.HasPrefix(got, "ike proposal ike-prop encryption aes hash sha group 1024-bit\n!\nike policy") {
		t.Errorf("String() does not start like the seed:\n%s", got)
	}
}

func cl(text string, children ...*ConfigLine) *ConfigLine {
	return &ConfigLine{Text: text, Children: children}
}

func TestRunningConfigTree(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []*ConfigLine
	}{
		{
			name: "flat sub-mode ends at global command",
			in:   "interface Tunnel0.0\nno shutdown\nip route default 192.168.1.1\n",
			want: []*ConfigLine{cl("interface Tunnel0.0", cl("no shutdown")), cl("ip route default 192.168.1.1")},
		},
		{
			name: "flat sub-mode ends at bang",
			in:   "interface Tunnel0.0\nno shutdown\n!\nno-such-global x\n",
			want: []*ConfigLine{cl("interface Tunnel0.0", cl("no shutdown")), cl("no-such-global x")},
		},
		{
			name: "flat mode entry closes the previous one",
			in:   "interface A\nno shutdown\ninterface B\nshutdown\n",
			want: []*ConfigLine{cl("interface A", cl("no shutdown")), cl("interface B", cl("shutdown"))},
		},
		{
			name: "flat address-family nests under router bgp",
			in:   "router bgp 65000\nneighbor 1.1.1.1 remote-as 64512\naddress-family ipv4 unicast\nnetwork 10.0.0.0/8\naddress-family ipv6 unicast\nnetwork ::/0\n",
			want: []*ConfigLine{cl("router bgp 65000",
				cl("neighbor 1.1.1.1 remote-as 64512"),
				cl("address-family ipv4 unicast", cl("network 10.0.0.0/8")),
				cl("address-family ipv6 unicast", cl("network ::/0")))},
		},
		{
			name: "flat global lines stay top level",
			in:   "ike proposal p encryption aes hash sha group 1024-bit\nip access-list l permit ip src any dest any\n",
			want: []*ConfigLine{cl("ike proposal p encryption aes hash sha group 1024-bit"), cl("ip access-list l permit ip src any dest any")},
		},
		{
			name: "indented: column 0 is top level even without bang",
			in:   "interface A\n  ip address 10.0.0.1/24\nip route default 10.0.0.254\nfoo bar\n",
			want: []*ConfigLine{cl("interface A", cl("ip address 10.0.0.1/24")), cl("ip route default 10.0.0.254"), cl("foo bar")},
		},
		{
			name: "indented: spacing normalised, tab indent",
			in:   "router   bgp 1\n\tneighbor  1.1.1.1   remote-as 2\n\taddress-family ipv4 unicast\n\t\tnetwork 10.0.0.0/8\n",
			want: []*ConfigLine{cl("router bgp 1", cl("neighbor 1.1.1.1 remote-as 2"), cl("address-family ipv4 unicast", cl("network 10.0.0.0/8")))},
		},
		{
			name: "indented: uneven indentation",
			in:   "a\n    b\n  c\n      d\n",
			want: []*ConfigLine{cl("a", cl("b"), cl("c", cl("d")))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParseRC(t, tt.in)
			if diff := cmp.Diff(tt.want, got.Lines, ignoreTrailer()); diff != "" {
				t.Errorf("tree mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// ignoreTrailer ignores the rendering-only fields.
func ignoreTrailer() cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".Trailer"
	}, cmp.Ignore())
}

func TestRunningConfigFind(t *testing.T) {
	in, err := os.ReadFile(fixturesDir + "/show-running-config/seed-flat.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := mustParseRC(t, string(in))
	if got := c.Find("router bgp 65000").Find("address-family ipv4 unicast").Find("network 192.168.2.0/24"); got == nil {
		t.Error("network line not found under router bgp / address-family")
	}
	if got := c.Find("router bgp 65001").Find("address-family ipv4 unicast"); got != nil {
		t.Errorf("Find on a missing parent = %v, want nil", got)
	}
	if got := c.Find("no shutdown"); got != nil {
		t.Errorf("Find(no shutdown) at top level = %v, want nil", got)
	}
	if got := c.Find("interface Tunnel1.0").Find("no shutdown"); got == nil {
		t.Error("no shutdown not found under interface Tunnel1.0")
	}
}

func TestRunningConfigHeader(t *testing.T) {
	in, err := os.ReadFile(fixturesDir + "/show-running-config/indented-crlf-echo.txt")
	if err != nil {
		t.Fatal(err)
	}
	c := mustParseRC(t, string(in))
	want := []string{
		"! NEC Portable Internetwork Core Operating System Software",
		"! IX Series IX2015 (magellan-sec) Software, Version 9.1.16, RELEASE SOFTWARE",
		"! Compiled Jan 21-Thu-2016 16:15:14 JST #2",
		"! Current time Apr 08-Sun-2018 16:08:00 JST",
	}
	if diff := cmp.Diff(want, c.Header); diff != "" {
		t.Errorf("Header mismatch (-want +got):\n%s", diff)
	}
}

func TestRunningConfigRedacted(t *testing.T) {
	c := mustParseRC(t, "ike policy p peer 1.2.3.4 key s3cr3t prop\ninterface A\n  ip address 10.0.0.1/24\n")
	r := c.Redacted()
	want := "ike policy p peer 1.2.3.4 key ******** prop\ninterface A\n  ip address 10.0.0.1/24\n"
	if diff := cmp.Diff(want, r.String()); diff != "" {
		t.Errorf("Redacted mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(c.String(), "s3cr3t") {
		t.Error("Redacted modified the original")
	}
}

// deepConfig is a running-config whose lines nest n levels deep under
// `hostname x`, one more space per level.
func deepConfig(n int) string {
	var b strings.Builder
	b.WriteString("hostname x\ninterface Tunnel0.0\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "%s description level%d\n", strings.Repeat(" ", i), i)
	}
	return b.String()
}

// The deepest tree accepted still marshals to JSON: the encoder must never
// be where a deep input fails.
func TestRunningConfigDepthLimit(t *testing.T) {
	c := mustParseRC(t, deepConfig(maxDepth))
	if _, err := json.Marshal(c); err != nil {
		t.Fatalf("json: %v", err)
	}
}

func TestRunningConfigInvalid(t *testing.T) {
	tests := []struct{ name, in, wantErr string }{
		{"empty", "", "no configuration commands"},
		{"only header", "! NEC Portable\n!\n", "no configuration commands"},
		{"show output", "ISAKMP SA - 2 configured, 2 created\n", `line 1 "ISAKMP SA`},
		{"device error", "R10(config)# show running-config\n% CONFIG process is occupied.\n", `line 2 "% CONFIG`},
		{"orphan indent after bang", "interface A\n  no shutdown\n!\n  ip address 10.0.0.1/24\n", "line 4"},
		{"orphan indent first", "  no shutdown\nhostname a\n", "line 1"},
		{"binary", "hostname a\nfoo\x00bar\n", "line 2"},
		{"nested too deep", deepConfig(maxDepth + 1), fmt.Sprintf(`description level%d": nested %d levels deep`, maxDepth, maxDepth+1)},
		{"nested far too deep", deepConfig(3000), fmt.Sprintf(`line %d "%s description level%d": nested %d levels deep`, maxDepth+2, strings.Repeat(" ", maxDepth), maxDepth, maxDepth+1)},
		{"secret redacted", "hostname R10\nike policy p peer 1.2.3.4 key s3cr3t p\nBad Line key s3cr3t\n", `line 3 "Bad Line key ********"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseRunningConfig(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error; got %+v", c)
			}
			if !errors.Is(err, ErrParse) {
				t.Errorf("error %v does not wrap ErrParse", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks the key: %v", err)
			}
			if diff := cmp.Diff(RunningConfig{}, c); diff != "" {
				t.Errorf("half-filled result on error:\n%s", diff)
			}
		})
	}
}

// TestRunningConfigBangInsideBlock: a '!' inside an indented block keeps
// the block open and is written after it, at column 0, where a second
// parse finds it on the same line (the FuzzRunningConfig crasher
// "a\n a\n !").
func TestRunningConfigBangInsideBlock(t *testing.T) {
	c := mustParseRC(t, "router bgp 1\n  neighbor x\n  !\n  address-family ipv4 unicast\n    network n\n    !\n!\nhostname R\n")
	want := []*ConfigLine{cl("router bgp 1", cl("neighbor x"), cl("address-family ipv4 unicast", cl("network n"))), cl("hostname R")}
	if diff := cmp.Diff(want, c.Lines, ignoreTrailer()); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"!", "!", "!"}, c.Lines[0].Trailer); diff != "" {
		t.Errorf("Trailer (-want +got):\n%s", diff)
	}
	out := "router bgp 1\n  neighbor x\n  address-family ipv4 unicast\n    network n\n!\n!\n!\nhostname R\n"
	if diff := cmp.Diff(out, c.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(c, mustParseRC(t, c.String())); diff != "" {
		t.Errorf("render/parse (-first +again):\n%s", diff)
	}
}
