package dialect

import (
	"regexp"
	"testing"
)

func TestParsePrompt(t *testing.T) {
	tests := []struct {
		in   string
		want Prompt
		ok   bool
	}{
		{"R10# ", Prompt{Host: "R10", Admin: true}, true},
		{"R10(config)# ", Prompt{Host: "R10", Tag: "config", Admin: true}, true},
		{"ix01(config-Tunnel0.0)#", Prompt{Host: "ix01", Tag: "config-Tunnel0.0", Admin: true}, true},
		{"R10(config-bgp-af)% ", Prompt{Host: "R10", Tag: "config-bgp-af"}, true},
		{"ix-1.lab_2(config)%", Prompt{Host: "ix-1.lab_2", Tag: "config"}, true},
		{"R10()# ", Prompt{}, false},
		{"R10> ", Prompt{}, false},
		{"R10#  ", Prompt{}, false},
		{"(config)# ", Prompt{}, false},
		{"% sow -- Invalid command.", Prompt{}, false},
		{"--More--", Prompt{}, false},
		{"", Prompt{}, false},
	}
	for _, tt := range tests {
		got, ok := ParsePrompt(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParsePrompt(%q) = %+v %v, want %+v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestPromptPattern: the unanchored pattern the session waits for finds
// every prompt ParsePrompt accepts.
func TestPromptPattern(t *testing.T) {
	re := regexp.MustCompile(`^` + PromptPattern + `$`)
	for _, s := range []string{"R10# ", "R10(config)#", "ix01(config-Tunnel0.0)# ", "R10(config-bgp-af)%"} {
		if _, ok := ParsePrompt(s); !ok || !re.MatchString(s) {
			t.Errorf("%q: ParsePrompt ok %v, PromptPattern %v", s, ok, re.MatchString(s))
		}
	}
}

func TestPromptMethods(t *testing.T) {
	tests := []struct {
		p                     Prompt
		str                   string
		inConfig, inGlobalCfg bool
	}{
		{Prompt{Host: "R10", Admin: true}, "R10#", false, false},
		{Prompt{Host: "R10", Tag: "config", Admin: true}, "R10(config)#", true, true},
		{Prompt{Host: "R10", Tag: "config-bgp"}, "R10(config-bgp)%", true, false},
		{Prompt{Host: "R10", Tag: "configx", Admin: true}, "R10(configx)#", false, false},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.str {
			t.Errorf("%+v.String() = %q, want %q", tt.p, got, tt.str)
		}
		if got := tt.p.InConfig(); got != tt.inConfig {
			t.Errorf("%q InConfig = %v", tt.str, got)
		}
		if got := tt.p.InGlobalConfig(); got != tt.inGlobalCfg {
			t.Errorf("%q InGlobalConfig = %v", tt.str, got)
		}
	}
}

func TestCapturedPrompt(t *testing.T) {
	tests := []struct {
		line string
		end  int
		ok   bool
	}{
		{"R10(config)# show ike sa", len("R10(config)# "), true},
		{"R10(config)#", len("R10(config)#"), true},
		{"R10# show version", len("R10# "), true},
		{"(config)# show ip bgp summary", len("(config)# "), true},
		{"ix-1.lab(config)% show ip route", len("ix-1.lab(config)% "), true},
		{"R10()# x", len("R10()# "), true},
		{"#ph1 success: 1", 0, false},
		{"% sow -- Invalid command.", 0, false},
		{"R10#x", 0, false},
		{"  R10# show version", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		end, ok := CapturedPrompt(tt.line)
		if end != tt.end || ok != tt.ok {
			t.Errorf("CapturedPrompt(%q) = %d %v, want %d %v", tt.line, end, ok, tt.end, tt.ok)
		}
	}
}
