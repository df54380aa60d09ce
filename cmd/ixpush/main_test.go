package main

import (
	"context"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ixpush": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the end-to-end CLI scripts in testdata/script. Each script
// gets the shared fixtures directory as $FIXTURES and the shared AWS examples
// (when present beside the checkout) as $AWSEXAMPLES.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("FIXTURES", absPath(t, "../../fixtures"))
			return nil
		},
		RequireExplicitExec: true,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"sim-start": cmdSimStart, "silent-listen": cmdSilentListen,
			"schema-check": cmdSchemaCheck, "sim-hold": cmdSimHold, "sim-aws-down": cmdSimAWSDown, "sim-fleet": cmdSimFleet,
			"sim-type": cmdSimType, "sim-running": cmdSimRunning},
	})
}

func absPath(t *testing.T, rel string) string {
	t.Helper()
	p, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return p + "/" + rel
}
