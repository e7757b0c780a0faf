import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isAppProject, list, record } from '../../manifests';

export const WildcardDestination = objectRule({
  id: 'ARGO-PRJ2',
  name: 'WildcardDestination',
  level: GuardrailLevel.ERROR,
  finding: 'An AppProject allows every namespace or every cluster (`*` destination)',
  explanation: 'A `*` destination namespace lets the project deploy into kube-system, argocd and every other team\'s namespace; a '
    + '`*` server or name lets it deploy to every cluster Argo CD knows, production included. List the namespaces and clusters.',
  evaluate: manifest => {
    if (!isAppProject(manifest)) return notApplicable();
    const details: string[] = [];
    list(manifest.spec?.destinations).forEach((d, i) => {
      const destination = record(d) ?? {};
      for (const field of ['namespace', 'server', 'name']) {
        if (destination[field] === '*') details.push(`spec.destinations[${i}].${field} is "*"`);
      }
    });
    return verdict(details);
  },
});
