import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClusterDestination } from './argo-environment';

/** Where a team deploys in one environment. */
export interface TeamDeploymentTarget {
  /** The environment's name, e.g. `prod`. */
  readonly environmentName: string;
  /** Whether production rules apply there. */
  readonly production: boolean;
  /** The team's namespace there, e.g. `payments-prod`. */
  readonly namespace: string;
  /** The destination cluster. */
  readonly cluster: ClusterDestination;
  /** The chart the environment's Applications are rendered into (its folder is `dist/<env>/`). */
  readonly chart: Chart;
  /** The AppProject of the team's Applications there: the team's production project in a production environment. */
  readonly projectName: string;
  /**
   * The namespace the team's Application objects of the environment are rendered into: Argo CD's
   * namespace, or for a team repository the team's (production) application namespace.
   */
  readonly applicationNamespace: string;
}

/**
 * A team's AppProject as applications see it: a `TeamProject` in the platform repository, or an
 * `ExternalTeamProject` in a team's own repository (which refers to a project the platform owns).
 */
export interface ITeamProject extends IConstruct {
  /** The team name. */
  readonly team: string;
  /** The AppProject name outside production; `deploymentTargets()` names each environment's project. */
  readonly projectName: string;
  /** The namespace Argo CD runs in. */
  readonly argoCdNamespace: string;
  /**
   * The namespace the team's Application objects (and their ImageUpdater resources) are rendered
   * into by this code: Argo CD's namespace for a `TeamProject` of the platform repository; the
   * team's application namespace for an `ExternalTeamProject` that has one (Applications in any
   * namespace), else Argo CD's namespace.
   */
  readonly applicationObjectsNamespace: string;
  /** The team's deployment target in every environment, in the platform's order. */
  deploymentTargets(): TeamDeploymentTarget[];
  /**
   * Makes sure the project may deploy from a repository: adds it to a project this code owns, or
   * checks it against the repositories the platform allows.
   */
  addSourceRepo(repo: string): void;
}
