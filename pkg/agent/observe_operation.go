package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
	"github.com/ixpush/ixpush/pkg/showparse"
)

// WithReadOnly keeps verify out of configuration mode altogether: it
// answers from what operation mode serves, for operators who forbid
// monitoring from ever taking the lock.
func WithReadOnly(on bool) Option { return func(o *options) { o.readOnly = on } }

// Why a verify answered from operation mode, for the report's note.
const (
	noteConfigHeld = "configuration mode is held by another session, so IKE, IPsec and BGP were read from operation mode only; retry later for the full check"
	noteModeLost   = "another session took configuration mode during the check, so the verdict rests on operation mode; retry later for the full check"
	noteReadOnly   = "read-only: configuration mode is never entered, so IKE and IPsec state are not read"
	noteNotAdmin   = "the login user is not an administrator and cannot enter configuration mode, so IKE and IPsec state are not read; log in as an administrator for the full check"
)

// ObserveOperation reads what operation mode serves on a device that is
// not in configuration mode: each tunnel interface, the routing table,
// and the BGP summary where the router allows it there. It types nothing
// the command-mode table calls config-only for sure, one show at a time
// (the pager is on: terminal length is config-only too), and a show the
// router refuses leaves that fact unknown. An error is the session
// failing, not a refusal.
func ObserveOperation(ctx context.Context, dev Device, exp health.Expectation) (health.OperationObservation, error) {
	// Not typed here: the IKE and IPsec shows (config-only for sure; the
	// client would refuse them) and the BGP table, whose learned routes
	// the routing table shows as installed.
	obs := health.OperationObservation{Interfaces: map[string]*showparse.Interface{},
		Unread: []string{dialect.ShowIKESA.Command, dialect.ShowIPsecSA.Command, dialect.ShowBGP.Command}}
	for _, t := range exp.Tunnels {
		if t.Interface == "" {
			obs.Unread = append(obs.Unread, dialect.ShowInterfaces.Command+" (the site names no tunnel interface)")
			continue
		}
		cmd := dialect.ShowInterface(t.Interface)
		out, refused, err := showOperation(ctx, dev, cmd)
		switch {
		case err != nil:
			return obs, err
		case refused != nil && quotes(refused, t.Interface):
			obs.Interfaces[t.Interface] = nil // "% Tunnel1.0 -- Invalid command.": no such interface
		case refused != nil:
			obs.Unread = append(obs.Unread, cmd)
		default:
			ifs, perr := showparse.ParseInterfaces(strings.NewReader(out))
			if i := ifs.Lookup(t.Interface); perr == nil && i != nil {
				obs.Interfaces[t.Interface] = i
			} else {
				obs.Unread = append(obs.Unread, cmd)
			}
		}
	}
	if out, refused, err := showOperation(ctx, dev, dialect.ShowRoute.Command); err != nil {
		return obs, err
	} else if rt, perr := showparse.ParseRouteTable(strings.NewReader(out)); refused == nil && perr == nil {
		obs.Routes = &rt
	} else {
		obs.Unread = append(obs.Unread, dialect.ShowRoute.Command)
	}
	if dialect.ShowBGPSummary.Mode().OperationModeWorth() {
		out, refused, err := showOperation(ctx, dev, dialect.ShowBGPSummary.Command)
		if err != nil {
			return obs, err
		}
		sum, perr := showparse.ParseBGPSummary(strings.NewReader(out))
		if refused == nil && (perr == nil || strings.TrimSpace(out) == "") {
			obs.Summary = &sum
		} else {
			obs.Unread = append(obs.Unread, dialect.ShowBGPSummary.Command)
		}
	}
	return obs, nil
}

// showOperation runs one show; a router refusal comes back as refused,
// not as the error.
func showOperation(ctx context.Context, dev Device, cmd string) (string, *ixcli.CommandError, error) {
	out, err := dev.Show(ctx, cmd)
	var ce *ixcli.CommandError
	if errors.As(err, &ce) {
		return "", ce, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", cmd, err)
	}
	return out, nil, nil
}

// quotes reports whether the refusal names word, as the IX names the word
// it does not know ("% Tunnel7.0 -- Invalid command.").
func quotes(ce *ixcli.CommandError, word string) bool {
	return ce.Kind == dialect.ErrInvalid && strings.Contains(strings.ToLower(ce.Line), strings.ToLower(word)+" --")
}

// verifyOperation is verify's answer from operation mode.
func verifyOperation(ctx context.Context, dev Device, exp health.Expectation, note string) health.Report {
	obs, err := ObserveOperation(ctx, dev, exp)
	if err != nil {
		return health.UnknownReport(exp, fmt.Errorf("reading operation-mode state: %w", err))
	}
	r := health.JudgeOperation(exp, obs)
	r.Note = note
	return r
}
