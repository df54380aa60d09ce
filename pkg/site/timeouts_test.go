package site

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestTimeouts(t *testing.T) {
	s, err := Decode(strings.NewReader("router: {host: r, connect_timeout: 5s, command_timeout: 1m, accept_notices: '% Proposal cache flushed.'}\ntimeout: 10m\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(false); err != nil {
		t.Fatal(err)
	}
	sess, err := s.SessionOptions(func(string) string { return "" })
	if err != nil || len(sess) != 2 { // passphrase source, connect timeout
		t.Errorf("SessionOptions: %d options, %v; want the connect timeout added", len(sess), err)
	}
	if cli, err := s.CLIOptions(); err != nil || len(cli) != 2 {
		t.Errorf("CLIOptions: %d, %v; want the command timeout and the accepted notice", len(cli), err)
	}
	if d, ok, err := s.RunTimeout(); d != 10*time.Minute || !ok || err != nil {
		t.Errorf("RunTimeout = %v, %v, %v", d, ok, err)
	}
	bare := &Site{Router: Router{Host: "r"}}
	if cli, err := bare.CLIOptions(); err != nil || len(cli) != 0 {
		t.Errorf("bare CLIOptions: %d, %v; want ixcli's defaults", len(cli), err)
	}
	if _, ok, err := bare.RunTimeout(); ok || err != nil {
		t.Errorf("bare RunTimeout: ok %v, %v; want the command's default", ok, err)
	}
}

func TestTimeoutFieldErrors(t *testing.T) {
	for _, tt := range []struct{ field, value, want string }{
		{"router.connect_timeout", "20", `invalid site file: router.connect_timeout: "20": want a positive duration like 20s or 2m`},
		{"router.command_timeout", "-1s", `invalid site file: router.command_timeout: "-1s": want a positive duration like 20s or 2m`},
		{"timeout", "0s", `invalid site file: timeout: "0s": want a positive duration like 20s or 2m`},
	} {
		s := &Site{Router: Router{Host: "r"}}
		if err := s.Set(tt.field, tt.value); err != nil {
			t.Fatal(err)
		}
		err := s.Validate(false)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || err.Error() != tt.want {
			t.Errorf("%s %q: err = %v, want %s", tt.field, tt.value, err, tt.want)
		}
	}
}
