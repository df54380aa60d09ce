package showparse

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// addFixtures seeds a fuzzer with every fixture of dir.
func addFixtures(f *testing.F, dir string) {
	for _, file := range fixtures(f, dir) {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
}

// fuzzParser checks one parser on arbitrary input: it must not panic; on
// error the value is zero and the error one line; on success the value
// marshals to JSON and survives render → parse unchanged.
func fuzzParser[T any](f *testing.F, show Show[T], render func(T) string, opts ...cmp.Option) {
	addFixtures(f, show.Fixtures)
	parse := show.Parse
	f.Fuzz(func(t *testing.T, in string) {
		v, err := parse(strings.NewReader(in))
		if err != nil {
			var zero T
			if diff := cmp.Diff(zero, v, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("partial result with error %v:\n%s", err, diff)
			}
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("json: %v", err)
		}
		out := render(v)
		again, err := parse(strings.NewReader(out))
		if err != nil {
			t.Fatalf("re-parse of rendered value failed: %v\nrendered:\n%s", err, out)
		}
		if diff := cmp.Diff(v, again, opts...); diff != "" {
			t.Fatalf("render/parse changed the value (-first +again):\n%s\nrendered:\n%s", diff, out)
		}
	})
}

func FuzzIKESAs(f *testing.F) { fuzzParser(f, ShowIKESA, renderIKE) }

func FuzzIPsecSAs(f *testing.F) { fuzzParser(f, ShowIPsecSA, renderIPsec) }

func FuzzBGPTable(f *testing.F) {
	// Rendering is aligned, so a flattened line's guess is no longer one.
	fuzzParser(f, ShowBGP, renderBGP, cmpopts.IgnoreFields(BGPRoute{}, "Guessed"))
}

func FuzzBGPSummary(f *testing.F) {
	fuzzParser(f, ShowBGPSummary, renderBGPSummary)
}

func FuzzRouteTable(f *testing.F) { fuzzParser(f, ShowRoute, renderRoutes) }

func FuzzVersion(f *testing.F) { fuzzParser(f, ShowVersion, renderVersion) }

func FuzzRunningConfig(f *testing.F) {
	fuzzParser(f, ShowRunningConfig, RunningConfig.String)
}

func FuzzInterfaces(f *testing.F) { fuzzParser(f, ShowInterfaces, renderInterfaces) }
