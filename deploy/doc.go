// Package deploy holds no code: it is the module of the test that decodes
// the deployment files beside it (Kubernetes manifests, Prometheus
// configuration, systemd units) strictly, so the main module does not
// carry the Kubernetes API types.
package deploy
