import { rbacConfigData, rbacPolicyLines } from './rbac-objects';
import { globMatch } from '../../../rbac/glob-match';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isAppProject, list, productionEnvironmentNames, record } from '../../manifests';

/** Whether a policy grants override on applications or exec, on an object that can reach production. */
function highRisk(resource: string, action: string, object: string, effect: string, production: string[]): string | undefined {
  if (effect === 'deny') return undefined;
  const override = resource === 'applications' && (action === 'override' || action === '*');
  const exec = resource === 'exec' && (action === 'create' || action === '*');
  if (!override && !exec) return undefined;
  // Could the object match an application of a production environment (named after it, as the platform names them)?
  const [project] = object.split('/');
  const p = project.includes('*') ? 'any-project' : project;
  const reaches = production.some(env => new RegExp(`(^|[^a-z0-9])${env}($|[^a-z0-9])`).test(object)) || production.some(env => [`${p}/app-${env}`, `${p}/${env}`, `${p}/${env}-app`, `${p}/app-${env}-x`, `${p}/${env}/app`, `${p}/ns/app-${env}`]
    .some(sample => globMatch(sample, object)));
  const what = action === '*' ? `${resource} * (${override ? 'override' : 'exec'} included)` : override ? 'override' : 'exec';
  return reaches ? `${what} on ${object}` : undefined;
}

export const ProductionHighRiskGrant = objectRule({
  id: 'ARGO-ACC5',
  name: 'ProductionHighRiskGrant',
  level: GuardrailLevel.WARNING,
  finding: 'A role may override (sync local manifests, change parameters) or exec into production applications',
  explanation: '`override` lets a user sync manifests that are not in Git, `exec` opens a shell in a running container: both bypass '
    + 'the pull request. Grant them on non-production applications only, or to a break-glass group whose use is audited.',
  evaluate: (manifest, context) => {
    const production = productionEnvironmentNames(context.options);
    const data = rbacConfigData(manifest);
    const details: string[] = [];
    if (data) {
      for (const line of rbacPolicyLines(data).filter(l => l.ptype === 'p')) {
        const [subject, resource, action, object, effect] = line.fields;
        const risk = highRisk(resource, action, object, effect, production);
        if (risk) details.push(`data.policy.csv line ${line.lineNumber} gives ${subject} ${risk}`);
      }
      return verdict(details);
    }
    if (!isAppProject(manifest)) return notApplicable();
    list(manifest.spec?.roles).forEach((r, i) => {
      const role = record(r) ?? {};
      for (const policy of list(role.policies)) {
        if (typeof policy !== 'string') continue;
        const fields = policy.split(',').map(f => f.trim());
        if (fields.length !== 6) continue;
        const risk = highRisk(fields[2], fields[3], fields[4], fields[5], production);
        if (risk) details.push(`spec.roles[${role.name ?? i}] gives ${risk}`);
      }
    });
    return verdict(details);
  },
});
