package ixsim_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ixpush/ixpush/pkg/ixsim/ixsimtest"
)

func TestServeStdio(t *testing.T) {
	r := ixsimtest.Start(t)
	var out bytes.Buffer
	in := strings.NewReader("configure\nhostname R2\r\nexit\rexit\r")
	if err := r.Sim.ServeStdio(context.Background(), "admin", in, &out); err != nil {
		t.Fatal(err)
	}
	want := "NEC Portable Internetwork Core Operating System Software\r\n" +
		"Copyright Notices:\r\n" +
		"Copyright (c) NEC Corporation 2001-2022. All rights reserved.\r\n" +
		"Copyright (c) 1985-1998 OpenROUTE Networks, Inc.\r\n" +
		"Copyright (c) 1984-1987, 1989 J. Noel Chiappa.\r\n" +
		"R10# configure\r\n" + configBanner +
		"R10(config)# hostname R2\r\n" +
		"R2(config)# exit\r\n" +
		"R2# exit\r\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestServeStdioUnknownUser(t *testing.T) {
	r := ixsimtest.Start(t)
	err := r.Sim.ServeStdio(context.Background(), "mallory", strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `user "mallory"`) {
		t.Errorf("err = %v", err)
	}
}
