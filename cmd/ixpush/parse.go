package main

import (
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// parseKinds maps each KIND of `ixpush parse` to its parser. revealSecrets
// only matters for running-config, the one output that carries keys.
var parseKinds = map[string]func(r io.Reader, revealSecrets bool) (any, error){
	"ike-sa":      parseWith(showparse.ParseIKESAs),
	"ipsec-sa":    parseWith(showparse.ParseIPsecSAs),
	"bgp":         parseWith(showparse.ParseBGPTable),
	"bgp-summary": parseWith(showparse.ParseBGPSummary),
	"route":       parseWith(showparse.ParseRouteTable),
	"version":     parseWith(showparse.ParseVersion),
	"running-config": func(r io.Reader, reveal bool) (any, error) {
		c, err := showparse.ParseRunningConfig(r)
		if err != nil || reveal {
			return c, err
		}
		return c.Redacted(), nil
	},
}

func parseWith[T any](f func(io.Reader) (T, error)) func(io.Reader, bool) (any, error) {
	return func(r io.Reader, _ bool) (any, error) { return f(r) }
}

func parseKindNames() []string {
	names := make([]string, 0, len(parseKinds))
	for k := range parseKinds {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func newParseCmd(a *app) *cobra.Command {
	var reveal bool
	cmd := &cobra.Command{
		Use:   "parse KIND [FILE|-]",
		Short: "Parse saved IX show output into JSON",
		Long: `parse reads the saved output of one IX show command from FILE, or from stdin
when FILE is - or absent, and prints it as indented JSON.

KIND is one of: ` + strings.Join(parseKindNames(), ", ") + `.
Indented router output and flattened copies are both accepted, as are \r\n
line ends, an echoed command line and trailing prompts. Pre-shared keys in
running-config are shown as ******** unless --reveal-secrets is given.`,
		Example: "  ixpush parse ike-sa show-ike-sa.txt\n  ixpush parse running-config --reveal-secrets backup.txt\n  ssh r10 'show ip bgp' | ixpush parse bgp -",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			parse, ok := parseKinds[args[0]]
			if !ok {
				return usagef("unknown kind %q (want one of %s)", args[0], strings.Join(parseKindNames(), ", "))
			}
			in, name := a.stdin, "stdin"
			if len(args) == 2 && args[1] != "-" {
				f, err := os.Open(args[1])
				if err != nil {
					return asUsage(err)
				}
				defer f.Close()
				in, name = f, args[1]
			}
			v, err := parse(in, reveal)
			if err != nil {
				return usagef("%s: %w", name, err)
			}
			return printJSON(a, v)
		},
	}
	cmd.Flags().BoolVar(&reveal, "reveal-secrets", false, "print pre-shared keys of running-config in clear")
	return cmd
}
