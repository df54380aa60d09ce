package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/sirupsen/logrus"

	"github.com/ixpush/ixpush/pkg/agent"
	"github.com/ixpush/ixpush/pkg/awsvpn"
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

// formatSettingError names the setting when an explicit AWS format does not
// fit the file (awsvpn says what the file looks like, not which setting of
// ixpush asked for the other format).
func formatSettingError(err error) error {
	var me *awsvpn.FormatMismatchError
	if !errors.As(err, &me) {
		return err
	}
	return fmt.Errorf("aws.format (--aws-format) is %s, but %w; set it to %s or auto", me.Want, err, me.Looks)
}

// debugAuthDetail logs, at debug level, the SSH library's words when the
// router refuses the credentials: the error says who, where and with what,
// which is what a user can check; the methods attempted are for debugging.
func debugAuthDetail(connect agent.Connector, log logrus.FieldLogger) agent.Connector {
	return func(ctx context.Context) (agent.Device, error) {
		d, err := connect(ctx)
		if ae := (*session.AuthError)(nil); errors.As(err, &ae) {
			log.WithField("ssh", ae.Detail).Debug(ae.Error())
		}
		return d, err
	}
}

// fromFlag reports whether a flag set the site field.
func (f *siteFlags) fromFlag(field string) bool {
	for _, o := range f.overrides {
		if o.field == field && len(o.vals) > 0 {
			return true
		}
	}
	return false
}

// forceHint offers --force-config for a held configuration mode, only on
// the commands that change the router and so have the flag (offer): a
// read-only command (verify, status, the exporter) never advises evicting
// the person who holds it.
func forceHint(offer bool, err error) string {
	if !offer || !errors.Is(err, ixcli.ErrConfigLocked) {
		return ""
	}
	return ", or take it over with --force-config (" + dialect.CmdForceConfig + ") if you are sure nobody is editing"
}
