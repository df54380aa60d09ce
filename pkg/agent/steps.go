package agent

import (
	"fmt"
	"io"
	"time"
)

// Step is one timed part of a workflow, for the summary and for the figures
// in benchmarks.
type Step struct {
	Name    string        `json:"name"`
	Elapsed time.Duration `json:"elapsed_ns"`
}

// stepper times steps and announces each on the progress writer.
type stepper struct {
	w     io.Writer
	steps []Step
	name  string
	start time.Time
}

func (s *stepper) begin(name, announce string) {
	s.end()
	s.name, s.start = name, time.Now()
	if announce != "" {
		fmt.Fprintf(s.w, "==> %s\n", announce)
	}
}

func (s *stepper) end() {
	if s.name != "" {
		s.steps = append(s.steps, Step{Name: s.name, Elapsed: time.Since(s.start)})
		s.name = ""
	}
}

func (s *stepper) done() []Step {
	s.end()
	return s.steps
}
