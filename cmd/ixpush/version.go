package main

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"
)

func newVersionCmd(a *app) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the ixpush version",
		Long: `version prints the version the Go toolchain stamped into the binary (the
module version for go install, else the VCS revision); ixpush --version
prints the same line. --json prints it in a JSON envelope.

Exit codes: 0 printed; 2 usage.`,
		Example: "  ixpush version\n  ixpush --version\n  ixpush version --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := readVersion()
			if jsonOut {
				return printEnvelope(a, "version", jsonSite{}, time.Now(), "ok", v, nil)
			}
			_, err := fmt.Fprintln(a.stdout, "ixpush", v)
			return err
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the version as JSON")
	return cmd
}

// versionInfo is what the toolchain stamped into the binary.
type versionInfo struct {
	Version   string `json:"version"` // the module version, "(devel)" for a local build
	Revision  string `json:"revision,omitempty"`
	Modified  bool   `json:"modified,omitempty"` // built from a tree with uncommitted changes
	GoVersion string `json:"go_version"`
}

// readVersion reads the version the Go toolchain stamped into the binary.
func readVersion() versionInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return versionInfo{Version: "(unknown)"}
	}
	v := versionInfo{Version: bi.Main.Version, GoVersion: bi.GoVersion}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the version line: the module version, else the VCS revision.
func (v versionInfo) String() string {
	if v.GoVersion == "" {
		return v.Version
	}
	if v.Revision != "" {
		rev, dirty := v.Revision, ""
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if v.Modified {
			dirty = "+dirty"
		}
		return fmt.Sprintf("%s (%s%s, %s)", v.Version, rev, dirty, v.GoVersion)
	}
	return fmt.Sprintf("%s (%s)", v.Version, v.GoVersion)
}
