package main

import (
	"runtime/debug"

	"github.com/ixpush/ixpush/pkg/metrics"
)

// buildInfo labels ixpush_build_info from what the toolchain stamped in.
func buildInfo() metrics.BuildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return metrics.BuildInfo{Version: "(unknown)"}
	}
	b := metrics.BuildInfo{Version: bi.Main.Version, GoVersion: bi.GoVersion}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			b.Revision = s.Value
		}
	}
	return b
}
