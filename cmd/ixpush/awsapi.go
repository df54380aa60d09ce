package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/ixpush/ixpush/pkg/awsapi"
	"github.com/ixpush/ixpush/pkg/awsvpn"
	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/plan"
	"github.com/ixpush/ixpush/pkg/report"
	"github.com/ixpush/ixpush/pkg/site"
)

// awsTestBounds shorten the client's retries and fetch bound in tests of
// what a throttled or stalled API makes of a run; empty otherwise.
var awsTestBounds []awsapi.Option

// registerAWSAPI adds the flags of the AWS API source to the awsGroup.
func (f *siteFlags) registerAWSAPI(fl *pflag.FlagSet) {
	f.add(fl, "vpn-connection-id", "aws.vpn_connection_id", "", "read the VPN connection from the AWS API by its ID (vpn-…) instead of --aws")
	f.add(fl, "region", "aws.region", "", "AWS region of the VPN connection (default: AWS_REGION or the profile's)")
	f.add(fl, "profile", "aws.profile", "", "AWS shared-config profile, SSO profiles included (default: AWS_PROFILE or the default chain)")
	fl.StringVar(&f.awsDump, "aws-dump", "", "write what the AWS API returned to this file, and AWS's Cisco sample to FILE.cisco.txt (keys masked unless --reveal-secrets); replay it with --aws FILE")
}

// sampleSuffix names the Cisco sample --aws-dump writes beside the dump.
const sampleSuffix = ".cisco.txt"

// readConnection reads the site's VPN connection: from the AWS API with
// aws.vpn_connection_id, from an --aws-dump file, or from a downloaded
// file. With the API or a dump the crypto profile is chosen from what AWS
// accepts (or the site's checked against it), and opts gains it.
func (f *siteFlags) readConnection(ctx context.Context, a *app, s *site.Site, format awsvpn.Format, opts []plan.Option) (awsvpn.Connection, *awsapi.Source, []plan.Option, error) {
	src, err := f.readSnapshot(ctx, a, s)
	if err != nil || src == nil {
		if err == nil {
			var conn awsvpn.Connection
			conn, err = readAWS(a, s.AWS.File, format)
			return conn, nil, opts, err
		}
		return awsvpn.Connection{}, nil, opts, err
	}
	if src.Snapshot().KeysMasked && f.changesRouter() {
		return awsvpn.Connection{}, nil, opts, usagef("--aws %s: the dump's pre-shared keys are masked (it was written without --reveal-secrets): it can be planned and verified, not applied; use --vpn-connection-id, or a dump written with --reveal-secrets", filepath.Base(s.AWS.File))
	}
	conn, err := src.Snapshot().Connection()
	if err != nil {
		return conn, nil, opts, usagef("%w", err)
	}
	chosen, warnings, err := src.Snapshot().ChooseCrypto(plan.Crypto(s.Plan.Crypto))
	if err != nil {
		return conn, nil, opts, usagef("%w", err)
	}
	for _, w := range warnings {
		warn(a, w)
	}
	if s.Plan.Crypto == "" {
		opts = append(opts, plan.WithCrypto(chosen))
	}
	return conn, src, opts, nil
}

// readSnapshot fetches the connection from the API, or reads a dump named
// by --aws; nil (and no error) when --aws is another format.
func (f *siteFlags) readSnapshot(ctx context.Context, a *app, s *site.Site) (*awsapi.Source, error) {
	if s.FromAWSAPI() {
		// Each Fetch is bounded by awsapi.DefaultTimeout, retries included,
		// so a throttled or stalled API cannot hold a run.
		c, err := awsapi.New(ctx, append([]awsapi.Option{awsapi.WithRegion(s.AWS.Region), awsapi.WithProfile(s.AWS.Profile)}, awsTestBounds...)...)
		if err != nil {
			return nil, usagef("%w", err)
		}
		snap, warnings, err := c.Fetch(ctx, s.AWS.VPNConnectionID)
		if err != nil {
			return nil, usagef("%w", err)
		}
		for _, w := range warnings {
			warn(a, w)
		}
		if f.awsDump != "" {
			if err := f.writeDump(a, snap); err != nil {
				return nil, err
			}
		}
		id := s.AWS.VPNConnectionID
		refetch := func(ctx context.Context) (*awsapi.Snapshot, error) {
			snap, _, err := c.Fetch(ctx, id, awsapi.ViewOnly())
			return snap, err
		}
		return awsapi.APISource(snap, refetch), nil
	}
	if s.AWS.File == "" || s.AWS.File == "-" {
		return nil, nil
	}
	b, err := os.ReadFile(s.AWS.File)
	if err == nil && awsapi.IsMaskedSample(b) {
		// Its masked keys would only fail the key check, far from the
		// reason; the JSON dump beside it is what replays with masked keys.
		return nil, usagef("--aws %s: its pre-shared keys are masked (an --aws-dump sample written without --reveal-secrets): plan and verify take the JSON dump it was written beside (--aws %s); apply needs a dump written with --reveal-secrets",
			filepath.Base(s.AWS.File), strings.TrimSuffix(filepath.Base(s.AWS.File), sampleSuffix))
	}
	if err != nil || !awsapi.IsDump(b) {
		return nil, nil // readAWS reports an unreadable file
	}
	snap, err := awsapi.ReadDump(bytes.NewReader(b))
	if err != nil {
		return nil, usagef("--aws %s: %w", filepath.Base(s.AWS.File), err)
	}
	if id := s.AWS.VPNConnectionID; id != "" && id != snap.VPNConnectionID {
		return nil, usagef("--aws %s is a dump of %s, not of %s", filepath.Base(s.AWS.File), snap.VPNConnectionID, id)
	}
	return awsapi.FileSource(snap), nil
}

// writeDump writes the snapshot to --aws-dump, and AWS's Cisco sample
// beside it for the classic --aws path (a support case reproduces either
// way).
func (f *siteFlags) writeDump(a *app, snap *awsapi.Snapshot) error {
	write := func(path string, w func(io.Writer, *awsapi.Snapshot, bool) error) error {
		out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return usagef("--aws-dump: %w", err)
		}
		if err := w(out, snap, f.reveal); err != nil {
			out.Close()
			return fmt.Errorf("--aws-dump: %w", err)
		}
		return out.Close()
	}
	if err := write(f.awsDump, awsapi.WriteDump); err != nil {
		return err
	}
	if snap.Sample == "" {
		warn(a, "--aws-dump: no "+filepath.Base(f.awsDump)+sampleSuffix+" written: AWS's sample configuration was not read")
		return nil
	}
	return write(f.awsDump+sampleSuffix, awsapi.WriteSample)
}

// changesRouter is true for the commands that type configuration into the
// router, which must not take a masked dump's stand-in keys.
func (f *siteFlags) changesRouter() bool { return f.groups&forceGroup != 0 }

// awsView is AWS's view of one site beside the router's report, or absent
// with the reason.
func awsView(ctx context.Context, job *siteJob, r health.Report) *health.AWSView {
	if job == nil || job.aws == nil {
		return health.AbsentAWSView("no AWS access configured: the site reads aws.file; give --vpn-connection-id (with --region) to see AWS's view")
	}
	return job.aws.View(ctx, r, len(job.site.LAN), time.Now())
}

// againLater is the next command of an AWS error that the same invocation
// may not meet when run again (throttling, an endpoint that was not
// reached or did not answer within the bound): args as given, after the
// program name. "" for any other error, and for one that names its own.
func againLater(err error, args []string) string {
	if !errors.Is(err, awsapi.ErrTemporary) || errors.As(err, &nextError{}) {
		return ""
	}
	return report.CommandLine(append([]string{"ixpush"}, args...)...)
}
