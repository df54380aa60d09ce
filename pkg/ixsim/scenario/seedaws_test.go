package scenario

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The product's copy and the fixture tree's copy must not drift: the demo
// would provision something the tests never read.
func TestSeedAWSCiscoIsTheFixture(t *testing.T) {
	want, err := os.ReadFile("../../../fixtures/aws/seed-cisco.txt")
	if err != nil {
		t.Fatal(err)
	}
	if SeedAWSCisco != string(want) {
		t.Errorf("builtin/seed-aws-cisco.txt differs from fixtures/aws/seed-cisco.txt (-fixture +builtin):\n%s", cmp.Diff(string(want), SeedAWSCisco))
	}
}

// The sample is the seed scenario's connection: every AWS endpoint, key and
// the NAT's public address (the customer gateway) appear in it, so the demo's
// tunnels can come up.
func TestSeedAWSCiscoDescribesSeed(t *testing.T) {
	sc, err := Builtin("seed")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"the NAT's public address": sc.Router.NAT.PublicIP}
	for i, tun := range sc.AWS.Tunnels {
		want[fmt.Sprintf("tunnel %d's AWS endpoint", i+1)] = tun.OutsideIP
		want[fmt.Sprintf("tunnel %d's pre-shared key", i+1)] = tun.PSK
	}
	for what, s := range want {
		if !strings.Contains(SeedAWSCisco, s) {
			t.Errorf("the seed's AWS sample does not hold %s", what) // never the key itself
		}
	}
}
