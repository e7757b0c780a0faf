/** One entry of argocd-cm `resource.exclusions`: resources Argo CD neither watches nor shows. */
export interface ResourceExclusion {
  /** API groups (`''` for the core group). */
  readonly apiGroups: string[];
  /** Kinds. */
  readonly kinds: string[];
}

/**
 * The argo-cd chart's default `resource.exclusions` (chart 10.1.1, `configs.cm`), kept because the
 * platform owns argocd-cm and the chart's defaults would otherwise be dropped: high-churn kinds the
 * controller should not watch (Endpoints and EndpointSlices, Leases, authn/authz reviews,
 * CertificateSigningRequests and cert-manager CertificateRequests, Cilium identities and
 * endpoints, Kyverno reports). Without them every lease renewal and endpoint change becomes an
 * event the application controller processes.
 */
export const DEFAULT_RESOURCE_EXCLUSIONS: ResourceExclusion[] = [
  { apiGroups: ['', 'discovery.k8s.io'], kinds: ['Endpoints', 'EndpointSlice'] },
  { apiGroups: ['coordination.k8s.io'], kinds: ['Lease'] },
  {
    apiGroups: ['authentication.k8s.io', 'authorization.k8s.io'],
    kinds: ['SelfSubjectReview', 'TokenReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
  },
  { apiGroups: ['certificates.k8s.io'], kinds: ['CertificateSigningRequest'] },
  { apiGroups: ['cert-manager.io'], kinds: ['CertificateRequest'] },
  { apiGroups: ['cilium.io'], kinds: ['CiliumIdentity', 'CiliumEndpoint', 'CiliumEndpointSlice'] },
  {
    apiGroups: ['kyverno.io', 'reports.kyverno.io', 'wgpolicyk8s.io'],
    kinds: ['PolicyReport', 'ClusterPolicyReport', 'EphemeralReport', 'ClusterEphemeralReport', 'AdmissionReport',
      'ClusterAdmissionReport', 'BackgroundScanReport', 'ClusterBackgroundScanReport', 'UpdateRequest'],
  },
];

/**
 * One item of argocd-cm's `resource.exclusions` YAML list, as a one-line flow mapping: the list is
 * built with `platform.settings.addToList(..., '\n')`, so the platform's defaults and the exclusions
 * other constructs add (scale profiles) merge instead of conflicting.
 */
export function resourceExclusionListItem(exclusion: ResourceExclusion & { readonly clusters?: string[] }): string {
  const entry: Record<string, string[]> = { apiGroups: [...exclusion.apiGroups], kinds: [...exclusion.kinds] };
  if (exclusion.clusters) entry.clusters = [...exclusion.clusters];
  return `- ${JSON.stringify(entry)}`;
}
