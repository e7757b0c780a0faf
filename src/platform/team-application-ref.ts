import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ApplicationSource } from './application-source';
import { PlatformLabels } from './labels';
import { ITeamProject } from './team-project-ref';

/** The labels every team Application carries (selectors of notifications and image updates use them). */
export const TEAM_APP_LABELS = {
  team: PlatformLabels.TEAM,
  app: PlatformLabels.APP,
  environment: PlatformLabels.ENVIRONMENT,
  production: PlatformLabels.PRODUCTION,
} as const;

/** The marker of a team application (also across copies of this library, where `instanceof` is false). */
export const TEAM_APPLICATION_SYMBOL = Symbol.for('cdk8s-argocd-platform.TeamApplication');

/**
 * What other capabilities (image updates, notification subscriptions) use of a team's application
 * (`TeamApplication`), without importing it.
 */
export interface ITeamApplication extends IConstruct {
  /** The team's project. */
  readonly project: ITeamProject;
  /** The application's name (without environment suffix). */
  readonly appName: string;
  /** Where the manifests come from. */
  readonly source: ApplicationSource;
  /** The environments the application is deployed to, in the platform's order. */
  readonly environments: string[];
  /** Whether the source is a Helm chart from a chart repository. */
  readonly isHelmChart: boolean;
  /** Whether production rules apply in this environment. */
  isProduction(environment: string): boolean;
  /** The Application's name in an environment, e.g. `payments-api-dev`. */
  applicationNameFor(environment: string): string;
  /** The namespace the Application object of an environment lives in (production and other environments may differ). */
  applicationNamespaceFor(environment: string): string;
  /** The chart the Application of an environment is rendered into. */
  chartFor(environment: string): Chart;
  /**
   * Adds an annotation to the Application of one environment, or of every environment.
   * @param environment the environment; undefined for every environment
   */
  addAnnotation(key: string, value: string, environment?: string): void;
}

/** Whether an object is a team application (a `TeamApplication`, also one of another copy of this library). */
export function isTeamApplication(x: any): x is ITeamApplication {
  return x !== null && typeof x === 'object' && TEAM_APPLICATION_SYMBOL in x;
}
