import { Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IgnoreDifferences, renderIgnoreDifferences } from './ignore-differences';
import { ProductionAutoSync } from '../guardrails/rules/sync/ProductionAutoSync';
import { Application } from '../imports/application-argoproj.io';
import { Acknowledgements } from '../platform/acknowledgements';
import { ApplicationSource, ApplicationSourceKind } from '../platform/application-source';
import { ArgoPlatform } from '../platform/argo-platform';
import { PlatformLabels } from '../platform/labels';
import { ApplicationSyncOptions, renderRetry, renderSyncOptions, SyncRetryOptions } from '../platform/sync-options';
import { ITeamApplication, TEAM_APP_LABELS, TEAM_APPLICATION_SYMBOL, isTeamApplication } from '../platform/team-application-ref';
import { ITeamProject, TeamDeploymentTarget } from '../platform/team-project-ref';
import { assertAcknowledgementReason, assertEnvironmentSubset, assertLabelMap } from '../util/checks';
import { assertDnsLabel, fail } from '../util/validation';

/**
 * An explicit, reviewed exception to "production syncs by hand": automated sync in production.
 */
export interface ProductionAutoSyncOptions {
  /**
   * Why this application may sync itself in production (at least 10 characters). It acknowledges the
   * guardrail ARGO-SYN1 and is rendered on the production Application as the annotation
   * `argocd-platform/acknowledge: "ARGO-SYN1: <reason>"`, so the exception is visible in the output and the guardrails report.
   */
  readonly reason: string;
}

/** Props for a TeamApplication. */
export interface TeamApplicationProps {
  /**
   * The team's project. Every Application is pinned to the team's project of its environment (the
   * production project in a production environment); there is deliberately no `project` override.
   */
  readonly project: ITeamProject;
  /**
   * The application's name, e.g. `payments-api` (a DNS-1123 label). The Application in each
   * environment is `<appName>-<env>`, prefixed with `<team>-` unless the name already starts with
   * the team name, so names stay unique across teams.
   */
  readonly appName: string;
  /** What to deploy: `ApplicationSource.fromDirectory(...)` or `ApplicationSource.fromHelmChart(...)`. */
  readonly source: ApplicationSource;
  /**
   * The environments the application is deployed to.
   * @default - every environment of the platform
   */
  readonly environments?: string[];
  /**
   * Sync options.
   * @default - none beyond RespectIgnoreDifferences=true when an ignore entry asks for it
   */
  readonly syncOptions?: ApplicationSyncOptions;
  /**
   * How failed syncs are retried.
   * @default - 5 retries, waiting 5s, doubling, at most 3m
   */
  readonly retry?: SyncRetryOptions;
  /**
   * Fields Argo CD does not compare, e.g. `IgnoreDifferences.hpaManagedReplicas()`.
   * @default - none
   */
  readonly ignoreDifferences?: IgnoreDifferences[];
  /**
   * Automated sync in production. Without it, production Applications have no `automated` block:
   * changes reach production through PR approval and a manual sync.
   * @default - production syncs are manual
   */
  readonly productionAutoSync?: ProductionAutoSyncOptions;
  /**
   * Annotations on every Application (e.g. notification subscriptions
   * `notifications.argoproj.io/subscribe.<trigger>.<service>`).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Extra labels on every Application.
   * @default - only the platform's labels (team, app, environment)
   */
  readonly labels?: { [key: string]: string };
  /**
   * Delete the application's resources when its Application is deleted (the
   * `resources-finalizer.argocd.argoproj.io` finalizer).
   * @default - true outside production; false in production, where removing an application from
   * Git orphans its workloads instead of deleting them
   */
  readonly cascadeDelete?: boolean;
}

const ANNOTATION_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Label keys the platform sets on every team Application. */
export { TEAM_APP_LABELS };

/**
 * One of a team's applications, deployed to each environment as its own Application, rendered
 * into that environment's chart (`dist/<env>/application-<name>.yaml`) where the environment's root
 * Application (App of Apps) picks it up. The Application lives in the environment's application
 * namespace (Argo CD's namespace, or in a team repository the team's (production) application
 * namespace, see `ExternalTeamProject`), belongs to the team's project of the environment (the
 * production project in production), deploys to the team's namespace of the environment, and
 * syncs by itself (prune + self-heal) outside production only.
 *
 * @example
 * import { ApplicationSource, ArgoPlatform, IgnoreDifferences, TeamApplication, TeamProject } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * declare const payments: TeamProject;
 * // One Application per environment: payments-api-dev, payments-api-prod, ...
 * new TeamApplication(platform, 'PaymentsApi', {
 *   project: payments,
 *   appName: 'payments-api',
 *   source: ApplicationSource.fromDirectory({
 *     repoUrl: 'git@github.com:example/gitops-config.git',
 *     targetRevision: 'main',
 *     pathPattern: 'apps/{app}/overlays/{env}',
 *   }),
 *   ignoreDifferences: [IgnoreDifferences.hpaManagedReplicas()],
 *   syncOptions: { pruneLast: true },
 * });
 */
export class TeamApplication extends Construct implements ITeamApplication {
  /** Whether an object is a TeamApplication, also one created by another copy of this library (where `instanceof` is false). */
  public static isTeamApplication(x: any): x is TeamApplication {
    return isTeamApplication(x);
  }

  /** The team's project. */
  public readonly project: ITeamProject;
  /** The application's name (without environment suffix). */
  public readonly appName: string;
  /** The source. */
  public readonly source: ApplicationSource;
  private readonly targets: TeamDeploymentTarget[];
  private readonly applications = new Map<string, Application>();
  private readonly ignores: IgnoreDifferences[] = [];
  private readonly annotationValues = new Map<string, Map<string, string>>();

  constructor(scope: Construct, id: string, props: TeamApplicationProps) {
    super(scope, id);
    Object.defineProperty(this, TEAM_APPLICATION_SYMBOL, { value: true });
    this.project = props.project;
    this.appName = assertDnsLabel(this, 'appName', props.appName);
    if (!ApplicationSource.isApplicationSource(props.source)) {
      fail(this, 'source', props.source, 'must be ApplicationSource.fromDirectory(...) or ApplicationSource.fromHelmChart(...)');
    }
    this.source = props.source;
    this.targets = this.selectTargets(props.environments);

    const sources = this.source._render(this, this.appName, this.targets.map(t => ({ name: t.environmentName, production: t.production })));
    this.project.addSourceRepo(this.source.repoUrl);

    const production = this.targets.filter(t => t.production);
    if (props.productionAutoSync !== undefined) {
      const reason = assertAcknowledgementReason(this, 'productionAutoSync.reason', props.productionAutoSync.reason, 'why this application may sync itself in production');
      if (production.length === 0) {
        fail(this, 'productionAutoSync', reason, 'none of this application\'s environments is a production environment');
      }
    }
    for (const [i, ignore] of (props.ignoreDifferences ?? []).entries()) this.addIgnoreDifferences(ignore, `ignoreDifferences[${i}]`);

    const retry = renderRetry(this, props.retry ?? {});
    renderSyncOptions(this, props.syncOptions ?? {});
    const extraLabels = assertLabelMap(this, 'labels', props.labels, Object.values(TEAM_APP_LABELS));

    // Registered with the platform when there is one (not in a team's own repository).
    const platform = ArgoPlatform.tryPlatformOf(this);
    for (const target of this.targets) {
      const name = this.applicationNameFor(target.environmentName);
      const automated = !target.production || props.productionAutoSync !== undefined;
      const cascade = props.cascadeDelete ?? !target.production;
      if (target.chart.node.tryFindChild(`TeamApplication-${name}`)) {
        fail(this, 'appName', this.appName, `the Application ${name} already exists in environment ${target.environmentName}; application names must be unique`);
      }
      const app = new Application(target.chart, `TeamApplication-${name}`, {
        metadata: {
          name,
          namespace: target.applicationNamespace,
          labels: {
            ...extraLabels,
            [TEAM_APP_LABELS.team]: this.project.team,
            [TEAM_APP_LABELS.app]: this.appName,
            [TEAM_APP_LABELS.environment]: target.environmentName,
            [TEAM_APP_LABELS.production]: String(target.production),
          },
          ...(cascade ? { finalizers: ['resources-finalizer.argocd.argoproj.io'] } : {}),
        },
        spec: {
          // The production project in a production environment: the destination decides, never the name.
          project: target.projectName,
          source: sources[target.environmentName],
          destination: { ...target.cluster, namespace: target.namespace },
          syncPolicy: {
            ...(automated ? { automated: { prune: true, selfHeal: true } } : {}),
            syncOptions: Lazy.any({ produce: () => orUndefined(renderSyncOptions(this, props.syncOptions ?? {}, this.respectIgnoreDifferences() ? ['RespectIgnoreDifferences=true'] : [])) }),
            retry,
          },
          ignoreDifferences: Lazy.any({ produce: () => orUndefined(renderIgnoreDifferences(this.ignores)) }),
        },
      });
      this.applications.set(target.environmentName, app);
      platform?.applications.register(this, {
        name,
        namespace: target.applicationNamespace,
        environment: target.environmentName,
        projectName: target.projectName,
        team: this.project.team,
        construct: this,
      });
      Acknowledgements.renderedFor(app, this);
      if (target.production && props.productionAutoSync) {
        // The exception travels with the Application, so `argocd-platform lint dist/<env>` agrees with the synth.
        this.addAnnotation(PlatformLabels.ACKNOWLEDGE, `${ProductionAutoSync.id}: ${props.productionAutoSync.reason.trim()}`, target.environmentName);
      }
    }
    for (const [key, value] of Object.entries(props.annotations ?? {})) this.addAnnotation(key, value);
  }

  /** The environments the application is deployed to, in the platform's order. */
  public get environments(): string[] {
    return this.targets.map(t => t.environmentName);
  }

  /** Whether an environment of this application is a production environment. */
  public isProduction(environment: string): boolean {
    return this.target(environment).production;
  }

  /** The Application's name in an environment, e.g. `payments-api-prod`. */
  public applicationNameFor(environment: string): string {
    this.target(environment);
    const team = this.project.team;
    const base = this.appName === team || this.appName.startsWith(`${team}-`) ? this.appName : `${team}-${this.appName}`;
    return assertDnsLabel(this, 'applicationName', `${base}-${environment}`);
  }

  /** The namespace the application's Application object of an environment lives in. */
  public applicationNamespaceFor(environment: string): string {
    return this.target(environment).applicationNamespace;
  }

  /** The AppProject the application's Application of an environment belongs to. */
  public projectNameFor(environment: string): string {
    return this.target(environment).projectName;
  }

  /** The chart the application's Application of an environment is rendered into. */
  public chartFor(environment: string): Chart {
    return this.target(environment).chart;
  }

  /**
   * Adds an annotation to the Application of one environment, or of every environment. This is
   * the seam for notification subscriptions and Image Updater settings. Setting a key twice with
   * different values is an error, so two features cannot silently overwrite each other.
   * @param environment only this environment
   */
  public addAnnotation(key: string, value: string, environment?: string): void {
    if (typeof key !== 'string' || !ANNOTATION_KEY.test(key) || key.length > 316) {
      fail(this, 'annotations', key, 'must be a Kubernetes annotation key such as notifications.argoproj.io/subscribe.on-sync-failed.teams');
    }
    if (typeof value !== 'string') fail(this, `annotations.${key}`, value, 'must be a string');
    const envs = environment === undefined ? this.environments : [this.target(environment).environmentName];
    for (const env of envs) {
      const existing = this.annotationValues.get(env) ?? new Map<string, string>();
      const previous = existing.get(key);
      if (previous !== undefined && previous !== value) {
        fail(this, `annotations.${key}`, value, `is already set to ${JSON.stringify(previous)} on the ${env} Application`);
      }
      existing.set(key, value);
      this.annotationValues.set(env, existing);
      this.applications.get(env)!.metadata.addAnnotation(key, value);
    }
  }

  /** Ignores more fields when comparing live state with Git. */
  public addIgnoreDifferences(ignore: IgnoreDifferences, field = 'ignoreDifferences'): void {
    if (!IgnoreDifferences.isIgnoreDifferences(ignore)) fail(this, field, ignore, 'must be an IgnoreDifferences preset or IgnoreDifferences.custom(...)');
    ignore.validate(this, field);
    this.ignores.push(ignore);
  }

  /** Whether the application's source is a Helm chart. */
  public get isHelmChart(): boolean {
    return this.source.kind === ApplicationSourceKind.HELM_CHART;
  }

  private respectIgnoreDifferences(): boolean {
    return this.ignores.some(i => i.respectOnSync);
  }

  private target(environment: string): TeamDeploymentTarget {
    const target = this.targets.find(t => t.environmentName === environment);
    if (!target) fail(this, 'environment', environment, `the application is deployed to ${this.environments.join(', ')} only`);
    return target;
  }

  private selectTargets(environments?: string[]): TeamDeploymentTarget[] {
    const all = this.project.deploymentTargets();
    if (environments === undefined) return all;
    assertEnvironmentSubset(this, 'environments', environments, all.map(t => t.environmentName));
    return all.filter(t => environments.includes(t.environmentName));
  }
}

function orUndefined<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}
