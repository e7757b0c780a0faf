import { rbacConfigData } from './rbac-objects';
import { PRODUCTION_ENVIRONMENTS_ANNOTATION as PRODUCTION_PROJECT_ANNOTATION } from '../../../rbac/access-audit-manifests';
import { CompiledPolicy, PolicyGraph } from '../../../rbac/compiled-policy';
import { isProductionObject } from '../../../rbac/object-scope';
import { PolicyCsv, PolicyLine } from '../../../rbac/policy-csv';
import { ProjectRbac, ProjectRoles } from '../../../rbac/project-roles';
import { RbacConfig } from '../../../rbac/rbac-config';
import { productionNameWord } from '../../../util/checks';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { annotationsOf, isAppProject, list, productionEnvironmentNames, record } from '../../manifests';

/** The high-risk requests: override on an application, exec into one (`exec, create`). */
const HIGH_RISK = [
  { resource: 'applications', action: 'override', what: 'override' },
  { resource: 'exec', action: 'create', what: 'exec' },
];

/**
 * Objects that stand for a production application of a project: the platform names applications
 * `<app>-<env>` (see rbac/object-scope.ts), in Argo CD's namespace or in an apps-in-any-namespace
 * namespace.
 */
function productionSamples(project: string, object: string, production: string[]): string[] {
  const literal = object.replace(/\*/g, 'app').replace(/\?/g, 'a');
  const named = isProductionObject(literal, production) ? [literal] : [];
  return [...named, ...production.flatMap(env => [`${project}/app-${env}`, `${project}/apps/app-${env}`])];
}

/**
 * The allow lines of `lines` that give a high-risk request on a production application which the
 * compiled evaluator (the subject's roles and its deny lines included) actually allows.
 */
function riskyGrants(
  compiled: CompiledPolicy, graph: (project: string) => PolicyGraph, lines: PolicyLine[], production: string[], everyApplication = false,
) {
  const out: Array<{ line: PolicyLine; what: string; object: string }> = [];
  for (const line of lines) {
    if (line.ptype !== 'p') continue;
    const [subject, resource, action, object, effect] = line.fields;
    if (effect === 'deny') continue;
    const project = object.split('/')[0];
    const projectName = project.includes('*') || project.includes('?') ? 'any-project' : project;
    const samples = [...productionSamples(projectName, object, production), ...(everyApplication ? [`${projectName}/app`, `${projectName}/apps/app`] : [])];
    const reached = HIGH_RISK.filter(risk => compiled.match(risk.resource, resource) && compiled.match(risk.action, action))
      .filter(risk => samples.some(sample => compiled.match(sample, object)
        && compiled.enforce(graph(sample.split('/')[0]), subject, risk.resource, risk.action, sample).allowed));
    if (reached.length > 0) {
      const what = action === '*' || reached.length > 1 ? `${resource} ${action} (${reached.map(r => r.what).join(' and ')} included)` : reached[0].what;
      out.push({ line, what, object });
    }
  }
  return out;
}

export const ProductionHighRiskGrant = objectRule({
  id: 'ARGO-ACC5',
  name: 'ProductionHighRiskGrant',
  level: GuardrailLevel.WARNING,
  finding: 'A role may override (sync local manifests, change parameters) or exec into production applications',
  explanation: '`override` lets a user sync manifests that are not in Git, `exec` opens a shell in a running container: both bypass '
    + 'the pull request. Grant them on non-production applications only, or to a break-glass group whose use is audited. '
    + 'The rule asks the same evaluator as `argocd-platform rbac can` (deny lines included): a grant that a deny line takes back is not reported.',
  evaluate: (manifest, context) => {
    const production = productionEnvironmentNames(context.options);
    const data = rbacConfigData(manifest);
    if (data) {
      const config = RbacConfig.fromData(data);
      let lines: PolicyLine[];
      try {
        lines = PolicyCsv.parse(config.policyCsv);
      } catch {
        return notApplicable(); // unreadable policy: the policy validator's business (argocd-platform rbac validate)
      }
      const compiled = new CompiledPolicy(new RbacConfig({ policyCsv: config.policyCsv, matchMode: config.matchMode, builtinPolicy: '' }));
      return verdict(riskyGrants(compiled, () => compiled.base, lines, production)
        .map(r => `data.policy.csv line ${r.line.lineNumber} gives ${r.line.fields[0]} ${r.what} on ${r.object}`));
    }
    if (!isAppProject(manifest) || typeof manifest.metadata?.name !== 'string') return notApplicable();
    // A project whose destinations are all non-production namespaces cannot deploy to production, whatever
    // its applications are named; a production project (the platform marks it) holds only production applications.
    const productionProject = annotationsOf(manifest)[PRODUCTION_PROJECT_ANNOTATION] !== undefined;
    const namespaces = list(manifest.spec?.destinations).map(d => record(d)?.namespace);
    const reachesProduction = productionProject || namespaces.length === 0
      || namespaces.some(ns => typeof ns !== 'string' || /[*?[]/.test(ns) || productionNameWord(ns) !== undefined
        || production.some(env => ns.split('-').includes(env)));
    if (!reachesProduction) return verdict([]);
    const project: ProjectRbac = ProjectRoles.fromManifest(manifest);
    const compiled = new CompiledPolicy(new RbacConfig({ builtinPolicy: '' }), [project]);
    const details: string[] = [];
    for (const role of project.roles ?? []) {
      let lines: PolicyLine[];
      try {
        lines = PolicyCsv.parse((role.policies ?? []).join('\n'));
      } catch {
        continue;
      }
      for (const r of riskyGrants(compiled, name => compiled.graphOfProject(name), lines, production, productionProject)) {
        details.push(`spec.roles[${role.name}] gives ${r.what} on ${r.object}`);
      }
    }
    return verdict(details);
  },
});
