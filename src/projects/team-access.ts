import { globMatch } from '../rbac/glob-match';
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
  /** The object inside the project: `*` or `*-<env>`. */
  readonly objectInProject: string;
  /** Allow or deny. */
  readonly effect: PolicyEffect;
}

/** Every action Argo CD 3.5 checks on applications (what `*` stands for when it is split). */
const APPLICATION_ACTIONS = ['get', 'create', 'update', 'delete', 'sync', 'override', 'action/*', 'update/*', 'delete/*'];

/** Actions that change production beyond a reviewed sync; no default grants them on production. */
export const HIGH_RISK_PRODUCTION_ACTIONS = ['override', 'action/*', 'update/*', 'delete/*'];

const TEAMACCESS_SYMBOL = Symbol.for('cdk8s-argocd-platform.TeamAccess');

/**
 * What a team's group may do on the team's applications, declared per environment class:
 * production apart from the rest.
 *
 * Mechanism (enforced by Argo CD's RBAC): the platform names every environment's Application
 * `<app>-<env>` (`TeamApplication`), so production applications are exactly the objects
 * `<project>/*-<env>` of the production environments (`*` also matches the namespace segment of
 * Applications in any namespace). An action allowed everywhere is one line on `<project>/*`; an
 * action allowed outside production only is allowed on `<project>/*` and denied on
 * `<project>/*-prod` (a deny wins, and only for the subjects bound to this role); an action for
 * production only is allowed on `<project>/*-prod`. The policy reads as the rule it implements,
 * and the access audit shows it per environment class ("sync" outside production, nothing in it).
 * One project per team keeps the team's view, sync windows and repositories in one place. The
 * environment is read from the name, so an Application a team writes by hand in its own
 * repository must follow `<app>-<env>` too (`TeamApplication` and `ExternalTeamProject` do).
 *
 * Limitation: the name is not tied to the destination. Argo CD checks an Application's
 * destination against its project only, and the team's project allows the production namespace,
 * so whoever may create or update an Application of the project under a name that is not
 * `*-<env>` of a production environment (team leads, with every action outside production; the
 * team repository's auto-syncing root Applications, for projects with `sourceNamespaces`) can
 * point it at production, and whoever may sync it deploys there. The access audit lists these
 * paths ("Through an Application not named as production"). Recommended mitigation: a separate
 * production project per team (production destinations only, its own roles), so the boundary is
 * the project rather than the name.
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
    return production.filter(a => HIGH_RISK_PRODUCTION_ACTIONS.some(h => globMatch(a, h)) || /^(action|update|delete)\//.test(a));
  }

  /**
   * The grants on the team's applications, relative to its project, for the given production
   * environments; throws when an action outside production would have to be denied in production
   * although a production action falls under it (e.g. `action/*` outside production only, and
   * `action/apps/Deployment/restart` in production).
   */
  public grantsFor(productionEnvironments: string[]): TeamAccessGrant[] {
    const allow = (action: string, objectInProject: string) => ({ action, objectInProject, effect: PolicyEffect.ALLOW });
    if (productionEnvironments.length === 0) {
      return [...new Set([...this.nonProduction, ...this.production])].map(a => allow(a, '*'));
    }
    const grants: TeamAccessGrant[] = [];
    const productionSuffixes = productionEnvironments.map(env => `*-${env}`);
    const everywhere = this.nonProduction.filter(a => this.production.includes(a));
    for (const action of everywhere) grants.push(allow(action, '*'));
    for (const action of this.nonProduction.filter(a => !everywhere.includes(a))) {
      grants.push(allow(action, '*'));
      const denied = action === '*' ? APPLICATION_ACTIONS.filter(a => !this.production.includes(a)) : [action];
      for (const deny of denied) {
        const covered = this.production.find(p => p !== deny && globMatch(p, deny));
        if (covered) {
          throw new Error(`production action ${covered} falls under ${deny}, which is denied in production (allowed outside production only); allow ${deny} in production too, or list the non-production actions one by one`);
        }
        for (const suffix of productionSuffixes) grants.push({ action: deny, objectInProject: suffix, effect: PolicyEffect.DENY });
      }
    }
    for (const action of this.production.filter(a => !everywhere.includes(a))) {
      if (this.nonProduction.includes('*')) continue; // allowed on <project>/* already, and not denied
      for (const suffix of productionSuffixes) grants.push(allow(action, suffix));
    }
    return grants;
  }
}
