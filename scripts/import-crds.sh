#!/usr/bin/env bash
# Regenerates src/imports/*.ts from the pinned CRD files in ../shared/reference/crds.
# cdk8s.yaml lists the same CRDs at their upstream URLs (same tags), so `npx cdk8s import`
# with network access produces identical code. The CRD files themselves are never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
CRDS="${CRDS_DIR:-../shared/reference/crds}"
if [ ! -d "$CRDS" ]; then
  echo "import: $CRDS not found; point CRDS_DIR at a folder with the pinned CRDs, or run 'npx cdk8s import' with network access" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=(
  "argo-cd-v3.5.1/application-crd.yaml"
  "argo-cd-v3.5.1/applicationset-crd.yaml"
  "argo-cd-v3.5.1/appproject-crd.yaml"
  "prometheus-operator-v0.93.0/monitoring.coreos.com_servicemonitors.yaml"
  "prometheus-operator-v0.93.0/monitoring.coreos.com_podmonitors.yaml"
  "prometheus-operator-v0.93.0/monitoring.coreos.com_prometheusrules.yaml"
  "external-secrets-v2.9.0/external-secrets.io_externalsecrets.yaml"
  "sealed-secrets-v0.36.6/bitnami.com_sealedsecrets.yaml"
  "argocd-image-updater-v1.3.0/argocd-image-updater.argoproj.io_imageupdaters.yaml"
  "grafana-operator-v5.24.0/grafana.integreatly.org_grafanadashboards.yaml"
)
# One combined multi-document file per API group, so each group becomes one module.
for f in "${files[@]}"; do
  cat "$CRDS/$f" >> "$tmp/all.yaml"
  printf '\n---\n' >> "$tmp/all.yaml"
done
npx cdk8s import --no-check-upgrade --language typescript --output "$tmp/out" "$tmp/all.yaml" >/dev/null
rm -f src/imports/*.ts
cp "$tmp"/out/*.ts src/imports/
ls src/imports
