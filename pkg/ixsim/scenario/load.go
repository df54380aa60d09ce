package scenario

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ErrScenario is wrapped by every error Parse, Load and Builtin return.
var ErrScenario = errors.New("bad scenario")

//go:embed builtin/*.yaml
var builtinFS embed.FS

// maxFile bounds a scenario file; real ones are a few KB.
const maxFile = 1 << 20

// Parse decodes and validates one YAML scenario. Unknown fields are errors.
// The error is one line naming the field and never quotes a secret.
func Parse(data []byte) (*Scenario, error) {
	if len(data) > maxFile {
		return nil, fmt.Errorf("%w: larger than %d KiB", ErrScenario, maxFile>>10)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Scenario
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: empty document", ErrScenario)
		}
		return nil, fmt.Errorf("%w: %s", ErrScenario, yamlMessage(err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: more than one YAML document", ErrScenario)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrScenario, err)
	}
	return &s, nil
}

// Load reads and parses a scenario file; the error names the file.
func Load(file string) (*Scenario, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrScenario, err)
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

// Open returns the built-in scenario of that name, or else loads the
// scenario file at that path: what `ixpush sim --scenario` and the test
// helpers accept.
func Open(nameOrPath string) (*Scenario, error) {
	if sc, err := Builtin(nameOrPath); err == nil {
		return sc, nil
	}
	if _, err := os.Stat(nameOrPath); err != nil {
		return nil, &notFoundError{nameOrPath}
	}
	return Load(nameOrPath)
}

// notFoundError is a scenario name that is neither built in nor a file. It
// wraps ErrScenario but reads as one plain sentence, for the command line.
type notFoundError struct{ name string }

func (e *notFoundError) Error() string {
	return fmt.Sprintf("scenario %q is neither built in (%s) nor a readable file", e.name, strings.Join(Builtins(), ", "))
}

func (e *notFoundError) Unwrap() error { return ErrScenario }

// Builtin returns a fresh copy of an embedded scenario ("seed", ...).
func Builtin(name string) (*Scenario, error) {
	data, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil || strings.ContainsAny(name, "/\\") {
		return nil, fmt.Errorf("%w: no built-in scenario %q (have %s)", ErrScenario, name, strings.Join(Builtins(), ", "))
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("built-in %s: %w", name, err)
	}
	return s, nil
}

// Builtins lists the embedded scenario names, sorted.
func Builtins() []string {
	entries, _ := builtinFS.ReadDir("builtin")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), path.Ext(e.Name())))
	}
	sort.Strings(names)
	return names
}

// yamlMessage flattens yaml.v3's multi-line type errors into one line and
// drops the values it quotes (a PSK may sit in a mistyped field).
func yamlMessage(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, m := range te.Errors {
			msgs[i] = scrubValue(m)
		}
		return strings.Join(msgs, "; ")
	}
	return strings.ReplaceAll(strings.TrimPrefix(err.Error(), "yaml: "), "\n", " ")
}

// scrubValue turns "line 3: cannot unmarshal !!str `secret` into uint32"
// into "line 3: cannot unmarshal !!str into uint32".
func scrubValue(m string) string {
	i := strings.IndexByte(m, '`')
	if i < 0 {
		return m
	}
	j := strings.IndexByte(m[i+1:], '`')
	if j < 0 {
		return m
	}
	return strings.TrimSpace(m[:i]) + " " + strings.TrimSpace(m[i+1+j+1:])
}
