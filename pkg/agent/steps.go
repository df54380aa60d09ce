package agent

import (
	"fmt"
	"io"
	"time"

	"github.com/sirupsen/logrus"
)

// Step is one timed part of a workflow, for the summary and for the figures
// in benchmarks.
type Step struct {
	Name    string        `json:"name"`
	Elapsed time.Duration `json:"elapsed_ns"`
}

// stepper times steps, announces each on the progress writer and logs it.
type stepper struct {
	w     io.Writer
	log   logrus.FieldLogger
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
		d := time.Since(s.start)
		if s.log != nil {
			s.log.WithFields(logrus.Fields{"step": s.name, "elapsed": d.Round(time.Millisecond).String()}).Info("step done")
		}
		s.steps = append(s.steps, Step{Name: s.name, Elapsed: d})
		s.name = ""
	}
}

func (s *stepper) done() []Step {
	s.end()
	return s.steps
}
