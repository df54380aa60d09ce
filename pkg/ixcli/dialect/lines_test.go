package dialect

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// shape writes a forest one block per element: depth as '>', the input
// index, the text.
func shape(bs []Block, depth int, out []string) []string {
	for _, b := range bs {
		out = append(out, fmt.Sprintf("%s%02d:%s", strings.Repeat(">", depth), b.Index, b.Text))
		out = shape(b.Children, depth+1, out)
	}
	return out
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"empty", nil, nil},
		{"globals", []string{"ike a", "ip b"}, []string{"00:ike a", "01:ip b"}},
		{"nested", []string{"router bgp 1", "  neighbor x", "  address-family ipv4 unicast", "    network n", "ike k"},
			[]string{"00:router bgp 1", ">01:neighbor x", ">02:address-family ipv4 unicast", ">>03:network n", "04:ike k"}},
		{"back up two levels", []string{"a", "  b", "    c", "d"}, []string{"00:a", ">01:b", ">>02:c", "03:d"}},
		{"separators and trailing blanks", []string{"", "interface T", "  no shutdown  ", "!", "  ", "! comment", "  ! indented", "ip x "},
			[]string{"01:interface T", ">02:no shutdown", "07:ip x"}},
		{"inner spacing kept", []string{"ike  a   b"}, []string{"00:ike  a   b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Blocks(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, shape(got, 0, nil)); diff != "" {
				t.Errorf("Blocks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBlocksErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want LineError
	}{
		{"odd indent", []string{"interface T", " no shutdown"}, LineError{2, "no shutdown", ProblemIndent}},
		{"three spaces", []string{"interface T", "   no shutdown"}, LineError{2, "no shutdown", ProblemIndent}},
		{"tab indent", []string{"interface T", "\tno shutdown"}, LineError{2, "no shutdown", ProblemIndent}},
		{"tab after spaces", []string{"interface T", "  \tno shutdown"}, LineError{2, "no shutdown", ProblemIndent}},
		{"tab inside", []string{"ike a\tb"}, LineError{1, "ike a\tb", ProblemControl}},
		{"carriage return", []string{"ike a\r"}, LineError{1, "ike a", ProblemControl}},
		{"line feed", []string{"ike a\nb"}, LineError{1, "ike a\nb", ProblemControl}},
		{"DEL", []string{"ike a\x7f"}, LineError{1, "ike a\x7f", ProblemControl}},
		{"invalid UTF-8", []string{"ike \xff"}, LineError{1, "ike \xff", ProblemControl}},
		{"control in a separator", []string{"ike a", "!\x01"}, LineError{2, "!\x01", ProblemControl}},
		{"blank tab line", []string{"\t"}, LineError{1, "", ProblemControl}},
		{"indented first", []string{"  no shutdown"}, LineError{1, "no shutdown", ProblemNoEntry}},
		{"indented after separator", []string{"interface T", "!", "  no shutdown"}, LineError{3, "no shutdown", ProblemNoEntry}},
		{"indented after blank", []string{"interface T", "", "  no shutdown"}, LineError{3, "no shutdown", ProblemNoEntry}},
		{"two levels at once", []string{"router bgp 1", "    network n"}, LineError{2, "network n", ProblemTooDeep}},
		{"secret masked", []string{"  ike policy p peer 1.1.1.1 key S3cret x"}, LineError{1, "ike policy p peer 1.1.1.1 key ******** x", ProblemNoEntry}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Blocks(tt.in)
			var le *LineError
			if !errors.As(err, &le) || !errors.Is(err, ErrLineFormat) || got != nil {
				t.Fatalf("Blocks = %v, %v; want a *LineError wrapping ErrLineFormat", got, err)
			}
			if diff := cmp.Diff(tt.want, *le); diff != "" {
				t.Errorf("LineError (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLineErrorText(t *testing.T) {
	_, err := Blocks([]string{"a", " b key k"})
	want := `line 2 ("b key ********"): indentation must be two spaces per level`
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestFlattenRoundTrip(t *testing.T) {
	in := []string{"ike a", "interface T", "  no shutdown", "!", "router bgp 1", "  neighbor x", "  address-family ipv4 unicast", "    network n", "  neighbor y", "ip z  "}
	bs, err := Blocks(in)
	if err != nil {
		t.Fatal(err)
	}
	flat := Flatten(bs)
	want := []string{"ike a", "interface T", "  no shutdown", "router bgp 1", "  neighbor x", "  address-family ipv4 unicast", "    network n", "  neighbor y", "ip z"}
	if diff := cmp.Diff(want, flat); diff != "" {
		t.Errorf("Flatten (-want +got):\n%s", diff)
	}
	again, err := Blocks(flat)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(textForest(bs), textForest(again)); diff != "" {
		t.Errorf("Blocks(Flatten(x)) (-first +again):\n%s", diff)
	}
	if got := bs[2].Lines(1); got[0] != "  router bgp 1" || got[3] != "      network n" {
		t.Errorf("Lines(1) = %q", got)
	}
}

// textForest drops the input indices, which Flatten does not keep.
type textBlock struct {
	Text     string
	Children []textBlock
}

func textForest(bs []Block) []textBlock {
	var out []textBlock
	for _, b := range bs {
		out = append(out, textBlock{b.Text, textForest(b.Children)})
	}
	return out
}
