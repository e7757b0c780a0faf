#!/usr/bin/env bash
# Regenerates src/imports/*.ts, one module per CRD (`<kind>-<group>.ts`), with `cdk8s import`.
# The CRDs are the pinned upstream tags listed in cdk8s.yaml; this script reads local copies from
# ../shared/reference/crds (or CRDS_DIR) when they exist, so it works offline, and otherwise runs the
# same imports as cdk8s.yaml from the upstream URLs. Both give identical code. CRD files are never
# committed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CRDS="$(cd "${CRDS_DIR:-../shared/reference/crds}" 2>/dev/null && pwd || echo /nonexistent)"

# prefix | local path under $CRDS | upstream URL (the same list as cdk8s.yaml)
specs=(
  "application|argo-cd-v3.5.1/application-crd.yaml|https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/crds/application-crd.yaml"
  "applicationset|argo-cd-v3.5.1/applicationset-crd.yaml|https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/crds/applicationset-crd.yaml"
  "appproject|argo-cd-v3.5.1/appproject-crd.yaml|https://raw.githubusercontent.com/argoproj/argo-cd/v3.5.1/manifests/crds/appproject-crd.yaml"
  "servicemonitor|prometheus-operator-v0.93.0/monitoring.coreos.com_servicemonitors.yaml|https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"
  "podmonitor|prometheus-operator-v0.93.0/monitoring.coreos.com_podmonitors.yaml|https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml"
  "prometheusrule|prometheus-operator-v0.93.0/monitoring.coreos.com_prometheusrules.yaml|https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml"
  "alertmanagerconfig|prometheus-operator-v0.93.0/monitoring.coreos.com_alertmanagerconfigs.yaml|https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_alertmanagerconfigs.yaml"
  "externalsecret|external-secrets-v2.9.0/external-secrets.io_externalsecrets.yaml|https://raw.githubusercontent.com/external-secrets/external-secrets/v2.9.0/config/crds/bases/external-secrets.io_externalsecrets.yaml"
  "sealedsecret|sealed-secrets-v0.36.6/bitnami.com_sealedsecrets.yaml|https://raw.githubusercontent.com/bitnami-labs/sealed-secrets/v0.36.6/helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml"
  "imageupdater|argocd-image-updater-v1.3.0/argocd-image-updater.argoproj.io_imageupdaters.yaml|https://raw.githubusercontent.com/argoproj-labs/argocd-image-updater/v1.3.0/config/crd/bases/argocd-image-updater.argoproj.io_imageupdaters.yaml"
  "grafanadashboard|grafana-operator-v5.24.0/grafana.integreatly.org_grafanadashboards.yaml|https://raw.githubusercontent.com/grafana/grafana-operator/v5.24.0/config/crd/bases/grafana.integreatly.org_grafanadashboards.yaml"
)

args=()
for spec in "${specs[@]}"; do
  IFS='|' read -r prefix local url <<< "$spec"
  if [ -f "$CRDS/$local" ]; then
    args+=("$prefix:=$CRDS/$local")
  else
    args+=("$prefix:=$url")
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Run inside the temporary folder: `cdk8s import` records what it imported in ./cdk8s.yaml.
for arg in "${args[@]}"; do
  (cd "$tmp" && "$ROOT/node_modules/.bin/cdk8s" import --no-check-upgrade --language typescript --output out "$arg" >/dev/null)
done
OUT="${OUT_DIR:-src/imports}"
mkdir -p "$OUT"
rm -f "$OUT"/*.ts
cp "$tmp"/out/*.ts "$OUT"/
ls "$OUT"
