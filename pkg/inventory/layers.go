package inventory

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/ixpush/ixpush/pkg/site"
)

// checkLayer refuses what a strict site file would: a field site.Site does
// not have, named by its dotted path and line (yaml.v3 checks known fields
// only when decoding a whole document, and a layer is a node), and a site
// name, which in an inventory is the key under sites. Type errors are left
// to the decode, which also names the line.
func checkLayer(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a mapping of site fields", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" {
			return fmt.Errorf("name (line %d): a site is named by its key under sites", n.Content[i].Line)
		}
	}
	return checkFields(n, reflect.TypeOf(site.Site{}), "")
}

func checkFields(n *yaml.Node, t reflect.Type, prefix string) error {
	if n.Kind != yaml.MappingNode || t.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fieldByTag(t, k.Value)
		if !ok {
			return fmt.Errorf("%s%s (line %d): no such field", prefix, k.Value, k.Line)
		}
		if err := checkFields(v, f.Type, prefix+k.Value+"."); err != nil {
			return err
		}
	}
	return nil
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// merge lays top over base: mappings merge key by key (recursively), any
// other value of top replaces base's. Neither node is changed.
func merge(base, top *yaml.Node) *yaml.Node {
	if base == nil || base.Kind != yaml.MappingNode || top.Kind != yaml.MappingNode {
		return top
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: top.Tag, Line: top.Line, Column: top.Column}
	out.Content = append(out.Content, base.Content...)
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		j := indexKey(out, k.Value)
		if j < 0 {
			out.Content = append(out.Content, k, v)
			continue
		}
		out.Content[j+1] = merge(out.Content[j+1], v)
	}
	return out
}

func indexKey(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// oneLine keeps yaml.v3's multi-line errors to one line.
func oneLine(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n", "")
	return strings.Join(strings.Fields(msg), " ")
}

func hasControl(s string) bool { return strings.ContainsFunc(s, unicode.IsControl) }

func cmpString(a, b string) int { return strings.Compare(a, b) }

// locate names the field of a decode error: the dotted path of the first
// value that does not decode into its field's type, with ": " after it
// ("" when none is found, and the error is left to speak for itself).
func locate(n *yaml.Node, t reflect.Type, prefix string) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := fieldByTag(t, k.Value)
		if !ok {
			continue
		}
		if f.Type.Kind() == reflect.Struct && v.Kind == yaml.MappingNode {
			if p := locate(v, f.Type, prefix+k.Value+"."); p != "" {
				return p
			}
			continue
		}
		if v.Decode(reflect.New(f.Type).Interface()) != nil {
			return prefix + k.Value + ": "
		}
	}
	return ""
}
