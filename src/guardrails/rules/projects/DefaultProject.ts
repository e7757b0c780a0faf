import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isApplication, isKind } from '../../manifests';

export const DefaultProject = objectRule({
  id: 'ARGO-PRJ4',
  name: 'DefaultProject',
  level: GuardrailLevel.ERROR,
  finding: 'An Application belongs to the `default` project',
  explanation: 'The `default` project allows every repository, every destination and every resource kind: an Application there '
    + 'escapes the team\'s project boundaries. Put it in its team\'s AppProject.',
  evaluate: manifest => {
    const application = isApplication(manifest);
    const applicationSet = isKind(manifest, 'argoproj.io', 'ApplicationSet');
    if (!application && !applicationSet) return notApplicable();
    const field = application ? 'spec.project' : 'spec.template.spec.project';
    const project = application ? manifest.spec?.project : manifest.spec?.template?.spec?.project;
    if (project === 'default') return verdict([`${field} is "default"`]);
    if (application && (typeof project !== 'string' || project === '')) return verdict([`${field} is empty (Argo CD uses default)`]);
    return verdict([]);
  },
});
