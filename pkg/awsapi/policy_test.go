package awsapi_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ixpush/ixpush/pkg/awsapi"
)

// TestREADMEPolicy: the README's IAM policy grants exactly the actions
// ixpush calls, so a new call cannot ship without its permission.
func TestREADMEPolicy(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "The IAM policy ixpush needs")
	_, block, ok2 := strings.Cut(after, "```json\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("the README has no IAM policy block")
	}
	var policy struct {
		Statement []struct {
			Effect string
			Action json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(block), &policy); err != nil {
		t.Fatalf("the README's policy is not JSON: %v", err)
	}
	var got []string
	for _, st := range policy.Statement {
		var many []string
		if err := json.Unmarshal(st.Action, &many); err != nil {
			var one string
			if err := json.Unmarshal(st.Action, &one); err != nil {
				t.Fatalf("Action %s", st.Action)
			}
			many = []string{one}
		}
		got = append(got, many...)
	}
	want := []string{awsapi.ActionDescribe, awsapi.ActionReplacement, awsapi.ActionDeviceTypes, awsapi.ActionSample, awsapi.ActionSecret}
	slices.Sort(got)
	slices.Sort(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("README policy actions (-called +granted)\n%s", d)
	}
}
