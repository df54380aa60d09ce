package metrics

import (
	"fmt"
	"io"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// RestoreLastSuccess reads ixpush_last_success_timestamp_seconds from a
// textfile an earlier run wrote, so a scheduled verify that rewrites the
// file each run keeps each site's last ok time across runs rather than
// dropping it the first time the site is not ok. Other families are
// ignored: they describe the earlier run only, and a site this run does not
// verify is not exported at all.
func (f *Fleet) RestoreLastSuccess(r io.Reader) error {
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(r)
	if err != nil {
		return fmt.Errorf("reading the previous metrics: %w", err)
	}
	mf := mfs["ixpush_last_success_timestamp_seconds"]
	if mf == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range mf.GetMetric() {
		var site string
		for _, l := range m.GetLabel() {
			if l.GetName() == "site" {
				site = l.GetValue()
			}
		}
		if site == "" || m.GetGauge() == nil {
			continue
		}
		at := time.Unix(0, int64(m.GetGauge().GetValue()*1e9))
		if at.After(f.prior[site]) {
			f.prior[site] = at
		}
	}
	return nil
}
