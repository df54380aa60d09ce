package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/session"
)

// hintText words the way past a session error as ixpush's flag for it
// (session states the hint as data and names no flag), as a suffix for the
// final error line; "" when the error carries no hint.
func hintText(err error) string {
	switch session.HintOf(err) {
	case session.HintAcceptNewHostKey:
		return ", then rerun with --accept-new-host-key to trust it"
	case session.HintConnectTimeout:
		return "; if the router is only slow to answer, allow it longer with --connect-timeout (or router.connect_timeout in the site file)"
	case session.HintCommandTimeout:
		return "; if the router is only slow to answer, allow it longer with --command-timeout (or router.command_timeout in the site file)"
	case session.HintLegacyAlgorithms:
		return "; if ixpush supports one the router offers, add it with --legacy-algorithm KIND:NAME (or router.legacy_algorithms in the site file)"
	}
	return ""
}

// forceHint offers --force-config for a held configuration mode, only on
// the commands that change the router and so have the flag: a read-only
// command (verify, status, the exporter) never advises evicting the person
// who holds it.
func forceHint(cmd *cobra.Command, err error) string {
	if cmd == nil || cmd.Flags().Lookup("force-config") == nil || !errors.Is(err, ixcli.ErrConfigLocked) {
		return ""
	}
	return ", or take it over with --force-config (" + dialect.CmdForceConfig + ") if you are sure nobody is editing"
}
