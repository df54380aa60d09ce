package site

import (
	"regexp"
	"time"

	"github.com/ixpush/ixpush/pkg/ixcli"
	"github.com/ixpush/ixpush/pkg/ixcli/dialect"
)

// timeouts are the site's bounds, parsed; 0 where the field is empty.
type timeouts struct {
	connect, command, run time.Duration
}

func (s *Site) timeouts() (timeouts, error) {
	var t timeouts
	for _, f := range []struct {
		field, value string
		dst          *time.Duration
	}{
		{"router.connect_timeout", s.Router.ConnectTimeout, &t.connect},
		{"router.command_timeout", s.Router.CommandTimeout, &t.command},
		{"timeout", s.Timeout, &t.run},
	} {
		if f.value == "" {
			continue
		}
		d, err := time.ParseDuration(f.value)
		if err != nil || d <= 0 {
			return t, &FieldError{Field: f.field, Value: f.value, Reason: "want a positive duration like 20s or 2m"}
		}
		*f.dst = d
	}
	return t, nil
}

// CLIOptions are the options of the router's CLI client the site sets:
// the command timeout and the notices accepted as harmless.
func (s *Site) CLIOptions() ([]ixcli.Option, error) {
	t, err := s.timeouts()
	if err != nil {
		return nil, err
	}
	var opts []ixcli.Option
	if t.command > 0 {
		opts = append(opts, ixcli.WithCommandTimeout(t.command))
	}
	if len(s.Router.AcceptNotices) > 0 {
		res := make([]*regexp.Regexp, len(s.Router.AcceptNotices))
		for i, n := range s.Router.AcceptNotices {
			re, err := dialect.AcceptedNotice(n)
			if err != nil {
				return nil, &FieldError{Field: "router.accept_notices", Index: i, List: true, Value: n, Reason: err.Error()}
			}
			res[i] = re
		}
		opts = append(opts, ixcli.WithNotices(res...))
	}
	return opts, nil
}

// RunTimeout is the bound on a whole run the site sets; ok is false when
// it sets none, and the command's own default applies (agent.WithTimeout).
func (s *Site) RunTimeout() (d time.Duration, ok bool, err error) {
	t, err := s.timeouts()
	return t.run, t.run > 0, err
}
