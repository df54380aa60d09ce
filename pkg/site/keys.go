package site

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// checkKeys walks a decoded document against the Site struct before it is
// decoded into one, so that a mistake is reported the way the user wrote
// it: by its dotted key (router.passwrd_env), with the nearest valid key
// suggested, and never with a Go type name as yaml.v3's own errors give.
// It also lets a list field be written as one scalar (lan: 192.168.2.0/24),
// rewriting the node as a one-entry sequence.
func checkKeys(n *yaml.Node, t reflect.Type, path string) error {
	// An alias is checked where its anchor is; following it could walk
	// an exponential tree (or a cycle).
	if n.Kind == yaml.AliasNode || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[yaml.Unmarshaler]()) {
		return nil // the type names its field itself (Port)
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return fmt.Errorf("line %d: %s: want keys (%s), not %s", n.Line, keyName(path), strings.Join(yamlKeys(t), ", "), nodeWord(n))
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := fields[k.Value]
			if !ok {
				msg := fmt.Sprintf("line %d: %s: unknown key", k.Line, join(path, k.Value))
				if near := nearest(k.Value, yamlKeys(t)); near != "" {
					msg += "; did you mean " + near + "?"
				} else {
					msg += " (valid: " + strings.Join(yamlKeys(t), ", ") + ")"
				}
				return fmt.Errorf("%s", msg)
			}
			if err := checkKeys(v, f.Type, join(path, k.Value)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		switch n.Kind {
		case yaml.ScalarNode:
			// One value where a list is wanted: a list of that value.
			item := *n
			*n = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line, Column: n.Column, Content: []*yaml.Node{&item}}
		case yaml.SequenceNode:
		default:
			return fmt.Errorf("line %d: %s: want a list of values or one value, not %s", n.Line, keyName(path), nodeWord(n))
		}
		for i, c := range n.Content {
			if err := checkKeys(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	default:
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: %s: want one value, not %s", n.Line, keyName(path), nodeWord(n))
		}
		if t.Kind() == reflect.Bool {
			var b bool
			if err := n.Decode(&b); err != nil {
				return fmt.Errorf("line %d: %s: %q: want true or false", n.Line, keyName(path), n.Value)
			}
		}
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func keyName(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}

// nodeWord says what a node is, in the words of someone writing YAML.
func nodeWord(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "keys"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

// yamlFields maps the yaml keys of struct t to its fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	m := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			m[name] = f
		}
	}
	return m
}

// yamlKeys are the yaml keys of struct t, in field order.
func yamlKeys(t reflect.Type) []string {
	var ks []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			ks = append(ks, name)
		}
	}
	return ks
}

// nearest is the candidate closest to key by edit distance when it is close
// enough to be the likely meaning (at most two edits, or a third of the
// key), else one the key is the start of (pass for password_env); "" when
// none is.
func nearest(key string, candidates []string) string {
	key = strings.ToLower(key)
	best, bestD := "", max(2, len(key)/3)+1
	for _, c := range candidates {
		if d := editDistance(key, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" && len(key) >= 3 {
		for _, c := range candidates {
			if strings.HasPrefix(c, key) {
				return c
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
