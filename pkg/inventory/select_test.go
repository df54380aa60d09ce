package inventory

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func names(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}

func TestSelect(t *testing.T) {
	inv, err := Load("testdata/fleet.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		limits []string
		want   []string
	}{
		"all":           {nil, []string{"osaka", "tokyo", "yokohama"}},
		"a site":        {[]string{"osaka"}, []string{"osaka"}},
		"a group":       {[]string{"kanto"}, []string{"tokyo", "yokohama"}},
		"group or site": {[]string{"lab", "osaka"}, []string{"osaka", "yokohama"}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := inv.Select(tt.limits, Shard{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, names(got)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	if _, err := inv.Select([]string{"kansai"}, Shard{}); err == nil || !strings.Contains(err.Error(), `limit "kansai": no site or group of that name`) {
		t.Errorf("unknown limit: %v", err)
	}
}

// TestShardsPartition: the shards of a fleet cover every site exactly
// once, roughly evenly, and adding a site moves no other.
func TestShardsPartition(t *testing.T) {
	var inv Inventory
	for i := range 1000 {
		inv.Sites = append(inv.Sites, Entry{Name: fmt.Sprintf("branch-%04d", i)})
	}
	const n = 4
	owner := map[string]int{}
	for i := 1; i <= n; i++ {
		got, err := inv.Select(nil, Shard{Index: i, Count: n})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < 1000/n*8/10 || len(got) > 1000/n*12/10 {
			t.Errorf("shard %d/%d has %d of 1000 sites", i, n, len(got))
		}
		for _, e := range got {
			if prev, dup := owner[e.Name]; dup {
				t.Errorf("%s in shards %d and %d", e.Name, prev, i)
			}
			owner[e.Name] = i
		}
	}
	if len(owner) != 1000 {
		t.Errorf("%d of 1000 sites in some shard", len(owner))
	}
	inv.Sites = append(inv.Sites, Entry{Name: "branch-new"})
	for i := 1; i <= n; i++ {
		got, _ := inv.Select(nil, Shard{Index: i, Count: n})
		for _, e := range got {
			if e.Name != "branch-new" && owner[e.Name] != i {
				t.Errorf("%s moved from shard %d to %d when a site was added", e.Name, owner[e.Name], i)
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"1/1": {1, 1}, "2/4": {2, 4}, "4/4": {4, 4}} {
		if got, err := ParseShard(in); err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "2", "0/4", "5/4", "1/0", "a/b", "-1/4", "1/4/2"} {
		if _, err := ParseShard(in); err == nil {
			t.Errorf("ParseShard(%q): no error", in)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	for name, tt := range map[string]struct {
		env     map[string]string
		want    Shard
		ok, bad bool
	}{
		"unset":        {env: nil},
		"first pod":    {env: map[string]string{"JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "4"}, want: Shard{1, 4}, ok: true},
		"last pod":     {env: map[string]string{"JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": "4"}, want: Shard{4, 4}, ok: true},
		"out of range": {env: map[string]string{"JOB_COMPLETION_INDEX": "4", "JOB_COMPLETIONS": "4"}, bad: true},
		"count only":   {env: map[string]string{"JOB_COMPLETIONS": "4"}, bad: true},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok, err := ShardFromEnv(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.bad || ok != tt.ok || got != tt.want {
				t.Errorf("= %v, %v, %v", got, ok, err)
			}
		})
	}
}
