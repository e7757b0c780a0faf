/**
 * What serves each API group the platform's output uses, pinned. The versions are the releases
 * whose CRDs this library's imports are generated from (see ../shared/reference/crds/SOURCES.md);
 * the CRD files are named as upstream ships them at that tag.
 */
export interface ApiGroupPrerequisite {
  /** The API group, e.g. `monitoring.coreos.com`. */
  readonly group: string;
  /** What must run on the cluster to act on the objects. */
  readonly provider: string;
  /** The pinned release. */
  readonly version: string;
  /** The URL of the CRD file of one kind at the pinned tag, when CRDs are applied one by one. */
  readonly crdUrl?: (plural: string) => string;
  /** A Helm installation (release, chart, repository, namespace), when the operator is installed with its chart. */
  readonly helm?: { readonly release: string; readonly chart: string; readonly repo: string; readonly namespace: string };
}

/** The plural resource name of a kind (for CRD names and files). */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  return lower.endsWith('s') ? `${lower}es` : lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
}

/** The groups this library knows how to prepare. */
export const API_GROUP_PREREQUISITES: ApiGroupPrerequisite[] = [
  {
    group: 'external-secrets.io',
    provider: 'External Secrets Operator (its chart installs the CRDs)',
    version: '2.9.0',
    helm: { release: 'external-secrets', chart: 'external-secrets', repo: 'https://charts.external-secrets.io', namespace: 'external-secrets' },
  },
  {
    group: 'monitoring.coreos.com',
    provider: 'the Prometheus Operator of your monitoring stack (e.g. kube-prometheus-stack), v0.93.0 or newer; the CRDs at v0.93.0 if it has not installed them',
    version: 'v0.93.0',
    crdUrl: plural => `https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.0/example/prometheus-operator-crd/monitoring.coreos.com_${plural}.yaml`,
  },
  {
    group: 'grafana.integreatly.org',
    provider: 'the Grafana Operator with a Grafana instance, v5.24.0 or newer; the CRDs at v5.24.0 if it has not installed them',
    version: 'v5.24.0',
    crdUrl: plural => `https://raw.githubusercontent.com/grafana/grafana-operator/v5.24.0/config/crd/bases/grafana.integreatly.org_${plural}.yaml`,
  },
  {
    group: 'bitnami.com',
    provider: 'the Sealed Secrets controller, v0.36.6 or newer; the CRD at v0.36.6 if it has not installed it',
    version: 'v0.36.6',
    crdUrl: plural => `https://raw.githubusercontent.com/bitnami-labs/sealed-secrets/v0.36.6/helm/sealed-secrets/crds/bitnami.com_${plural}.yaml`,
  },
  {
    group: 'argocd-image-updater.argoproj.io',
    provider: 'Argo CD Image Updater v1.3.0 (the CRD at v1.3.0 when it is not installed by ArgoImageUpdater)',
    version: 'v1.3.0',
    crdUrl: plural => `https://raw.githubusercontent.com/argoproj-labs/argocd-image-updater/v1.3.0/config/crd/bases/argocd-image-updater.argoproj.io_${plural}.yaml`,
  },
];
