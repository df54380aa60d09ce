package inventory

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ixpush/ixpush/internal/golden"
)

// entryJSON is an Entry as the golden files show it: paths relative to
// testdata so the goldens do not depend on the checkout's location.
type entryJSON struct {
	Name   string   `json:"name"`
	Groups []string `json:"groups,omitempty"`
	Site   any      `json:"site,omitempty"`
	Err    string   `json:"error,omitempty"`
}

func TestLoadGolden(t *testing.T) {
	abs, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fleet", "broken"} {
		t.Run(name, func(t *testing.T) {
			inv, err := Load(filepath.Join("testdata", name+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var out []entryJSON
			for _, e := range inv.Sites {
				j := entryJSON{Name: e.Name, Groups: e.Groups}
				if e.Err != nil {
					j.Err = e.Err.Error()
				} else {
					j.Site = e.Site
				}
				out = append(out, j)
			}
			b, err := json.MarshalIndent(map[string]any{"groups": inv.Groups, "sites": out}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(string(b), abs, "TESTDATA") + "\n"
			golden.Check(t, filepath.Join("testdata", name+".golden.json"), []byte(got))
		})
	}
}

// TestMergeClearsAndAdds: a site's empty value clears a default (a scalar
// is replaced whole), and fields JSON leaves out still merge.
func TestMergeClearsAndAdds(t *testing.T) {
	inv, err := Load("testdata/fleet.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range inv.Sites {
		if e.Name != "yokohama" {
			continue
		}
		r := e.Site.Router
		if r.PasswordEnv != "" || r.PasswordCommand != "pass show ix/yokohama" || r.User != "lab" || r.Port != 2222 {
			t.Errorf("yokohama's router: %+v", r)
		}
		return
	}
	t.Error("no yokohama")
}

// TestLoadInvalid: problems with the file as a whole, each naming where.
func TestLoadInvalid(t *testing.T) {
	for name, tt := range map[string]struct{ yaml, want string }{
		"empty":           {"", "inv.yaml: empty file"},
		"no sites":        {"defaults: {}\n", "sites: want a mapping"},
		"sites list":      {"sites: [a, b]\n", "sites: want a mapping"},
		"unknown top key": {"site: {}\nsites: {a: {}}\n", "field site not found"},
		"bad default":     {"defaults: {router: {hots: x}}\nsites: {a: {}}\n", "inv.yaml: defaults: router.hots (line 1): no such field"},
		"bad group":       {"groups: {g: {lann: []}}\nsites: {a: {}}\n", "inv.yaml: group g: lann (line 1): no such field"},
		"group list":      {"groups: {g: [x]}\nsites: {a: {}}\n", "inv.yaml: group g: line 1: want a mapping"},
		"groups in group": {"groups: {g: {groups: [h]}}\nsites: {a: {}}\n", "group g: groups (line 1): no such field"},
		"duplicate site":  {"sites: {a: {}, a: {}}\n", "already defined"},
		"not yaml":        {"sites: {a: [\n", "inv.yaml:"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.yaml), "inv.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"fleet", "broken"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".yaml"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("defaults: &d {router: {user: a}}\nsites: {a: *d}\n")
	f.Fuzz(func(t *testing.T, s string) {
		inv, err := Decode(strings.NewReader(s), "fuzz.yaml")
		if err != nil {
			return
		}
		for _, e := range inv.Sites {
			if (e.Site == nil) == (e.Err == nil) {
				t.Fatalf("site %q: want exactly one of Site and Err", e.Name)
			}
		}
	})
}
