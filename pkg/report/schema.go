package report

import (
	"errors"
	"reflect"
)

// SchemaBase is where the schemas' $id live; the path names the schema
// version, as SchemaVersion does in every envelope.
const SchemaBase = "https://github.com/ixpush/ixpush/schema/v1/"

// CommandResults names what one command prints in its envelope's result.
type CommandResults struct {
	Command string
	// Results are the Go types the result can hold, by name ("" for a
	// command whose result is one type: its own name is used). Several
	// (parse: one per KIND) make the result any one of them. None: the
	// envelope carries no result.
	Results []NamedType
}

// NamedType is a result type under the name the schema gives it.
type NamedType struct {
	Name string
	Type reflect.Type
}

// CommandSchema is the schema of one command's JSON: every line it prints
// is an envelope whose result is one of the command's results.
func CommandSchema(c CommandResults) (Schema, error) {
	b := newSchemaBuilder()
	env := b.envelope(c)
	if b.err != nil {
		return nil, b.err
	}
	env["$schema"] = SchemaDialect
	env["$id"] = SchemaBase + c.Command + ".json"
	env["title"] = "ixpush " + c.Command + " --json: one envelope per line"
	env["$defs"] = b.defs
	return env, nil
}

// FullSchema is the schema of every command's JSON: an envelope of any of
// them, told apart by its command field. Each command's envelope is in
// $defs as "command.NAME".
func FullSchema(cs []CommandResults) (Schema, error) {
	b := newSchemaBuilder()
	var oneOf []any
	for _, c := range cs {
		name := "command." + c.Command
		b.defs[name] = b.envelope(c)
		oneOf = append(oneOf, ref(name))
	}
	if b.err != nil {
		return nil, b.err
	}
	return Schema{
		"$schema": SchemaDialect,
		"$id":     SchemaBase + "ixpush.json",
		"title":   "ixpush --json: one envelope per line, of any command",
		"oneOf":   oneOf,
		"$defs":   b.defs,
	}, nil
}

// envelope is the Envelope's schema with the command's own values pinned.
func (b *schemaBuilder) envelope(c CommandResults) Schema {
	env := b.object(reflect.TypeFor[Envelope]())
	props := env["properties"].(Schema)
	props["schema_version"] = Schema{"const": SchemaVersion}
	props["kind"] = Schema{"enum": []any{KindSite, KindSummary}}
	props["command"] = Schema{"const": c.Command}
	props["outcome"] = Schema{"type": "string", "pattern": EnumPattern}
	props["duration_s"] = Schema{"type": "number", "minimum": 0}
	props["error"] = b.of(reflect.TypeFor[Failure]())
	var results []any
	for _, r := range c.Results {
		name := r.Name
		if name == "" {
			name = defName(r.Type)
		}
		results = append(results, b.define(name, r.Type))
	}
	switch len(results) {
	case 0:
		delete(props, "result")
	case 1:
		props["result"] = results[0]
	default:
		props["result"] = Schema{"anyOf": results}
	}
	if c.Command == "" {
		b.fail(errors.New("a command schema needs the command's name"))
	}
	return env
}
