package awsapi

import (
	"errors"
	"fmt"
	"strings"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
)

var (
	// ErrInput is wrapped by every error about the connection or the
	// caller's AWS setup (credentials, region, ID, permissions): something
	// the user fixes, never a router fault.
	ErrInput = errors.New("AWS")
	// ErrThrottled is wrapped when AWS kept throttling after the retries.
	ErrThrottled = errors.New("AWS throttled the request")
	// ErrTemporary is wrapped, beside ErrInput, by the errors the same
	// command may not meet when run again later: throttling, an endpoint
	// that could not be reached or did not answer within the bound.
	ErrTemporary = errors.New("temporary")
)

// temporary marks err as one a later re-run may not meet.
func temporary(err error) error { return temporaryError{err} }

type temporaryError struct{ error }

func (e temporaryError) Unwrap() []error { return []error{e.error, ErrTemporary} }

// apiError turns an SDK error from one call into one line that says what
// to do. action is the IAM action of the call (ec2:DescribeVpnConnections).
// The SDK's own text is kept out where it could quote a request.
func apiError(err error, action, region string) error {
	var (
		sso  *ssocreds.InvalidTokenError
		sign *v4.SigningError
		api  smithy.APIError
	)
	switch {
	case errors.As(err, &sso):
		return fmt.Errorf("%w: the SSO session has expired: run aws sso login (with --profile if you use one), then try again", ErrInput)
	case errors.As(err, &sign), strings.Contains(err.Error(), "get credentials:"):
		// The SDK's identity step wraps the chain's failure in text only.
		return fmt.Errorf("%w: no credentials found (environment, shared config or SSO profile, web identity, instance role): configure one, or name a profile with --profile", ErrInput)
	case errors.As(err, &api):
		return codeError(api.ErrorCode(), action, region)
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "no such host"), strings.Contains(msg, "connection refused"), strings.Contains(msg, "dial tcp"):
		return temporary(fmt.Errorf("%w: cannot reach the %s endpoint in region %s: check --region and the network (or AWS_ENDPOINT_URL)", ErrInput, service(action), region))
	case strings.Contains(msg, "exceeded maximum number of attempts"):
		return temporary(fmt.Errorf("%w: %s failed after the retries: try again later", ErrInput, action))
	}
	return fmt.Errorf("%w: %s failed: %s", ErrInput, action, firstLine(msg))
}

func codeError(code, action, region string) error {
	switch code {
	case "UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "AuthFailure":
		return fmt.Errorf("%w: access denied: the credentials need the IAM action %s (see the README's IAM policy)", ErrInput, action)
	case "InvalidVpnConnectionID.NotFound", "InvalidVpnConnectionID.Malformed", "ResourceNotFoundException":
		what := "the VPN connection"
		if service(action) == "secretsmanager" {
			what = "the pre-shared key secret"
		}
		return fmt.Errorf("%w: %s was not found in region %s: check the ID and --region", ErrInput, what, region)
	case "RequestLimitExceeded", "Throttling", "ThrottlingException":
		return temporary(fmt.Errorf("%w: %w on %s after the SDK's retries: wait a minute and try again", ErrInput, ErrThrottled, action))
	case "ExpiredToken", "ExpiredTokenException", "RequestExpired":
		return fmt.Errorf("%w: the credentials have expired: refresh them (aws sso login, or new session credentials) and try again", ErrInput)
	case "AuthFailure.ServiceLinkedRoleCreationNotPermitted", "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch":
		return fmt.Errorf("%w: AWS does not accept the credentials (%s): check the access key or profile", ErrInput, code)
	case "OptInRequired", "UnsupportedOperation":
		return fmt.Errorf("%w: %s is not available in region %s (%s): check --region", ErrInput, action, region, code)
	case "DecryptionFailure":
		return fmt.Errorf("%w: Secrets Manager could not decrypt the pre-shared key secret: the credentials need kms:Decrypt on its KMS key", ErrInput)
	}
	return fmt.Errorf("%w: %s failed with %s", ErrInput, action, code)
}

func service(action string) string {
	s, _, _ := strings.Cut(action, ":")
	return s
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
