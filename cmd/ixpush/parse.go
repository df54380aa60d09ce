package main

import (
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/showparse"
)

// parseKindNames are the KINDs of `ixpush parse`: the registry's, sorted.
func parseKindNames() []string {
	var names []string
	for _, e := range showparse.Registry() {
		names = append(names, e.Describe().Kind)
	}
	return names
}

// parseShow parses in as show's output. Running-config, the one output
// that carries keys, is redacted unless reveal.
func parseShow(show showparse.Entry, in io.Reader, reveal bool) (any, error) {
	v, err := show.ParseAny(in)
	if c, ok := v.(showparse.RunningConfig); ok && err == nil && !reveal {
		return c.Redacted(), nil
	}
	return v, err
}

func newParseCmd(a *app) *cobra.Command {
	var reveal bool
	cmd := &cobra.Command{
		Use:   "parse KIND [FILE|-]",
		Short: "Parse saved IX show output into JSON",
		Long: `parse reads the saved output of one IX show command from FILE, or from stdin
when FILE is - or absent, and prints it as JSON: one envelope line (the
parsed output is its result; ixpush schema parse describes it).

KIND is one of: ` + strings.Join(parseKindNames(), ", ") + `.
Indented router output and flattened copies are both accepted, as are \r\n
line ends, an echoed command line and trailing prompts. Pre-shared keys in
running-config are shown as ******** unless --reveal-secrets is given.

Exit codes: 0 parsed; 2 bad input or usage (an unknown KIND, an unreadable
file, output that is not KIND's: one line naming the line), nothing on
stdout.`,
		Example: "  ixpush parse ike-sa show-ike-sa.txt\n  ixpush parse running-config --reveal-secrets backup.txt\n  ssh r10 'show ip bgp' | ixpush parse bgp -",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			started := time.Now()
			show, ok := showparse.Lookup(args[0])
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
			v, err := parseShow(show, in, reveal)
			if err != nil {
				return usagef("%s: %w", name, err)
			}
			return printEnvelope(a, "parse", jsonSite{}, started, "parsed", v, nil)
		},
	}
	cmd.Flags().BoolVar(&reveal, "reveal-secrets", false, "print pre-shared keys of running-config in clear")
	return cmd
}
