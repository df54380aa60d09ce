package session

import "fmt"

// AuthError is the router refusing every credential offered. Its message
// names who logged in where and with what (WithAuthSource), which is what a
// user can check; the SSH library's own words (methods attempted) are kept
// in Detail for a debug log.
type AuthError struct {
	User, Addr string
	// Using says where the credential came from ($IXPUSH_PASSWORD), when
	// the caller said (WithAuthSource).
	Using  string
	Detail string
}

func (e *AuthError) Error() string {
	msg := fmt.Sprintf("%v for %s@%s", ErrAuth, e.User, e.Addr)
	if e.Using != "" {
		msg += " using " + e.Using
	}
	return msg
}

// Unwrap makes every AuthError an ErrAuth.
func (e *AuthError) Unwrap() error { return ErrAuth }

// WithAuthSource names where the credentials come from ("$IXPUSH_PASSWORD",
// a password file), for the message when the server refuses them. It is a
// description only, never the credential.
func WithAuthSource(desc string) DialOption { return func(o *dialOptions) { o.authSource = desc } }
