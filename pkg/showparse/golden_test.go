package showparse

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/internal/golden"
)

const fixturesDir = "../../fixtures/ix"

// byFixtures maps each fixtures/ix/<command> directory to its registry entry.
func byFixtures(t testing.TB) map[string]Entry {
	t.Helper()
	m := map[string]Entry{}
	for _, e := range Registry() {
		dir := e.Describe().Fixtures
		if _, dup := m[dir]; dup {
			t.Fatalf("two registry entries share the fixtures directory %s", dir)
		}
		m[dir] = e
	}
	return m
}

// fixtures lists the fixture files of one command directory.
func fixtures(t testing.TB, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixturesDir, dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s/%s", fixturesDir, dir)
	}
	return files
}

// TestGolden parses every fixture and compares the JSON with the golden file
// beside it; -update rewrites the golden files.
func TestGolden(t *testing.T) {
	dirs, err := os.ReadDir(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	entries := byFixtures(t)
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		e, ok := entries[d.Name()]
		if !ok {
			t.Errorf("fixtures directory %s has no registry entry", d.Name())
			continue
		}
		delete(entries, d.Name())
		for _, file := range fixtures(t, d.Name()) {
			t.Run(d.Name()+"/"+filepath.Base(file), func(t *testing.T) {
				in, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				v, err := e.ParseAny(bytes.NewReader(in))
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				got, err := json.MarshalIndent(v, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, '\n')
				golden.Check(t, strings.TrimSuffix(file, ".txt")+".golden.json", got)
			})
		}
	}
	for dir, e := range entries {
		t.Errorf("registry entry %s has no fixtures directory %s/%s", e.Describe().Kind, fixturesDir, dir)
	}
}
