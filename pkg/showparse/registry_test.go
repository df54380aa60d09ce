package showparse

import (
	"strings"
	"testing"
)

// TestRegistry: kinds are unique and sorted, every entry names a show
// command, and Lookup finds each entry and nothing else.
func TestRegistry(t *testing.T) {
	reg := Registry()
	for i, e := range reg {
		info := e.Describe()
		if !strings.HasPrefix(info.Command, "show ") || info.Kind == "" || info.Fixtures == "" {
			t.Errorf("entry %d is incomplete: %+v", i, info)
		}
		if i > 0 && reg[i-1].Describe().Kind >= info.Kind {
			t.Errorf("kinds not sorted and unique: %s before %s", reg[i-1].Describe().Kind, info.Kind)
		}
		got, ok := Lookup(info.Kind)
		if !ok || got.Describe() != info {
			t.Errorf("Lookup(%q) = %+v, %v", info.Kind, got, ok)
		}
	}
	if e, ok := Lookup("ospf"); ok {
		t.Errorf("Lookup(ospf) = %+v", e.Describe())
	}
}
