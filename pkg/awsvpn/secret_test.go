package awsvpn

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestSecretNeverPrints(t *testing.T) {
	s := NewSecret("hunter2hunter2")
	type wrap struct {
		PSK Secret `json:"psk"`
	}
	j, err := json.Marshal(wrap{s})
	if err != nil {
		t.Fatal(err)
	}
	outs := []string{
		fmt.Sprint(s), fmt.Sprintf("%v %s %q %x %X %+v %#v %d", s, s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v %#v", wrap{s}, wrap{s}, wrap{s}), s.String(), string(j),
	}
	for _, o := range outs {
		if strings.Contains(o, "hunter2") {
			t.Errorf("secret printed: %s", o)
		}
	}
	if s.Reveal() != "hunter2hunter2" {
		t.Errorf("Reveal() = %q", s.Reveal())
	}
	if string(j) != `{"psk":"********"}` {
		t.Errorf("JSON = %s", j)
	}
}
