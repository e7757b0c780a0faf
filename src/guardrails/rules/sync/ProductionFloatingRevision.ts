import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { applicationSourcesOf, isApplication } from '../../manifests';

/** Why a target revision floats: HEAD, empty, or a version range. */
export function floatingRevisionReason(revision: unknown): string | undefined {
  if (revision === undefined || revision === null || (typeof revision === 'string' && revision.trim() === '')) return 'is empty (follows the default branch)';
  if (typeof revision !== 'string') return 'is not a string';
  if (/^head$/i.test(revision.trim())) return 'is HEAD (follows the default branch)';
  if (/[*^~<>|]|\s-\s|(^|\.)[xX](\.|$)/.test(revision)) return 'is a version range';
  return undefined;
}

export const ProductionFloatingRevision = objectRule({
  id: 'ARGO-SYN2',
  name: 'ProductionFloatingRevision',
  level: GuardrailLevel.ERROR,
  finding: 'A production Application follows HEAD, an empty revision or a version range',
  explanation: 'A floating revision changes what production runs without a pull request on the GitOps repository. Pin a branch '
    + 'reviewed for production, a tag or a commit for Git sources, and an exact chart version for Helm charts.',
  evaluate: (manifest, context) => {
    if (!isApplication(manifest) || !context.production) return notApplicable();
    const details: string[] = [];
    for (const source of applicationSourcesOf(manifest)) {
      if (typeof source.value.ref === 'string' && source.value.path === undefined && source.value.chart === undefined) continue;
      const reason = floatingRevisionReason(source.value.targetRevision);
      if (reason) details.push(`${source.field}.targetRevision ${reason} (got ${JSON.stringify(source.value.targetRevision ?? '')})`);
    }
    return verdict(details);
  },
});
