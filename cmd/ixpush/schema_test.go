package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ixpush/ixpush/internal/golden"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// schemaURL is where the tests load `ixpush schema`'s output.
const schemaURL = "ixpush.json"

// compileSchema compiles `ixpush schema` at loc (a $defs pointer of it,
// or "" for the whole).
func compileSchema(t fataler, loc string) *jsonschema.Schema {
	t.Helper()
	full, err := schemaFor("")
	if err != nil {
		t.Fatal(err)
	}
	// Through JSON, as a user gets it: the validator takes decoded JSON.
	b, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(schemaURL + loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateJSON(s *jsonschema.Schema, data []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// TestSchemaGolden pins `ixpush schema [COMMAND]`: a renamed or removed
// field shows in the diff of testdata/schema (-update rewrites it).
func TestSchemaGolden(t *testing.T) {
	for _, name := range append([]string{""}, jsonCommandNames()...) {
		t.Run("schema "+name, func(t *testing.T) {
			args := []string{"schema"}
			file := "ixpush.json"
			if name != "" {
				args, file = append(args, name), name+".json"
			}
			var out, errb bytes.Buffer
			if code := run(context.Background(), args, strings.NewReader(""), &out, &errb); code != exitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			golden.Check(t, filepath.Join("testdata", "schema", file), out.Bytes())
			// Each is a schema the validator compiles.
			c := jsonschema.NewCompiler()
			doc, err := jsonschema.UnmarshalJSON(&out)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.AddResource(file, doc); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Compile(file); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestGoldensMatchSchema validates every JSON golden in the repository
// that is a command's result against its definition in `ixpush schema`.
func TestGoldensMatchSchema(t *testing.T) {
	type golden struct{ glob, def string }
	goldens := []golden{
		{"../../fixtures/plan/*.json", "plan.Plan"},
		{"../../pkg/journal/testdata/*.golden.json", "journal.Entry"},
	}
	for _, e := range showparse.Registry() {
		in := e.Describe()
		goldens = append(goldens, golden{"../../fixtures/ix/" + in.Fixtures + "/*.golden.json", "parse." + in.Kind})
	}
	for _, g := range goldens {
		files, err := filepath.Glob(g.glob)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Errorf("%s: no goldens", g.glob)
		}
		s := compileSchema(t, "#/$defs/"+g.def)
		for _, f := range files {
			t.Run(strings.TrimPrefix(f, "../../"), func(t *testing.T) {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := validateJSON(s, data); err != nil {
					t.Errorf("%s does not match $defs/%s: %v", f, g.def, err)
				}
			})
		}
	}
}

// TestSchemaRefuses shows the schema catches what it is for: a renamed
// field, a state in the router's casing, an envelope without its outcome.
func TestSchemaRefuses(t *testing.T) {
	ike, err := os.ReadFile("../../fixtures/ix/show-ike-sa/seed.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	bgp, err := os.ReadFile("../../fixtures/ix/show-ip-bgp-summary/idle-active.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	envelope := func(result string) string {
		return `{"schema_version":1,"kind":"site","command":"parse","started_at":"2026-12-03T14:00:00Z","duration_s":0.1,"outcome":"parsed","result":` + result + `}`
	}
	tests := []struct {
		name, loc, doc string
	}{
		{"renamed field", "#/$defs/parse.ike-sa", strings.Replace(string(ike), `"remote_address"`, `"remote_addr"`, 1)},
		{"missing field", "#/$defs/parse.ike-sa", strings.Replace(string(ike), `"configured": 2,`, ``, 1)},
		{"BGP state in capitals", "#/$defs/parse.bgp-summary", strings.Replace(string(bgp), `"idle"`, `"IDLE"`, 1)},
		{"no outcome", "", strings.Replace(envelope(string(bgp)), `"outcome":"parsed",`, ``, 1)},
		{"outcome in capitals", "", strings.Replace(envelope(string(bgp)), `"parsed"`, `"Parsed"`, 1)},
		{"unknown command", "", strings.Replace(envelope(string(bgp)), `"parse"`, `"frobnicate"`, 1)},
		{"another schema version", "", strings.Replace(envelope(string(bgp)), `"schema_version":1`, `"schema_version":2`, 1)},
		{"result of another command", "", envelope(`{"version":"v1.0.0","go_version":"go1.26"}`)},
		{"error without message", "", strings.Replace(envelope(string(bgp)), `"outcome":"parsed"`, `"outcome":"failed","error":{"next":"ixpush parse --help"}`, 1)},
	}
	// The unchanged envelope passes: each case fails for its change alone.
	if err := validateJSON(compileSchema(t, ""), []byte(envelope(string(bgp)))); err != nil {
		t.Fatalf("the unchanged envelope: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := validateJSON(compileSchema(t, tt.loc), []byte(tt.doc)); err == nil {
				t.Errorf("accepted:\n%s", tt.doc)
			}
		})
	}
}

// cmdSchemaCheck is the testscript command `schema-check [-result FILE]
// FILE`: every JSON value in FILE (stdout: the last command's) must be an
// envelope `ixpush schema` accepts; -result writes the result of the one
// envelope, indented as the goldens are, to compare with cmp.
func cmdSchemaCheck(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("schema-check", flag.ContinueOnError)
	result := fs.String("result", "", "write the envelope's result to this file")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		ts.Fatalf("usage: schema-check [-result FILE] FILE")
	}
	s := compileSchema(tsTB{ts}, "")
	dec := json.NewDecoder(strings.NewReader(ts.ReadFile(fs.Arg(0))))
	var results []json.RawMessage
	var bad error
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			if n == 1 {
				bad = fmt.Errorf("%s: no JSON", fs.Arg(0))
			}
			break
		} else if err != nil {
			ts.Fatalf("%s: value %d: %v", fs.Arg(0), n, err)
		}
		if err := validateJSON(s, raw); err != nil && bad == nil {
			bad = fmt.Errorf("%s: value %d: %v", fs.Arg(0), n, err)
		}
		var env struct{ Result json.RawMessage }
		ts.Check(json.Unmarshal(raw, &env))
		results = append(results, env.Result)
	}
	switch {
	case neg && bad == nil:
		ts.Fatalf("%s matches the schema", fs.Arg(0))
	case neg:
		return
	case bad != nil:
		ts.Fatalf("%v", bad)
	}
	if *result != "" {
		if len(results) != 1 {
			ts.Fatalf("-result: %d envelopes, want 1", len(results))
		}
		var b bytes.Buffer
		ts.Check(json.Indent(&b, results[0], "", "  "))
		b.WriteByte('\n')
		ts.Check(os.WriteFile(ts.MkAbs(*result), b.Bytes(), 0o644))
	}
}

// fataler is what compileSchema needs of a test or a testscript.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

// tsTB lets compileSchema report through a testscript.
type tsTB struct{ ts *testscript.TestScript }

func (t tsTB) Helper()           {}
func (t tsTB) Fatal(args ...any) { t.ts.Fatalf("%s", fmt.Sprint(args...)) }
