import type { Enforcer } from 'casbin';
import { matcherFor } from './glob-match';
import { PolicyCsv, PolicyLine } from './policy-csv';
import { ProjectRbac, ProjectRoles } from './project-roles';
import { RbacConfig } from './rbac-config';

/** Argo CD's casbin model (`assets/model.conf`). */
export const ARGOCD_RBAC_MODEL = `
[request_definition]
r = sub, res, act, obj

[policy_definition]
p = sub, res, act, obj, eft

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = g(r.sub, p.sub) && globOrRegexMatch(r.res, p.res) && globOrRegexMatch(r.act, p.act) && globOrRegexMatch(r.obj, p.obj)
`;

/** Resources whose object names a project in its first segment (`getProjectFromRequest`). */
const PROJECT_LOOKUP_RESOURCES = ['applications', 'applicationsets', 'repositories', 'clusters', 'logs', 'exec'];

/** Options for an RbacEvaluator. */
export interface RbacEvaluatorOptions {
  /**
   * Load Argo CD's builtin policy before the user policy (`--use-builtin-policy`).
   * @default true
   */
  readonly useBuiltinPolicy?: boolean;
  /**
   * Override the config's default role (`--default-role`).
   * @default - the config's policy.default
   */
  readonly defaultRole?: string;
  /**
   * AppProjects whose roles are added as runtime policy on the API-server path.
   * @default - none
   */
  readonly projects?: ProjectRbac[];
}

/** A compiled policy source: the lines Argo CD loads, in order. */
interface LoadedPolicy {
  readonly lines: PolicyLine[];
}

/**
 * Decides like Argo CD 3.5, with node-casbin, Argo CD's model and a gobwas-compatible
 * `globOrRegexMatch`. Two levels: `can()` is `argocd admin settings rbac can` (plain subject),
 * `canWithGroups()` is the API server (subject, then groups that have a `g` line, with the
 * project's roles as runtime policy).
 */
export class RbacEvaluator {
  /** Builds the enforcers (casbin loading is asynchronous; decisions are synchronous). */
  public static async create(config: RbacConfig, options: RbacEvaluatorOptions = {}): Promise<RbacEvaluator> {
    const builtin = options.useBuiltinPolicy === false ? [] : PolicyCsv.parse(config.builtinPolicy);
    const user = PolicyCsv.parse(config.policyCsv);
    const base = { lines: [...builtin, ...user] };
    const match = matcherFor(config.matchMode);
    const baseEnforcer = await buildEnforcer(base, match);
    const projectEnforcers = new Map<string, ProjectEnforcer>();
    for (const project of options.projects ?? []) {
      const runtimeText = ProjectRoles.policiesString(project);
      let runtime: PolicyLine[] | undefined;
      try {
        runtime = runtimeText === '' ? undefined : PolicyCsv.parse(runtimeText);
      } catch {
        runtime = undefined; // invalid runtime policy: Argo CD falls back to builtin + user
      }
      const loaded = runtime ? { lines: [...base.lines, ...runtime] } : base;
      const enforcer = runtime ? await buildEnforcer(loaded, match) : baseEnforcer;
      projectEnforcers.set(project.name, {
        project,
        enforcer,
        groupSubjects: new Set(loaded.lines.filter(l => l.ptype === 'g').map(l => l.fields[0])),
      });
    }
    const defaultRole = options.defaultRole ?? config.policyDefault;
    return new RbacEvaluator(config, baseEnforcer, base, projectEnforcers, defaultRole);
  }

  private readonly baseGroupSubjects: Set<string>;

  private constructor(
    /** The configuration evaluated. */
    public readonly config: RbacConfig,
    private readonly baseEnforcer: Enforcer,
    base: LoadedPolicy,
    private readonly projectEnforcers: Map<string, ProjectEnforcer>,
    /** The default role, '' for none. */
    public readonly defaultRole: string,
  ) {
    this.baseGroupSubjects = new Set(base.lines.filter(l => l.ptype === 'g').map(l => l.fields[0]));
  }

  /**
   * `argocd admin settings rbac can`: the default role first, then the subject; no groups, no
   * project roles.
   */
  public can(subject: string, resource: string, action: string, object: string): boolean {
    return this.enforceWithDefault(this.baseEnforcer, subject, resource, action, object);
  }

  /**
   * The API server (`EnforceClaims`): the project named by the object adds its roles as runtime
   * policy; the default role, then the subject, then each group that is the first field of some
   * `g` line. A `proj:<p>:<r>` subject is a project token: only the project's policy applies
   * (the token itself is assumed valid).
   */
  public canWithGroups(subject: string, groups: string[], resource: string, action: string, object: string): boolean {
    const project = this.projectOf(resource, object);
    const enforcer = project?.enforcer ?? this.baseEnforcer;
    const groupSubjects = project?.groupSubjects ?? this.baseGroupSubjects;
    if (project && /^proj:/.test(subject)) {
      const parts = subject.split(':');
      if (parts.length !== 3 || parts[1] !== project.project.name) return false;
      return this.enforceWithDefault(enforcer, subject, resource, action, object);
    }
    if (this.enforceWithDefault(enforcer, subject, resource, action, object)) return true;
    for (const group of groups) {
      if (groupSubjects.has(group) && this.enforceWithDefault(enforcer, group, resource, action, object)) return true;
    }
    return false;
  }

  /** The loaded project named by a request's object, as `getProjectFromRequest` finds it. */
  private projectOf(resource: string, object: string): ProjectEnforcer | undefined {
    if (PROJECT_LOOKUP_RESOURCES.includes(resource)) {
      const parts = object.split('/');
      return parts.length >= 2 ? this.projectEnforcers.get(parts[0]) : undefined;
    }
    if (resource === 'projects') return this.projectEnforcers.get(object);
    return undefined;
  }

  private enforceWithDefault(enforcer: Enforcer, subject: string, resource: string, action: string, object: string): boolean {
    if (this.defaultRole !== '' && safeEnforce(enforcer, this.defaultRole, resource, action, object)) return true;
    return safeEnforce(enforcer, subject, resource, action, object);
  }
}

interface ProjectEnforcer {
  readonly project: ProjectRbac;
  readonly enforcer: Enforcer;
  readonly groupSubjects: Set<string>;
}

/** An error inside casbin (e.g. an invalid regex) is a deny, as in Argo CD. */
function safeEnforce(enforcer: Enforcer, ...rvals: string[]): boolean {
  try {
    return enforcer.enforceSync(...rvals);
  } catch {
    return false;
  }
}

async function buildEnforcer(policy: LoadedPolicy, match: (value: string, pattern: string) => boolean): Promise<Enforcer> {
  // casbin loads only when an evaluator is created (the CLI, tests), never for a synth.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { newEnforcer, newModelFromString } = require('casbin') as typeof import('casbin');
  const enforcer = await newEnforcer(newModelFromString(ARGOCD_RBAC_MODEL));
  const model = enforcer.getModel();
  // Policies are added programmatically: our CSV reader handles quoted fields as Go's encoding/csv does.
  // Appended as Argo CD's adapter appends them (model[sec][key].Policy = append(...)): casbin's
  // addPolicy searches the whole list for a duplicate first, which makes loading quadratic.
  for (const line of policy.lines) {
    const assertion = model.model.get(line.ptype)?.get(line.ptype);
    if (assertion) assertion.policy.push([...line.fields]);
  }
  await enforcer.buildRoleLinks();
  await enforcer.addFunction('globOrRegexMatch', (value: string, pattern: string) => match(value, pattern));
  return enforcer;
}
