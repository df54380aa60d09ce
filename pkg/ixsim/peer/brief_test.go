package peer

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// layout is where a row's fields start, but for the last (a right-aligned
// number), and where the row ends: what the brief forms' fixed columns come
// down to.
func layout(row string) []int {
	var at []int
	for i := range row {
		if row[i] != ' ' && (i == 0 || row[i-1] == ' ') {
			at = append(at, i)
		}
	}
	return append(at[:len(at)-1], len(row))
}

// TestBriefFormsMatchCONBU: the brief forms print CONBU's captured column
// header verbatim and lay every row out as the capture's rows (same field
// starts, right-aligned lifetimes ending at the same column).
func TestBriefFormsMatchCONBU(t *testing.T) {
	m, now := seedModel(t)
	for _, tc := range []struct{ cmd, capture string }{
		{"show ike sa brief", "conbu-show-ike-sa-brief.txt"},
		{"show ipsec sa brief", "conbu-show-ipsec-sa-brief.txt"},
	} {
		raw, err := os.ReadFile("../../../fixtures/ix/" + tc.capture)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Split(strings.TrimSpace(string(raw)), "\n")[2:] // after the echo and the counts
		out, err := m.Render(tc.cmd, now, Indented)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")[1:]
		if got[0] != want[0] {
			t.Errorf("%s header:\n%q\nwant the capture's\n%q", tc.cmd, got[0], want[0])
		}
		if len(got) < 2 {
			t.Fatalf("%s: no rows:\n%s", tc.cmd, out)
		}
		for _, row := range got[1:] {
			if d := cmp.Diff(layout(want[1]), layout(row)); d != "" {
				t.Errorf("%s row %q laid out unlike %q (-capture +sim):\n%s", tc.cmd, row, want[1], d)
			}
		}
	}
}
