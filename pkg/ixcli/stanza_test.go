package ixcli

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
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
		"carriage return":      {"ike a b\r"},
		"control character":    {"ike a\x00 b"},
	}
	for name, lines := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := stanzas(lines); !errors.Is(err, ErrBadLine) {
				t.Fatalf("err = %v, want ErrBadLine", err)
			}
		})
	}
}

// TestClassify: classify wraps dialect.Classify (whose table is tested
// there) into the CommandError the operations return.
func TestClassify(t *testing.T) {
	if ce := classify("x", "Enter configuration commands, one per line.\n% Warning: y", nil); ce != nil {
		t.Errorf("success output: %+v", ce)
	}
	out := "Building...\n% sow -- Invalid command.\n"
	want := &CommandError{Input: "sow", Output: out, Kind: dialect.ErrInvalid, Line: "% sow -- Invalid command."}
	if diff := cmp.Diff(want, classify("sow", out, nil)); diff != "" {
		t.Errorf("classify (-want +got):\n%s", diff)
	}
	notice := regexp.MustCompile(`^% Policy `)
	if ce := classify("x", "% Policy p is referenced by ipsec autokey-map.", []*regexp.Regexp{notice}); ce != nil {
		t.Errorf("extra notice not passed on: %+v", ce)
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
