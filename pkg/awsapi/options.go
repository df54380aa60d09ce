package awsapi

import (
	"fmt"
	"strings"
	"time"
)

// Option configures New.
type Option func(*options)

type options struct {
	region, profile string
	maxAttempts     int
	maxBackoff      time.Duration
	timeout         time.Duration
}

// WithRegion sets the AWS region; without it the SDK's chain decides
// (AWS_REGION, the profile's region).
func WithRegion(r string) Option { return func(o *options) { o.region = r } }

// WithProfile selects a shared-config profile (SSO profiles included).
func WithProfile(p string) Option { return func(o *options) { o.profile = p } }

// WithRetries bounds the SDK's standard retryer: attempts per call and the
// longest back-off between them. Throttling is retried this way before it
// becomes an error.
func WithRetries(attempts int, maxBackoff time.Duration) Option {
	return func(o *options) { o.maxAttempts, o.maxBackoff = attempts, maxBackoff }
}

// WithTimeout bounds one Fetch, every call and retry in it: a stalled or
// throttled API ends the run with an error that names the bound instead
// of holding it. 0 or less keeps DefaultTimeout.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// DefaultTimeout is one Fetch's bound: the retries' back-offs (at most
// DefaultAttempts × DefaultMaxBackoff per call) and a few slow answers fit.
const DefaultTimeout = 60 * time.Second

// Default retry bounds: the standard retryer's attempts, and a back-off cap
// short enough that a throttled verify still ends inside its timeout.
const (
	DefaultAttempts   = 5
	DefaultMaxBackoff = 5 * time.Second
)

func (o *options) validate() error {
	if strings.ContainsAny(o.region, " \t\r\n/") {
		return fmt.Errorf("%w: region %q is not a region name (like ap-northeast-1)", ErrInput, o.region)
	}
	if o.maxAttempts < 1 {
		return fmt.Errorf("%w: %d retry attempts: want at least 1", ErrInput, o.maxAttempts)
	}
	return nil
}
