package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ixpush/ixpush/pkg/site"
)

// ErrInvalid is wrapped by every error about the inventory's content.
var ErrInvalid = errors.New("invalid inventory")

// Entry is one site of the inventory. Exactly one of Site and Err is set.
type Entry struct {
	Name   string
	Groups []string
	// Site is the merged site, decoded but not validated: the caller may
	// still lay command-line flags over it before site.Validate.
	Site *site.Site
	// Err says what is wrong with this site alone (a *SiteError).
	Err error
}

// Inventory is every site of one file, sorted by name, and its groups.
type Inventory struct {
	Sites  []Entry
	Groups []string // the group names defined, sorted
}

// SiteError is a problem with one site of the inventory.
type SiteError struct {
	File, Site string
	Err        error
}

func (e *SiteError) Error() string { return fmt.Sprintf("%s: site %s: %v", e.File, e.Site, e.Err) }
func (e *SiteError) Unwrap() error { return e.Err }

// file is the inventory's top level, decoded strictly; the layers stay
// nodes so they can be merged before they are decoded as sites.
type file struct {
	Defaults yaml.Node            `yaml:"defaults"`
	Groups   map[string]yaml.Node `yaml:"groups"`
	Sites    yaml.Node            `yaml:"sites"`
}

// Load reads the inventory at path. Relative paths in it are relative to
// its directory, as in a site file.
func Load(path string) (*Inventory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return Decode(bytes.NewReader(data), path)
}

// Decode reads an inventory from r; name labels its errors, and its
// directory anchors the sites' relative paths.
func Decode(r io.Reader, name string) (*Inventory, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: %s: empty file", ErrInvalid, name)
		}
		return nil, fmt.Errorf("%w: %s: %s", ErrInvalid, name, oneLine(err))
	}
	if f.Sites.Kind != yaml.MappingNode || len(f.Sites.Content) == 0 {
		return nil, fmt.Errorf("%w: %s: sites: want a mapping of site names to sites", ErrInvalid, name)
	}
	layerErr := func(where string, err error) error {
		return fmt.Errorf("%w: %s: %s: %v", ErrInvalid, name, where, err)
	}
	defaults := &f.Defaults
	if defaults.Kind == 0 {
		defaults = nil
	} else if err := checkLayer(defaults); err != nil {
		return nil, layerErr("defaults", err)
	}
	inv := &Inventory{}
	for g, n := range f.Groups {
		if err := checkLayer(&n); err != nil {
			return nil, layerErr("group "+g, err)
		}
		inv.Groups = append(inv.Groups, g)
	}
	slices.Sort(inv.Groups)
	seen := map[string]int{}
	for i := 0; i+1 < len(f.Sites.Content); i += 2 {
		key, val := f.Sites.Content[i], f.Sites.Content[i+1]
		if line, dup := seen[key.Value]; dup {
			// Two entries of one name cannot be told apart by --limit.
			return nil, fmt.Errorf("%w: %s: sites: %q at line %d is already defined at line %d", ErrInvalid, name, key.Value, key.Line, line)
		}
		seen[key.Value] = key.Line
		e := Entry{Name: key.Value}
		site, groups, err := buildSite(key.Value, val, defaults, f.Groups)
		e.Groups = groups
		if err == nil {
			err = site.ResolvePaths(filepath.Dir(name))
		}
		if err != nil {
			e.Err = &SiteError{File: name, Site: key.Value, Err: err}
		} else {
			e.Site = site
		}
		inv.Sites = append(inv.Sites, e)
	}
	slices.SortFunc(inv.Sites, func(a, b Entry) int { return cmpString(a.Name, b.Name) })
	return inv, nil
}

// buildSite merges the layers of one site and decodes the result.
func buildSite(name string, n *yaml.Node, defaults *yaml.Node, groups map[string]yaml.Node) (*site.Site, []string, error) {
	if name == "" || hasControl(name) {
		return nil, nil, fmt.Errorf("line %d: a site name must be printable and not empty", n.Line)
	}
	own, names, err := splitGroups(n)
	if err != nil {
		return nil, nil, err
	}
	if err := checkLayer(own); err != nil {
		return nil, names, err
	}
	var layers []*yaml.Node
	if defaults != nil {
		layers = append(layers, defaults)
	}
	for _, g := range names {
		gn, ok := groups[g]
		if !ok {
			return nil, names, fmt.Errorf("groups: no group %q (line %d)", g, n.Line)
		}
		layers = append(layers, &gn)
	}
	merged := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, l := range append(layers, own) {
		merged = merge(merged, l)
	}
	var s site.Site
	if err := merged.Decode(&s); err != nil {
		msg := oneLine(err)
		if at := locate(merged, reflect.TypeOf(s), ""); !strings.HasPrefix(msg, at) {
			msg = at + msg
		}
		return nil, names, errors.New(msg)
	}
	s.Name = name
	return &s, names, nil
}

// splitGroups takes the site's groups: list out of its mapping, which is
// otherwise a site file's.
func splitGroups(n *yaml.Node) (*yaml.Node, []string, error) {
	if n.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("line %d: want a mapping of site fields", n.Line)
	}
	own := &yaml.Node{Kind: yaml.MappingNode, Tag: n.Tag, Line: n.Line, Column: n.Column}
	var names []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Value != "groups" {
			own.Content = append(own.Content, k, v)
			continue
		}
		if err := v.Decode(&names); err != nil {
			return nil, nil, fmt.Errorf("groups (line %d): want a list of group names", v.Line)
		}
	}
	return own, names, nil
}
