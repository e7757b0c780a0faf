import { globMatch } from '../rbac/glob-match';
import { HIGH_RISK_APPLICATION_ACTIONS, isHighRisk } from '../rbac/high-risk';
import { PolicyEffect } from '../rbac/rbac-policy';

/** Options of `TeamAccess.of`: what a group may do on the team's applications per environment class. */
export interface TeamAccessOptions {
  /**
   * Actions on the team's applications outside production, e.g. `['get', 'sync', 'action/*']`
   * (`*` for every action).
   */
  readonly nonProduction: string[];
  /** Actions on the team's production applications, e.g. `['get']`. */
  readonly production: string[];
}

/** One rendered permission, relative to the team's project: `<project>/<objectInProject>`. */
export interface TeamAccessGrant {
  /** The action. */
  readonly action: string;
  /** The object inside the project: `*` (every application of the project). */
  readonly objectInProject: string;
  /** Allow or deny. */
  readonly effect: PolicyEffect;
}

/** Which of a team's projects a grant is for. */
export enum TeamProjectClass {
  /** The team's project: its namespaces outside production. */
  NON_PRODUCTION = 'non-production',
  /** The team's production project: its production namespaces only. */
  PRODUCTION = 'production',
  /** The team's only project, on a platform without production environments. */
  ALL = 'all',
}

/** Every action Argo CD 3.5 checks on applications (what `*` stands for when it is split). */
const APPLICATION_ACTIONS = ['get', 'create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*'];


const TEAMACCESS_SYMBOL = Symbol.for('cdk8s-argocd-platform.TeamAccess');

/**
 * What a team's group may do on the team's applications, declared per environment class:
 * production apart from the rest.
 *
 * Mechanism (enforced by Argo CD): production is a project boundary, not a name. A `TeamProject`
 * on a platform with production environments renders two AppProjects: the team's project, whose
 * destinations are the team's namespaces outside production, and its production project
 * (`<project>-prod` by default), whose destinations are only the team's production namespaces on
 * the production clusters. Argo CD checks every Application's destination against its project, so
 * an Application of the team's project cannot deploy to production under any name. The actions
 * outside production are granted on `<project>/*`, the production actions on `<production
 * project>/*`; no line depends on how an Application is named.
 *
 * Creating, updating or deleting Applications in a production project through the API is the
 * platform admins' alone (guardrail ARGO-ACC7 fails the synth for anyone else unless
 * acknowledged): production Applications come from the platform repository (or a team
 * repository's production root Application) after review. The defaults give team leads get and
 * sync in production and developers get; `platformSyncsProduction()` is the seed's rule "only the
 * platform team syncs production". Override, exec, `update/*`, `delete/*` and resource actions in
 * production are never a default.
 */
export class TeamAccess {
  /** Whether an object is a TeamAccess, also one created by another copy of this library (where `instanceof` is false). */
  public static isTeamAccess(x: any): x is TeamAccess {
    return x !== null && typeof x === 'object' && TEAMACCESS_SYMBOL in x;
  }

  /**
   * The default for developers: get, sync and resource actions outside production; read-only in
   * production, where syncs belong to the team leads or the platform team (the seed's workflow).
   */
  public static developersDefault(): TeamAccess {
    return new TeamAccess(['get', 'sync', 'action/*'], ['get']);
  }

  /**
   * The default for team leads: every action outside production; get and sync (of reviewed
   * changes) in production, none of the high-risk actions.
   */
  public static teamLeadsDefault(): TeamAccess {
    return new TeamAccess(['*'], ['get', 'sync']);
  }

  /**
   * The seed's `policy.csv`: get, sync and resource actions in every environment, production
   * included. An explicit choice, never a default; the audit lists it under "Who can change production".
   */
  public static syncEverywhere(): TeamAccess {
    return new TeamAccess(['get', 'sync', 'action/*'], ['get', 'sync', 'action/*']);
  }

  /**
   * The seed's rule "only the platform team syncs production": every action outside production,
   * get in production. Give it to team leads (developers have get in production by default); the
   * platform's admins sync production.
   */
  public static platformSyncsProduction(): TeamAccess {
    return new TeamAccess(['*'], ['get']);
  }

  /** Read-only everywhere. */
  public static readOnly(): TeamAccess {
    return new TeamAccess(['get'], ['get']);
  }

  /** Any split. High-risk actions in production are allowed here, and shown at the top of the audit. */
  public static of(options: TeamAccessOptions): TeamAccess {
    return new TeamAccess(options.nonProduction, options.production);
  }

  /** Actions outside production. */
  public readonly nonProduction: string[];
  /** Actions in production. */
  public readonly production: string[];

  private constructor(nonProduction: string[], production: string[]) {
    Object.defineProperty(this, TEAMACCESS_SYMBOL, { value: true });
    this.nonProduction = [...new Set(nonProduction)];
    this.production = [...new Set(production)];
  }

  /** The high-risk actions this grants in production (override, resource actions, fine-grained update and delete). */
  public highRiskInProduction(): string[] {
    const production = this.production.includes('*') ? APPLICATION_ACTIONS : this.production;
    return production.filter(a => HIGH_RISK_APPLICATION_ACTIONS.some(h => globMatch(a, h)) || isHighRisk('applications', a));
  }

  /**
   * The grants on the team's applications, relative to one project: the production actions for
   * the production project, the actions outside production for the team's project. A platform
   * without production environments has one project per team, which gets both.
   * @param projectClass which project of the team the grants are for
   */
  public grantsFor(projectClass: TeamProjectClass): TeamAccessGrant[] {
    const actions = projectClass === TeamProjectClass.PRODUCTION ? this.production
      : projectClass === TeamProjectClass.NON_PRODUCTION ? this.nonProduction
        : [...new Set([...this.nonProduction, ...this.production])];
    return actions.map(action => ({ action, objectInProject: '*', effect: PolicyEffect.ALLOW }));
  }

  /** The actions this grants in production that create, update or delete Applications (for the platform's admins only). */
  public writesInProduction(): string[] {
    const production = this.production.includes('*') ? APPLICATION_ACTIONS : this.production;
    return production.filter(a => ['create', 'update', 'delete'].includes(a));
  }
}
