// Package golden is the tool's golden-file check for tests: one -update flag
// and one way to compare, so every package's goldens refresh the same way
// (go test ./PKG -update, then review the diff). The simulator keeps its
// own (it shares no code with the tool, tests' helpers included).
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files, then review the diff")

// Updating reports whether the run rewrites the golden files.
func Updating() bool { return *update }

// Check compares got with the golden file at path. With -update it first
// writes got there, creating the directory.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got); rerun with -update if intended:\n%s", path, d)
	}
}
