package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestNoKeyPrinted renders every apply outcome without reveal and looks for
// the seed's pre-shared keys; the dry run with reveal proves the search
// would find them.
func TestNoKeyPrinted(t *testing.T) {
	conn := seedConnection(t)
	var keys []string
	for _, tun := range conn.Tunnels {
		keys = append(keys, tun.PSK.Reveal())
	}
	for name, res := range applyResults(t) {
		var b bytes.Buffer
		if err := WriteApply(&b, res, false); err != nil {
			t.Fatal(err)
		}
		if res.Plan != nil {
			if err := WriteTopology(&b, res.Plan, res.Health); err != nil {
				t.Fatal(err)
			}
		}
		for _, k := range keys {
			if strings.Contains(b.String(), k) {
				t.Errorf("%s: the output holds a pre-shared key", name)
			}
		}
	}

	var b bytes.Buffer
	if err := WriteApply(&b, applyResults(t)["apply-dry-run"], true); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !strings.Contains(b.String(), k) {
			t.Errorf("dry run with reveal does not show a key: the search above proves nothing")
		}
	}
}
