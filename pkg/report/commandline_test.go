package report

import "testing"

func TestCommandLine(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		want  string
	}{
		{"plain", []string{"ixpush", "apply", "a.yaml", "b.yaml"}, "ixpush apply a.yaml b.yaml"},
		{"empty words left out", []string{"ixpush", "apply", "", "b.yaml"}, "ixpush apply b.yaml"},
		{"quoted", []string{"ixpush", "apply", "my site.yaml", "it's.yaml"}, `ixpush apply 'my site.yaml' 'it'\''s.yaml'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CommandLine(tt.words...); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
