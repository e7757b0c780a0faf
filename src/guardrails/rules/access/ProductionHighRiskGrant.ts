import { rbacConfigData } from './rbac-objects';
import { CompiledPolicy, PolicyGraph } from '../../../rbac/compiled-policy';
import { HIGH_RISK_SAMPLE_REQUESTS, isHighRisk } from '../../../rbac/high-risk';
import { isProductionObject } from '../../../rbac/object-scope';
import { PolicyCsv, PolicyLine } from '../../../rbac/policy-csv';
import { ProjectRbac, ProjectRoles } from '../../../rbac/project-roles';
import { RbacConfig } from '../../../rbac/rbac-config';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isAppProject, productionEnvironmentNames, projectReach } from '../../manifests';

/**
 * Objects that stand for a production application of a project. Where the project is known (an
 * AppProject of the same output), what it can deploy decides, as in the access audit: every application
 * of a production project, none of a project whose destinations are all non-production. Otherwise the
 * platform's names decide: applications are named `<app>-<env>` (see rbac/object-scope.ts), in Argo CD's
 * namespace or in an apps-in-any-namespace namespace.
 */
function productionSamples(
  compiled: CompiledPolicy, object: string, production: string[], projects: { [name: string]: string }, everyApplication: boolean,
): string[] {
  const projectPart = object.split('/')[0];
  const wildcard = /[*?]/.test(projectPart);
  const named = (project: string) => {
    const literal = object.replace(/\*/g, 'app').replace(/\?/g, 'a');
    return [...(isProductionObject(literal, production) ? [literal] : []), ...production.flatMap(env => [`${project}/app-${env}`, `${project}/apps/app-${env}`])];
  };
  const every = (project: string) => [`${project}/app`, `${project}/apps/app`];
  const out: string[] = [];
  for (const name of wildcard ? Object.keys(projects).filter(n => compiled.match(n, projectPart)).sort() : [projectPart]) {
    if (projects[name] === 'none') continue; // its destinations are all non-production
    out.push(...named(name), ...(projects[name] === 'production' || everyApplication ? every(name) : []));
  }
  // A pattern also reaches projects this output does not hold (a team repository's).
  if (wildcard) out.push(...named('any-project'), ...(everyApplication ? every('any-project') : []));
  return out;
}

/**
 * The allow lines of `lines` that give a high-risk request on a production application which the
 * compiled evaluator (the subject's roles and its deny lines included) actually allows.
 */
function riskyGrants(
  compiled: CompiledPolicy, graph: (project: string) => PolicyGraph, lines: PolicyLine[], production: string[],
  projects: { [name: string]: string }, everyApplication = false,
) {
  const out: Array<{ line: PolicyLine; what: string; object: string }> = [];
  for (const line of lines) {
    if (line.ptype !== 'p') continue;
    const [subject, resource, action, object, effect] = line.fields;
    if (effect === 'deny') continue;
    const samples = productionSamples(compiled, object, production, projects, everyApplication);
    const covered = HIGH_RISK_SAMPLE_REQUESTS.filter(risk => compiled.match(risk.resource, resource) && compiled.match(risk.action, action));
    const concrete = action.replace(/[*?]/g, 'x');
    const requests = covered.length === 0 && isHighRisk(resource, concrete) ? [{ resource, action: concrete, what: action }] : covered;
    const reached = requests
      .filter(risk => samples.some(sample => compiled.match(sample, object)
        && compiled.enforce(graph(sample.split('/')[0]), subject, risk.resource, risk.action, sample).allowed));
    if (reached.length > 0) {
      const kinds = [...new Set(reached.map(r => r.what))];
      const what = action === '*' || kinds.length > 1 ? `${resource} ${action} (${kinds.join(', ')} included)` : kinds[0];
      out.push({ line, what, object });
    }
  }
  return out;
}

export const ProductionHighRiskGrant = objectRule({
  id: 'ARGO-ACC5',
  name: 'ProductionHighRiskGrant',
  level: GuardrailLevel.WARNING,
  finding: 'A role may override, run resource actions, update or delete resources of, or exec into production applications',
  explanation: '`override` lets a user sync manifests that are not in Git; resource actions (`action/*`) restart, scale or run '
    + 'what the action defines; `update/*` and `delete/*` change or delete live resources; `exec` opens a shell in a running container. '
    + 'All of them bypass the pull request (the access audit marks the same requests high risk). Grant them on non-production applications only, or to a break-glass group whose use is audited. '
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
      return verdict(riskyGrants(compiled, () => compiled.base, lines, production, context.projects ?? {})
        .map(r => `data.policy.csv line ${r.line.lineNumber} gives ${r.line.fields[0]} ${r.what} on ${r.object}`));
    }
    if (!isAppProject(manifest) || typeof manifest.metadata?.name !== 'string') return notApplicable();
    // A project whose destinations are all non-production namespaces cannot deploy to production, whatever
    // its applications are named; a production project (the platform marks it) holds only production applications.
    const reach = projectReach(manifest, production);
    const productionProject = reach === 'production';
    if (reach === 'none') return verdict([]);
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
      const projects = { ...context.projects, [project.name]: reach };
      for (const r of riskyGrants(compiled, name => compiled.graphOfProject(name), lines, production, projects, productionProject)) {
        details.push(`spec.roles[${role.name}] gives ${r.what} on ${r.object}`);
      }
    }
    return verdict(details);
  },
});
