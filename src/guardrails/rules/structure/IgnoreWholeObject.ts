import { parseYaml } from '../../../util/yaml';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isApplication, isConfigMapNamed, list, record } from '../../manifests';

const WHOLE_POINTERS = new Set(['', '/', '/spec', '/metadata', '/data', '/stringData']);
const WHOLE_JQ = new Set(['.', '.spec', '.metadata', '.data', '.stringData']);

/** Entries of an ignoreDifferences list that hide a whole object, spec, metadata or data. */
function wholeIgnores(entries: unknown, field: string): string[] {
  const details: string[] = [];
  list(entries).forEach((e, i) => {
    const entry = record(e) ?? {};
    const where = `${field}[${entry.kind ?? i}]`;
    for (const pointer of list(entry.jsonPointers)) {
      if (typeof pointer === 'string' && WHOLE_POINTERS.has(pointer.replace(/\/+$/, ''))) details.push(`${where}.jsonPointers has ${JSON.stringify(pointer)}`);
    }
    for (const expression of list(entry.jqPathExpressions)) {
      if (typeof expression === 'string' && WHOLE_JQ.has(expression.trim())) details.push(`${where}.jqPathExpressions has ${JSON.stringify(expression)}`);
    }
  });
  return details;
}

export const IgnoreWholeObject = objectRule({
  id: 'ARGO-DRF1',
  name: 'IgnoreWholeObject',
  level: GuardrailLevel.ERROR,
  finding: 'ignoreDifferences hides a whole /spec, /metadata or /data (drift is ignored, not managed)',
  explanation: 'Ignoring a whole spec means Argo CD shows the resource in sync whatever runs, and self-heal never repairs it: the '
    + 'drift the seed warns about, made invisible. Ignore the one field another controller owns (e.g. /spec/replicas under an HPA).',
  evaluate: manifest => {
    if (isApplication(manifest)) return verdict(wholeIgnores(manifest.spec?.ignoreDifferences, 'spec.ignoreDifferences'));
    if (!isConfigMapNamed(manifest, 'argocd-cm')) return notApplicable();
    const details: string[] = [];
    for (const [key, value] of Object.entries(record(manifest.data) ?? {})) {
      if (!key.startsWith('resource.customizations.ignoreDifferences.') || typeof value !== 'string') continue;
      let parsed: unknown;
      try {
        parsed = parseYaml(value);
      } catch {
        continue;
      }
      details.push(...wholeIgnores([parsed], `data.${key}`));
    }
    return verdict(details);
  },
});
