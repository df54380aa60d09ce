package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPasswordCommand(t *testing.T) {
	dir := t.TempDir()
	counter := filepath.Join(dir, "runs")
	for _, tt := range []struct {
		name, cmd, want, wantErr string
	}{
		{name: "stdout less newline", cmd: "printf 's3cret\\n'", want: "s3cret"},
		{name: "stderr ignored", cmd: "echo noise >&2; echo s3cret", want: "s3cret"},
		{name: "fails", cmd: "echo TOKEN-abc >&2; exit 4", wantErr: "router.password_command: \"(command not shown)\": exited with status 4; run the command yourself to see why"},
		{name: "silent", cmd: "true", wantErr: "printed nothing on standard output"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &Site{Router: Router{Host: "r", PasswordCommand: tt.cmd}}
			got, err := s.Password(os.Getenv)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				// Neither the command line nor its output may leak.
				for _, leak := range []string{"TOKEN", "exit 4", "true"} {
					if strings.Contains(err.Error(), leak) {
						t.Errorf("error %q shows %q", err, leak)
					}
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Password = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	// One lookup per distinct command per process, however many sites.
	cmd := "echo x >> " + counter + "; echo pw"
	for range 3 {
		if _, err := (&Site{Router: Router{Host: "r", PasswordCommand: cmd}}).Password(os.Getenv); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(counter); strings.Count(string(b), "x") != 1 {
		t.Errorf("the command ran %d times for 3 sites, want once", strings.Count(string(b), "x"))
	}
}

func TestPasswordSourcesExclusive(t *testing.T) {
	s := &Site{Router: Router{Host: "r", PasswordEnv: "P", PasswordCommand: "echo x"}, AWS: AWS{File: "a"}}
	if err := s.Validate(false); err == nil || !strings.Contains(err.Error(), "router.password_env: set one of password_env, password_file and password_command, not 2") {
		t.Errorf("Validate = %v", err)
	}
}
