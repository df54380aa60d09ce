package report

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type schemaInner struct {
	A string `json:"a"`
	B int    `json:"b,omitempty"`
}

type schemaExtra struct {
	X     bool   `json:"x"`
	Shade string `json:"shade"`
}

type schemaOuter struct {
	schemaInner
	*schemaExtra
	Shade  int            `json:"shade"` // hides schemaExtra's
	When   time.Time      `json:"when"`
	Took   time.Duration  `json:"took_ns"`
	List   []uint8        `json:"raw,omitempty"`
	Names  []string       `json:"names"`
	Next   *schemaInner   `json:"next,omitempty"`
	ByName map[string]int `json:"by_name,omitzero"`
	Hidden string         `json:"-"`
	//lint:ignore U1000 an unexported field the generator must skip
	hidden string
}

type selfMarshaler struct{}

func (selfMarshaler) MarshalJSON() ([]byte, error) { return []byte(`"?"`), nil }

func TestObjectSchema(t *testing.T) {
	b := newSchemaBuilder()
	got := b.object(reflect.TypeFor[schemaOuter]())
	if b.err != nil {
		t.Fatal(b.err)
	}
	inner := ref("report.schemaInner")
	want := Schema{
		"type": "object", "additionalProperties": false,
		"properties": Schema{
			"a":       Schema{"type": "string"},
			"b":       Schema{"type": "integer"},
			"x":       Schema{"type": "boolean"},
			"shade":   Schema{"type": "integer"},
			"when":    Schema{"type": "string", "format": "date-time"},
			"took_ns": Schema{"type": "integer"},
			"raw":     Schema{"type": "string", "contentEncoding": "base64"},
			"names":   Schema{"type": []any{"array", "null"}, "items": Schema{"type": "string"}},
			"next":    Schema{"anyOf": []any{inner, Schema{"type": "null"}}},
			"by_name": Schema{"type": []any{"object", "null"}, "additionalProperties": Schema{"type": "integer"}},
		},
		// b is omitempty; x is an embedded pointer's (absent when nil);
		// shade is the outer, required one.
		"required": []string{"a", "shade", "when", "took_ns", "names"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schema mismatch (-want +got):\n%s", diff)
	}
	if _, ok := b.defs["report.schemaInner"]; !ok {
		t.Errorf("schemaInner not in $defs: %v", b.defs)
	}
}

// TestSchemaNeedsSelfMarshalers: a type that marshals itself and has no
// description is an error, not a wrong schema.
func TestSchemaNeedsSelfMarshalers(t *testing.T) {
	_, err := CommandSchema(CommandResults{Command: "x", Results: []NamedType{{Type: reflect.TypeFor[struct {
		V selfMarshaler `json:"v"`
	}]()}}})
	if err == nil || !strings.Contains(err.Error(), "marshals itself") {
		t.Fatalf("err = %v, want one about a type that marshals itself", err)
	}
}

// TestEnvelopeSchema: the envelope's own fields are pinned, and a command
// without a result has no result property.
func TestEnvelopeSchema(t *testing.T) {
	s, err := CommandSchema(CommandResults{Command: "nothing"})
	if err != nil {
		t.Fatal(err)
	}
	props := s["properties"].(Schema)
	if _, ok := props["result"]; ok {
		t.Errorf("result described for a command without one")
	}
	b, err := json.Marshal(props["command"])
	if err != nil || string(b) != `{"const":"nothing"}` {
		t.Errorf("command = %s, %v", b, err)
	}
	if s["$schema"] != SchemaDialect || s["$id"] != SchemaBase+"nothing.json" {
		t.Errorf("$schema %v, $id %v", s["$schema"], s["$id"])
	}
	if _, err := CommandSchema(CommandResults{}); err == nil {
		t.Errorf("a schema without a command name")
	}
}
