package report

import (
	"encoding"
	"encoding/json"
	"fmt"
	"net/netip"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// Schema is a JSON Schema (draft 2020-12) as the JSON object it prints as.
type Schema = map[string]any

// SchemaDialect is the $schema of every schema ixpush publishes.
const SchemaDialect = "https://json-schema.org/draft/2020-12/schema"

// EnumPattern is the casing of every enumerated value in ixpush's JSON.
const EnumPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`

// The schema is derived from the Go types that are marshalled, so it cannot
// drift from them; a renamed field shows in the committed golden of
// `ixpush schema` and fails validation of every golden that has the old
// name (objects are closed: additionalProperties false).

// enumTypes are the string types whose values are a closed set in the JSON
// casing: the schema pins their casing, not the list, so that a new value
// is not a schema change.
var enumTypes = []reflect.Type{
	reflect.TypeFor[agent.Outcome](),
	reflect.TypeFor[journal.Step](),
	reflect.TypeFor[journal.Op](),
	reflect.TypeFor[journal.Action](),
	reflect.TypeFor[plan.Crypto](),
	reflect.TypeFor[plan.NATMode](),
	reflect.TypeFor[showparse.BGPState](), // marshals its JSONName
	reflect.TypeFor[showparse.IKEState](),
}

// typeSchema describes the types that marshal themselves (or as text): the
// reflection below cannot see what they print.
func (b *schemaBuilder) typeSchema(t reflect.Type) (Schema, bool) {
	switch t {
	case reflect.TypeFor[time.Time]():
		return Schema{"type": "string", "format": "date-time"}, true
	case reflect.TypeFor[time.Duration]():
		return Schema{"type": "integer"}, true
	case reflect.TypeFor[netip.Addr](), reflect.TypeFor[netip.Prefix](): // "" when unset
		return Schema{"type": "string"}, true
	case reflect.TypeFor[awsvpn.Secret](): // the mask unless revealed
		return Schema{"type": "string"}, true
	case reflect.TypeFor[health.Status]():
		var names []any
		for s := health.OK; s <= health.Unknown; s++ {
			names = append(names, s.String())
		}
		return Schema{"enum": names}, true
	case reflect.TypeFor[plan.Plan]():
		// The plan prints its fields, and the redacted text of the prior
		// running-config in place of the parsed one.
		s := b.object(t)
		s["properties"].(Schema)["prior"] = b.of(reflect.TypeFor[[]string]())
		s["required"] = append(s["required"].([]string), "prior")
		return s, true
	}
	return nil, false
}

// schemaBuilder reflects Go types into schemas; named structs go to defs
// once, by package and type name, and are referenced from then on.
type schemaBuilder struct {
	defs Schema
	err  error
}

func newSchemaBuilder() *schemaBuilder {
	return &schemaBuilder{defs: Schema{}}
}

func defName(t reflect.Type) string { return path.Base(t.PkgPath()) + "." + t.Name() }

func ref(name string) Schema { return Schema{"$ref": "#/$defs/" + name} }

// define adds t under name to defs (unless there) and returns a reference.
func (b *schemaBuilder) define(name string, t reflect.Type) Schema {
	if _, ok := b.defs[name]; !ok {
		b.defs[name] = Schema{} // reserved: a recursive type refers to itself
		b.defs[name] = b.inline(t)
	}
	return ref(name)
}

// of is the schema of a value of t where it appears in an object.
func (b *schemaBuilder) of(t reflect.Type) Schema {
	if t.Kind() == reflect.Struct && t.Name() != "" && t.PkgPath() != "time" && t.PkgPath() != "net/netip" {
		return b.define(defName(t), t)
	}
	return b.inline(t)
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

func (b *schemaBuilder) inline(t reflect.Type) Schema {
	if s, ok := b.typeSchema(t); ok {
		return s
	}
	for _, e := range enumTypes {
		if t == e {
			return Schema{"type": "string", "pattern": EnumPattern}
		}
	}
	if t.Kind() == reflect.Pointer {
		return Schema{"anyOf": []any{b.of(t.Elem()), Schema{"type": "null"}}}
	}
	switch {
	case t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler):
		b.fail(fmt.Errorf("%v marshals itself: describe it in typeSchema", t))
		return Schema{}
	case t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler):
		return Schema{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Struct:
		return b.object(t)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return Schema{"type": "string", "contentEncoding": "base64"}
		}
		// A nil slice marshals as null.
		return Schema{"type": []any{"array", "null"}, "items": b.of(t.Elem())}
	case reflect.Map:
		return Schema{"type": []any{"object", "null"}, "additionalProperties": b.of(t.Elem())}
	case reflect.String:
		return Schema{"type": "string"}
	case reflect.Bool:
		return Schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return Schema{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return Schema{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return Schema{"type": "number"}
	case reflect.Interface:
		return Schema{}
	}
	b.fail(fmt.Errorf("%v: no JSON schema for kind %v", t, t.Kind()))
	return Schema{}
}

func (b *schemaBuilder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// object is a closed object of t's JSON fields, following encoding/json:
// embedded structs without a tag lend their fields (those of an embedded
// pointer are optional, absent when it is nil), a shallower field hides a
// deeper one of the same name, omitempty and omitzero fields are optional.
func (b *schemaBuilder) object(t reflect.Type) Schema {
	props := Schema{}
	var required []string
	depthOf := map[string]int{}
	var walk func(t reflect.Type, depth int, optional bool)
	walk = func(t reflect.Type, depth int, optional bool) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				opt := optional
				if ft.Kind() == reflect.Pointer {
					ft, opt = ft.Elem(), true
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, depth+1, opt)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if d, seen := depthOf[name]; seen && d <= depth {
				continue
			}
			if _, seen := depthOf[name]; seen { // a deeper one: replaced
				required = slices.DeleteFunc(required, func(r string) bool { return r == name })
			}
			depthOf[name] = depth
			props[name] = b.of(ft)
			omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
			if !omit && !optional {
				required = append(required, name)
			}
		}
	}
	walk(t, 0, false)
	s := Schema{"type": "object", "properties": props, "additionalProperties": false}
	s["required"] = required
	if required == nil {
		s["required"] = []string{}
	}
	return s
}
