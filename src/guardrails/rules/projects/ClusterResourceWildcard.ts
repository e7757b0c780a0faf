import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isAppProject, list, record } from '../../manifests';

export const ClusterResourceWildcard = objectRule({
  id: 'ARGO-PRJ3',
  name: 'ClusterResourceWildcard',
  level: GuardrailLevel.ERROR,
  finding: 'An AppProject may create cluster-scoped resources by wildcard (`*` in clusterResourceWhitelist)',
  explanation: 'Cluster-scoped resources (ClusterRoles, CRDs, webhooks, namespaces) change the whole cluster; with `*` a team can '
    + 'grant itself cluster-admin. List the group and kind of each cluster-scoped resource the project needs.',
  evaluate: manifest => {
    if (!isAppProject(manifest)) return notApplicable();
    const details: string[] = [];
    list(manifest.spec?.clusterResourceWhitelist).forEach((k, i) => {
      const entry = record(k) ?? {};
      if (entry.group === '*' || entry.kind === '*') details.push(`spec.clusterResourceWhitelist[${i}] is ${JSON.stringify({ group: entry.group, kind: entry.kind })}`);
    });
    return verdict(details);
  },
});
