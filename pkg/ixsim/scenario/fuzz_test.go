package scenario

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, n := range Builtins() {
		b, err := builtinFS.ReadFile("builtin/" + n + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("name: x\nrouter: {hostname: [1, 2]}\n")
	f.Add("aws: {tunnels: [{}, {}, {}]}\n")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse([]byte(in))
		if err != nil {
			if !errors.Is(err, ErrScenario) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q: not ErrScenario or not one line", err)
			}
			return
		}
		// A parsed scenario is valid and stays so.
		if err := s.Validate(); err != nil {
			t.Fatalf("re-validating a parsed scenario: %v", err)
		}
	})
}
