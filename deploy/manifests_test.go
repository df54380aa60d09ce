package deploy

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/ixpush/ixpush/pkg/health"
	"github.com/ixpush/ixpush/pkg/inventory"
	"github.com/ixpush/ixpush/pkg/metrics"
)

// manifests decodes every file of kubernetes/ strictly (an unknown or
// misspelt field is an error) into the API type of its kind.
func manifests(t *testing.T) map[string]runtime.Object {
	t.Helper()
	files, err := filepath.Glob("kubernetes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	objs := map[string]runtime.Object{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var meta struct{ APIVersion, Kind string }
		if err := sigsyaml.Unmarshal(data, &meta); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var obj runtime.Object
		switch meta.APIVersion + " " + meta.Kind {
		case "v1 Namespace":
			obj = &corev1.Namespace{}
		case "v1 ConfigMap":
			obj = &corev1.ConfigMap{}
		case "v1 Secret":
			obj = &corev1.Secret{}
		case "v1 Service":
			obj = &corev1.Service{}
		case "apps/v1 Deployment":
			obj = &appsv1.Deployment{}
		case "batch/v1 CronJob":
			obj = &batchv1.CronJob{}
		default:
			t.Fatalf("%s: %s %s: no API type for this kind in the test", f, meta.APIVersion, meta.Kind)
		}
		if err := sigsyaml.UnmarshalStrict(data, obj); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		objs[meta.Kind] = obj
	}
	return objs
}

func TestCronJobRunsIndexedShards(t *testing.T) {
	objs := manifests(t)
	cj := objs["CronJob"].(*batchv1.CronJob)
	job := cj.Spec.JobTemplate.Spec
	pod := job.Template.Spec
	if cj.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Errorf("concurrencyPolicy %q, want Forbid: two runs would verify each router twice at once", cj.Spec.ConcurrencyPolicy)
	}
	if job.CompletionMode == nil || *job.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("completionMode %v, want Indexed (JOB_COMPLETION_INDEX picks the shard)", job.CompletionMode)
	}
	if job.Completions == nil || job.Parallelism == nil || *job.Parallelism < 1 || *job.Parallelism > *job.Completions {
		t.Fatalf("completions %v, parallelism %v", job.Completions, job.Parallelism)
	}
	every := scheduleInterval(t, cj.Spec.Schedule)
	if job.ActiveDeadlineSeconds == nil || time.Duration(*job.ActiveDeadlineSeconds)*time.Second >= every {
		t.Errorf("activeDeadlineSeconds %v: want one set below the schedule's %s", job.ActiveDeadlineSeconds, every)
	}
	if pod.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy %q: a verdict is an exit code, not a crash to restart", pod.RestartPolicy)
	}
	c := onlyContainer(t, pod)
	if !slices.Equal(c.Args[:3], []string{"verify", "--inventory", "/etc/ixpush/inventory.yaml"}) || !slices.Contains(c.Args, "--json") {
		t.Errorf("args %q: want verify --inventory /etc/ixpush/inventory.yaml ... --json", c.Args)
	}
	if slices.ContainsFunc(c.Args, func(a string) bool { return strings.HasPrefix(a, "--shard") }) {
		t.Errorf("args %q: the shard comes from the Job's environment", c.Args)
	}
	// Kubernetes sets JOB_COMPLETION_INDEX; the count is the manifest's.
	if v := envValue(c, "JOB_COMPLETIONS"); v != fmt.Sprint(*job.Completions) {
		t.Errorf("JOB_COMPLETIONS %q, want the completions, %d", v, *job.Completions)
	}
	checkMounts(t, objs, pod, c)
}

func TestExporterDeploymentAndService(t *testing.T) {
	objs := manifests(t)
	d := objs["Deployment"].(*appsv1.Deployment)
	svc := objs["Service"].(*corev1.Service)
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 1 {
		t.Errorf("replicas %v: want 1, or two exporters could verify one router at once", d.Spec.Replicas)
	}
	if d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		t.Errorf("strategy %q: want Recreate, so old and new never run together", d.Spec.Strategy.Type)
	}
	pod := d.Spec.Template.Spec
	c := onlyContainer(t, pod)
	if !slices.Equal(c.Args[:3], []string{"exporter", "--inventory", "/etc/ixpush/inventory.yaml"}) || !slices.Contains(c.Args, ":9808") {
		t.Errorf("args %q", c.Args)
	}
	// SIGTERM waits for the verifies under way, each bounded by its timeout.
	if g := pod.TerminationGracePeriodSeconds; g == nil || time.Duration(*g)*time.Second < 2*time.Minute {
		t.Errorf("terminationGracePeriodSeconds %v: want at least the verify timeout, 2m", g)
	}
	for name, p := range map[string]*corev1.Probe{"readiness": c.ReadinessProbe, "liveness": c.LivenessProbe} {
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != "/healthz" {
			t.Errorf("%s probe %+v: want GET /healthz", name, p)
		}
	}
	if len(c.Ports) != 1 || c.Ports[0].ContainerPort != 9808 {
		t.Errorf("ports %+v", c.Ports)
	}
	for k, v := range svc.Spec.Selector {
		if d.Spec.Template.Labels[k] != v {
			t.Errorf("the Service selects %s=%s, which the exporter's pods do not carry", k, v)
		}
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 9808 || svc.Spec.Ports[0].TargetPort != intstr.FromString(c.Ports[0].Name) {
		t.Errorf("service ports %+v", svc.Spec.Ports)
	}
	checkMounts(t, objs, pod, c)
}

// checkMounts: the inventory comes from the ConfigMap and loads with no
// broken site; the password from the Secret's key.
func checkMounts(t *testing.T, objs map[string]runtime.Object, pod corev1.PodSpec, c corev1.Container) {
	t.Helper()
	cm := objs["ConfigMap"].(*corev1.ConfigMap)
	secret := objs["Secret"].(*corev1.Secret)
	volumes := map[string]corev1.Volume{}
	for _, v := range pod.Volumes {
		volumes[v.Name] = v
	}
	found := false
	for _, m := range c.VolumeMounts {
		v, ok := volumes[m.Name]
		if !ok {
			t.Errorf("mount %s: no such volume", m.Name)
			continue
		}
		if v.ConfigMap == nil {
			continue
		}
		if v.ConfigMap.Name != cm.Name {
			t.Errorf("volume %s: ConfigMap %q, the manifest's is %q", v.Name, v.ConfigMap.Name, cm.Name)
		}
		if _, ok := cm.Data[m.SubPath]; !ok {
			t.Errorf("mount %s: key %q not in the ConfigMap", m.MountPath, m.SubPath)
		}
		if m.MountPath == "/etc/ixpush/inventory.yaml" {
			found = true
			inv, err := inventory.Decode(strings.NewReader(cm.Data[m.SubPath]), m.MountPath)
			if err != nil {
				t.Fatalf("the ConfigMap's inventory: %v", err)
			}
			for _, e := range inv.Sites {
				if e.Err != nil {
					t.Errorf("the ConfigMap's inventory: %v", e.Err)
					continue
				}
				if env := e.Site.Router.PasswordEnv; env != "" && envFrom(c, env) == nil {
					t.Errorf("site %s: password_env %s is not in the container's env", e.Name, env)
				}
			}
		}
	}
	if !found {
		t.Error("no inventory mounted at /etc/ixpush/inventory.yaml")
	}
	for _, e := range c.Env {
		if ref := e.ValueFrom; ref != nil && ref.SecretKeyRef != nil {
			if ref.SecretKeyRef.Name != secret.Name {
				t.Errorf("env %s: Secret %q, the manifest's is %q", e.Name, ref.SecretKeyRef.Name, secret.Name)
			}
			if _, ok := secret.StringData[ref.SecretKeyRef.Key]; !ok {
				t.Errorf("env %s: key %q not in the Secret", e.Name, ref.SecretKeyRef.Key)
			}
		}
	}
}

func onlyContainer(t *testing.T, pod corev1.PodSpec) corev1.Container {
	t.Helper()
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	return pod.Containers[0]
}

func envValue(c corev1.Container, name string) string {
	if e := envFrom(c, name); e != nil {
		return e.Value
	}
	return ""
}

func envFrom(c corev1.Container, name string) *corev1.EnvVar {
	for i := range c.Env {
		if c.Env[i].Name == name {
			return &c.Env[i]
		}
	}
	return nil
}

// scheduleInterval reads the "*/N * * * *" schedule the manifests use.
func scheduleInterval(t *testing.T, s string) time.Duration {
	t.Helper()
	m := regexp.MustCompile(`^\*/(\d+) \* \* \* \*$`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("schedule %q: the test reads only */N * * * *", s)
	}
	var n int
	fmt.Sscan(m[1], &n)
	return time.Duration(n) * time.Minute
}

// strict decodes a YAML file refusing unknown fields.
func strict(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

type rule struct {
	Alert       string            `yaml:"alert"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

// TestAlertRules: the two alerts the issue asks for, on metrics ixpush
// exports.
func TestAlertRules(t *testing.T) {
	var f struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []rule `yaml:"rules"`
		} `yaml:"groups"`
	}
	strict(t, "prometheus/alerts.yaml", &f)
	rules := map[string]rule{}
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			rules[r.Alert] = r
		}
	}
	if r := rules["IxpushSiteNotOK"]; r.Expr != "ixpush_site_status != 0" || r.For != "10m" {
		t.Errorf("IxpushSiteNotOK: %+v; want ixpush_site_status != 0 for 10m", r)
	}
	stale := rules["IxpushVerifyStale"]
	if !strings.Contains(stale.Expr, "time() - ixpush_last_run_timestamp_seconds > 3 * 300") {
		t.Errorf("IxpushVerifyStale: %q; want the last run older than 3 intervals of 5 minutes", stale.Expr)
	}
	exported := exportedNames(t)
	for name, r := range rules {
		for _, m := range regexp.MustCompile(`ixpush_[a-z_]+`).FindAllString(r.Expr, -1) {
			if !exported[m] {
				t.Errorf("%s: %s is not a metric ixpush exports", name, m)
			}
		}
	}
}

// exportedNames are the metric families of a verified site.
func exportedNames(t *testing.T) map[string]bool {
	f := metrics.New()
	up := true
	view := &health.AWSView{Source: "api", FetchedAt: time.Now(), Tunnels: []health.AWSTunnelView{{
		AWSTunnel: health.AWSTunnel{OutsideIP: netip.MustParseAddr("198.51.100.11"), Status: "up"}, Interface: "Tunnel0.0", RouterUp: &up}}}
	f.Observe("tokyo", health.Report{Status: health.OK, AWS: view}, time.Now(), time.Second)
	mfs, err := f.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, mf := range mfs {
		out[mf.GetName()] = true
	}
	return out
}

// TestScrapeConfig: multi-target probing through the exporter's Service.
func TestScrapeConfig(t *testing.T) {
	type relabel struct {
		SourceLabels []string `yaml:"source_labels"`
		TargetLabel  string   `yaml:"target_label"`
		Replacement  string   `yaml:"replacement"`
	}
	var f struct {
		ScrapeConfigs []struct {
			JobName        string `yaml:"job_name"`
			MetricsPath    string `yaml:"metrics_path"`
			ScrapeInterval string `yaml:"scrape_interval"`
			ScrapeTimeout  string `yaml:"scrape_timeout"`
			StaticConfigs  []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
			RelabelConfigs []relabel `yaml:"relabel_configs"`
		} `yaml:"scrape_configs"`
	}
	strict(t, "prometheus/scrape.yaml", &f)
	objs := manifests(t)
	svc := objs["Service"].(*corev1.Service)
	addr := fmt.Sprintf("%s.%s.svc:%d", svc.Name, svc.Namespace, svc.Spec.Ports[0].Port)
	var probe bool
	for _, sc := range f.ScrapeConfigs {
		if sc.MetricsPath != "/probe" {
			continue
		}
		probe = true
		var param, address bool
		for _, r := range sc.RelabelConfigs {
			param = param || r.TargetLabel == "__param_site"
			address = address || (r.TargetLabel == "__address__" && r.Replacement == addr)
		}
		if !param || !address {
			t.Errorf("job %s: want the target in __param_site and __address__ %s", sc.JobName, addr)
		}
		if iv, err := time.ParseDuration(sc.ScrapeInterval); err != nil || iv < time.Minute {
			t.Errorf("job %s: scrape_interval %q below the exporter's --min-interval of 60s only reads the cache", sc.JobName, sc.ScrapeInterval)
		}
	}
	if !probe {
		t.Error("no scrape job with metrics_path /probe")
	}
}

// TestSystemdUnits: the timer starts the service, which writes the textfile.
func TestSystemdUnits(t *testing.T) {
	svc := unit(t, "systemd/ixpush-verify.service")
	timer := unit(t, "systemd/ixpush-verify.timer")
	exec := svc["Service.ExecStart"]
	for _, want := range []string{" verify ", "--inventory ", "--textfile /var/lib/node_exporter/textfile_collector/"} {
		if !strings.Contains(exec, want) {
			t.Errorf("ExecStart %q: no %q", exec, want)
		}
	}
	if svc["Service.Type"] != "oneshot" || svc["Service.SuccessExitStatus"] != "1 2 3" {
		t.Errorf("service: Type %q, SuccessExitStatus %q", svc["Service.Type"], svc["Service.SuccessExitStatus"])
	}
	if !strings.Contains(svc["Service.ReadWritePaths"], "/var/lib/node_exporter/textfile_collector") {
		t.Error("ProtectSystem=strict without the textfile directory writable")
	}
	if d, err := time.ParseDuration(timer["Timer.OnUnitActiveSec"]); err != nil || d != 5*time.Minute {
		t.Errorf("OnUnitActiveSec %q: the alert's 3 intervals assume 5m", timer["Timer.OnUnitActiveSec"])
	}
}

// unit reads a systemd unit as Section.Key -> value.
func unit(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	section := ""
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("%s:%d: %q is not KEY=VALUE in a section", path, i+1, line)
			}
			out[section+"."+k] = v
		}
	}
	return out
}
