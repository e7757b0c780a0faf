import { ClusterDestination } from './argo-environment';

/** One environment of a team, as the platform set it up. */
export interface TeamContractEnvironment {
  /** The environment's name, e.g. `prod` (also the team repository's output folder `dist/<env>/`). */
  readonly name: string;
  /** Whether production rules apply there. */
  readonly production: boolean;
  /** The destination cluster, as registered in Argo CD. */
  readonly cluster: ClusterDestination;
  /** The team's namespace there, e.g. `payments-prod`. */
  readonly namespace: string;
  /** The AppProject whose destinations include that namespace; the team's Applications there use it. */
  readonly project: string;
  /**
   * The namespace on the Argo CD cluster where the team repository's Applications of this
   * environment live (the production application namespace in production).
   * @default - none: the platform declares the team's Applications itself
   */
  readonly applicationNamespace?: string;
  /** The repositories that project allows. */
  readonly sourceRepos: string[];
}

/** The team's own repository, as the platform's root Applications read it. */
export interface TeamContractRepository {
  /** The repository URL. */
  readonly repoUrl: string;
  /** The branch Argo CD follows. */
  readonly targetRevision: string;
  /** The folder holding `<env>/` (e.g. `dist`). */
  readonly pathPrefix: string;
}

/** What a team repository needs to know about its team on the platform. */
export interface TeamContractTeam {
  /** The team name, e.g. `payments`. */
  readonly team: string;
  /** The team's AppProject (outside production, and everywhere when no other project serves an environment). */
  readonly projectName: string;
  /**
   * The team's production AppProject.
   * @default - none: the platform has no production environment
   */
  readonly productionProjectName?: string;
  /** The namespace Argo CD runs in. */
  readonly argoCdNamespace: string;
  /**
   * The team's production application namespace (the team repository's production Applications).
   * @default - none
   */
  readonly productionApplicationNamespace?: string;
  /**
   * The namespace on the Argo CD cluster where the team's Applications live.
   * @default - none: the platform declares the team's Applications itself
   */
  readonly applicationNamespace?: string;
  /**
   * The team's repository.
   * @default - none
   */
  readonly teamRepository?: TeamContractRepository;
  /** The team's environments, in the platform's order. */
  readonly environments: TeamContractEnvironment[];
  /** The clusters the team deploys to (each once, in the environments' order). */
  readonly clusters: ClusterDestination[];
  /** The repositories the team's project allows (`projectName`'s sourceRepos). */
  readonly sourceRepos: string[];
}
