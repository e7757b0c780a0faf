import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { applicationSourcesOf, isApplication, record } from '../../manifests';

/** The default of `GuardrailOptions.maxSourcesPerApplication`. */
export const DEFAULT_MAX_SOURCES_PER_APPLICATION = 5;

export const GiantApplication = objectRule({
  id: 'ARGO-STR3',
  name: 'GiantApplication',
  level: GuardrailLevel.WARNING,
  finding: 'One Application holds too much: more sources than the limit, or a whole repository read recursively',
  explanation: 'One giant app syncs, fails and rolls back as a unit: a broken ConfigMap of one service blocks every other, and its '
    + 'diff is unreadable. Split it into one Application per service (App of Apps or ApplicationSet).',
  evaluate: (manifest, context) => {
    if (!isApplication(manifest)) return notApplicable();
    const max = context.options.maxSourcesPerApplication ?? DEFAULT_MAX_SOURCES_PER_APPLICATION;
    const sources = applicationSourcesOf(manifest);
    const details: string[] = [];
    if (sources.length > max) details.push(`spec.sources has ${sources.length} sources (at most ${max})`);
    for (const source of sources) {
      const path = typeof source.value.path === 'string' ? source.value.path.replace(/^\.?\/*|\/+$/g, '') : undefined;
      if (record(source.value.directory)?.recurse === true && (path === '' || path === '.')) {
        details.push(`${source.field} reads the whole repository recursively (path ${JSON.stringify(source.value.path)}, directory.recurse true)`);
      }
    }
    return verdict(details);
  },
});
