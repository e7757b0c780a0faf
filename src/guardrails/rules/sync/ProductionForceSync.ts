import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isApplication, list } from '../../manifests';

const RISKY = new Set(['Replace=true', 'Force=true']);

export const ProductionForceSync = objectRule({
  id: 'ARGO-SYN3',
  name: 'ProductionForceSync',
  level: GuardrailLevel.WARNING,
  finding: 'A production Application syncs with Replace=true or Force=true',
  explanation: 'Replace and Force delete and recreate resources instead of applying them: a Deployment loses its pods at once, a '
    + 'PVC its data binding. Use them for the one resource that needs it (the argocd.argoproj.io/sync-options annotation on '
    + 'that resource), not for the whole production Application.',
  evaluate: (manifest, context) => {
    if (!isApplication(manifest) || !context.production) return notApplicable();
    const options = list(manifest.spec?.syncPolicy?.syncOptions).filter(o => typeof o === 'string' && RISKY.has(o));
    return verdict(options.map(o => `spec.syncPolicy.syncOptions has ${o}`));
  },
});
