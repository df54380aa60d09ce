package ixcli

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStanzas(t *testing.T) {
	got, err := stanzas(seedLines)
	if err != nil {
		t.Fatal(err)
	}
	var shape []string
	for _, st := range got {
		var b []string
		for _, p := range st {
			b = append(b, strings.Repeat(">", p.depth)+p.text[:strings.IndexByte(p.text+" ", ' ')])
		}
		shape = append(shape, strings.Join(b, ","))
	}
	want := []string{
		"ike,ike,ike,ip,ipsec,ipsec,ipsec",
		"interface,>tunnel,>ip,>ip,>ipsec,>no", // the next block's entry switches directly (§1)
		"interface,>tunnel,>ip,>ip,>ipsec,>no",
		"router,>neighbor,>neighbor,>neighbor,>neighbor,>address-family,>>network,configure",
	}
	if diff := cmp.Diff(want, shape); diff != "" {
		t.Errorf("stanzas (-want +got):\n%s", diff)
	}
	if !got[3][5].entry || got[3][4].entry || !got[1][0].entry {
		t.Error("entry lines not marked")
	}
}

func TestStanzasSeparators(t *testing.T) {
	got, err := stanzas([]string{"ike a b", "!", "", "interface Tunnel0.0", "  no shutdown", "!", "ip x y"})
	if err != nil {
		t.Fatal(err)
	}
	var idx [][]int
	for _, st := range got {
		var s []int
		for _, p := range st {
			s = append(s, p.index)
		}
		idx = append(idx, s)
	}
	if diff := cmp.Diff([][]int{{0}, {3, 4, -1}, {6}}, idx); diff != "" {
		t.Error(diff)
	}
}

func TestStanzasInvalid(t *testing.T) {
	tests := map[string][]string{
		"odd indent":           {"interface Tunnel0.0", " no shutdown"},
		"indent without entry": {"  no shutdown"},
		"two levels at once":   {"router bgp 65000", "    network 10.0.0.0/8"},
		"tab":                  {"interface Tunnel0.0", "\tno shutdown"},
		"question mark":        {"show ?"},
		"indent after comment": {"interface Tunnel0.0", "!", "  no shutdown"},
	}
	for name, lines := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := stanzas(lines); !errors.Is(err, ErrBadLine) {
				t.Fatalf("err = %v, want ErrBadLine", err)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		out  string
		kind ErrorKind
	}{
		{"", ""},
		{"% sow -- Invalid command.", "invalid"},
		{"% Invalid command.", "invalid"},
		{"% sh -- Ambiguous command.", "ambiguous"},
		{"% Expects a subcommand or item selection.", "incomplete"},
		{"?Invalid command", "forbidden"},
		{"% CONFIG process is occupied.\n% You may use `svintr-config' command with administrator privilege.", "occupied"},
		{"CONFIG process is occupied by another session.", "occupied"},
		{"% User 'u' has been added.", ""},
		{"Building configuration...\n% Warning: do NOT enter CNTL/Z while saving to avoid config corruption.", ""},
		{"Enter configuration commands, one per line. End with CNTL/Z.", ""},
		{"% Policy ike-policy1 is referenced by ipsec autokey-map.", "unrecognised"},
		{"IP Routing Table - 6 entries, 1 hidden, 2041 frees", ""},
	}
	for _, tt := range tests {
		ce := classify("x", tt.out, nil)
		var got ErrorKind
		if ce != nil {
			got = ce.Kind
		}
		if got != tt.kind {
			t.Errorf("classify(%q) = %q, want %q", tt.out, got, tt.kind)
		}
	}
}

func TestParsePrompt(t *testing.T) {
	tests := []struct {
		in   string
		want Prompt
		ok   bool
	}{
		{"R10# ", Prompt{Host: "R10", Admin: true}, true},
		{"R10(config)# ", Prompt{Host: "R10", Tag: "config", Admin: true}, true},
		{"ix01(config-Tunnel0.0)#", Prompt{Host: "ix01", Tag: "config-Tunnel0.0", Admin: true}, true},
		{"R10(config-bgp-af)% ", Prompt{Host: "R10", Tag: "config-bgp-af"}, true},
		{"R10> ", Prompt{}, false},
		{"% sow -- Invalid command.", Prompt{}, false},
		{"--More--", Prompt{}, false},
	}
	for _, tt := range tests {
		got, ok := ParsePrompt(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParsePrompt(%q) = %+v %v, want %+v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStanzasBareEntryLine(t *testing.T) {
	got, err := stanzas([]string{"ike a b", "interface Tunnel0.0", "router bgp 65000"})
	if err != nil {
		t.Fatal(err)
	}
	var texts [][]string
	for _, st := range got {
		var s []string
		for _, p := range st {
			s = append(s, p.text)
		}
		texts = append(texts, s)
	}
	want := [][]string{{"ike a b"}, {"interface Tunnel0.0"}, {"router bgp 65000", "configure"}}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Error(diff)
	}
}

// TestStanzasBlockThenGlobal: a block followed by global lines still returns
// to global configuration first, so the prompt after them can be checked.
func TestStanzasBlockThenGlobal(t *testing.T) {
	got, err := stanzas([]string{"interface Tunnel0.0", "  no shutdown", "ike a b"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got[0]); got[0][n-1].text != "configure" {
		t.Errorf("block before a global line ends with %q, want configure", got[0][n-1].text)
	}
}
