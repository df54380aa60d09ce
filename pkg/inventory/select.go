package inventory

import (
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
)

// ErrSelect is wrapped by a --limit or --shard that cannot be honoured.
var ErrSelect = errors.New("bad selection")

// Shard is the I-th of N slices of an inventory (1 <= I <= N); the zero
// Shard is the whole inventory.
type Shard struct{ Index, Count int }

// ParseShard reads I/N.
func ParseShard(s string) (Shard, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("%w: shard %q: want I/N with 1 <= I <= N, like 2/4", ErrSelect, s)
	}
	return Shard{Index: i, Count: n}, nil
}

// ShardFromEnv is the shard of a Kubernetes Indexed Job's pod: index
// JOB_COMPLETION_INDEX (from 0) of JOB_COMPLETIONS. ok is false when
// neither is set.
func ShardFromEnv(getenv func(string) string) (sh Shard, ok bool, err error) {
	idx, n := getenv("JOB_COMPLETION_INDEX"), getenv("JOB_COMPLETIONS")
	if idx == "" && n == "" {
		return Shard{}, false, nil
	}
	i, err1 := strconv.Atoi(idx)
	c, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil || c < 1 || i < 0 || i >= c {
		return Shard{}, false, fmt.Errorf("%w: JOB_COMPLETION_INDEX=%q JOB_COMPLETIONS=%q: want an index from 0 below the count", ErrSelect, idx, n)
	}
	return Shard{Index: i + 1, Count: c}, true, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Has reports whether the site named name is in the shard. The slice is
// chosen by a hash of the name alone, so adding or removing a site moves
// no other site to another shard, whatever the order of the file.
func (s Shard) Has(name string) bool {
	if s.Count <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32()%uint32(s.Count)) == s.Index-1
}

// Select returns the entries that match any of limits (a site or group
// name; none means every site) and fall in shard, in name order. A limit
// that names neither is an error, so a typo never selects nothing quietly.
func (inv *Inventory) Select(limits []string, shard Shard) ([]Entry, error) {
	for _, l := range limits {
		if !slices.ContainsFunc(inv.Sites, func(e Entry) bool { return e.Name == l }) && !slices.Contains(inv.Groups, l) {
			return nil, fmt.Errorf("%w: limit %q: no site or group of that name", ErrSelect, l)
		}
	}
	var out []Entry
	for _, e := range inv.Sites {
		if len(limits) > 0 && !slices.ContainsFunc(limits, func(l string) bool { return l == e.Name || slices.Contains(e.Groups, l) }) {
			continue
		}
		if shard.Has(e.Name) {
			out = append(out, e)
		}
	}
	return out, nil
}
