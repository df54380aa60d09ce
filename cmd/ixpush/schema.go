package main

import (
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/ixsim"
	"github.com/ixpush/ixpush/pkg/journal"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// jsonCommands lists what each command's envelope carries as its result:
// the one place that ties a command to the Go type it marshals.
func jsonCommands() []report.CommandResults {
	var kinds []report.NamedType
	for _, e := range showparse.Registry() {
		// ParseAny returns T's zero value as its any even for empty input:
		// its dynamic type is the result type, whatever the error.
		v, _ := e.ParseAny(strings.NewReader(""))
		kinds = append(kinds, report.NamedType{Name: "parse." + e.Describe().Kind, Type: reflect.TypeOf(v)})
	}
	one := func(t reflect.Type) []report.NamedType { return []report.NamedType{{Type: t}} }
	return []report.CommandResults{
		{Command: "apply", Results: one(reflect.TypeFor[agent.ApplyResult]())},
		{Command: "confirm", Results: one(reflect.TypeFor[agent.ConfirmResult]())},
		{Command: "guard", Results: []report.NamedType{{Type: reflect.TypeFor[agent.GuardResult]()}, {Type: reflect.TypeFor[guardSummary]()}}},
		{Command: "parse", Results: kinds},
		{Command: "plan", Results: one(reflect.TypeFor[plan.Plan]())},
		{Command: "rollback", Results: one(reflect.TypeFor[agent.RestoreResult]())},
		{Command: "sim", Results: one(reflect.TypeFor[ixsim.Endpoint]())},
		{Command: "status", Results: one(reflect.TypeFor[journal.Entry]())},
		{Command: "verify", Results: []report.NamedType{{Type: reflect.TypeFor[verifyJSON]()}, {Type: reflect.TypeFor[summaryJSON]()}}},
		{Command: "version", Results: one(reflect.TypeFor[versionInfo]())},
	}
}

func jsonCommandNames() []string {
	var names []string
	for _, c := range jsonCommands() {
		names = append(names, c.Command)
	}
	return names
}

func newSchemaCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [COMMAND]",
		Short: "Print the JSON Schema of what --json prints",
		Long: `schema prints the JSON Schema (draft 2020-12) of the JSON Lines that --json
prints: of COMMAND's, or with no COMMAND of every command's (an envelope
told apart by its "command" field). COMMAND is one of: ` + strings.Join(jsonCommandNames(), ", ") + `.

Every line is an envelope: schema_version, kind, command, site, host,
started_at, duration_s, outcome, error {message, next} on a failure, and
the command's result. Objects are closed (no other fields), so a renamed
field fails validation. Enumerated values are lower case with hyphens.
schema_version changes only when a field is removed or changes meaning.

Exit codes: 0 printed; 2 usage (an unknown COMMAND).`,
		Example:   "  ixpush schema apply > apply.schema.json\n  ixpush schema > ixpush.schema.json",
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: jsonCommandNames(),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := schemaFor(firstArg(args))
			if err != nil {
				return err
			}
			return printJSON(a, s)
		},
	}
}

// schemaFor is the schema of command's JSON, or of every command's for "".
func schemaFor(command string) (report.Schema, error) {
	cs := jsonCommands()
	if command == "" {
		return report.FullSchema(cs)
	}
	i := slices.IndexFunc(cs, func(c report.CommandResults) bool { return c.Command == command })
	if i < 0 {
		return nil, usagef("schema %q: no such command with --json (want one of %s)", command, strings.Join(jsonCommandNames(), ", "))
	}
	return report.CommandSchema(cs[i])
}
