import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isApplication, record } from '../../manifests';

export const ProductionAutoSync = objectRule({
  id: 'ARGO-SYN1',
  name: 'ProductionAutoSync',
  level: GuardrailLevel.ERROR,
  finding: 'A production Application syncs automatically (syncPolicy.automated)',
  explanation: 'In production a merge should not be a deployment: sync by hand after the pull request is approved, in a sync window, '
    + 'with someone watching. Remove syncPolicy.automated, or acknowledge the exception with a reason '
    + '(TeamApplication: productionAutoSync: { reason }).',
  evaluate: (manifest, context) => {
    if (!isApplication(manifest) || !context.production) return notApplicable();
    const automated = record(manifest.spec?.syncPolicy?.automated);
    return verdict(automated && automated.enabled !== false ? ['spec.syncPolicy.automated is set'] : []);
  },
});
