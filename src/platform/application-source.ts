import { IConstruct } from 'constructs';
import { isRevisionRange } from '../guardrails/rules/sync/ProductionFloatingRevision';
import { chartRepositoryUrlReason, fail, gitUrlReason, unsafeTokenReason } from '../util/validation';

/** Props of a directory source: a folder per environment in a Git repository. */
export interface DirectorySourceProps {
  /** The Git repository, e.g. `git@github.com:civica/gitops-config.git`. */
  readonly repoUrl: string;
  /**
   * The branch (or tag, or commit) Argo CD follows, the same for every environment: environments
   * differ by directory, never by branch. `HEAD` and version ranges float and fail the synth in
   * production (guardrail ARGO-SYN2); an empty revision means `HEAD` and is always refused.
   * @default 'main'
   */
  readonly targetRevision?: string;
  /**
   * The path of the manifests for one environment. `{app}` is replaced by the application name
   * and `{env}` by the environment name; the seed's layout is base + overlays.
   * @default 'apps/{app}/overlays/{env}'
   */
  readonly pathPattern?: string;
}

/** Props of a Helm chart source. */
export interface HelmChartSourceProps {
  /** The chart repository: an https:// Helm repository, or an OCI registry (`oci://...` or `<registry>/<path>`). */
  readonly repoUrl: string;
  /** The chart name, e.g. `payments-api`. */
  readonly chart: string;
  /**
   * The exact chart version, e.g. `1.4.2`. Ranges (`^1.2`, `1.*`, `>=1`) are refused: every
   * environment must run a version someone chose.
   */
  readonly version: string;
  /**
   * Exact chart versions per environment, overriding `version`, so a new version is promoted
   * environment by environment (e.g. `{ dev: '1.5.0' }`).
   * @default - every environment uses `version`
   */
  readonly versionPerEnvironment?: { [environment: string]: string };
  /**
   * Helm values for every environment (`helm.valuesObject`).
   * @default - the chart's defaults
   */
  readonly values?: { [key: string]: any };
  /**
   * Helm values per environment, merged over `values` (top-level keys replace).
   * @default - none
   */
  readonly valuesPerEnvironment?: { [environment: string]: { [key: string]: any } };
  /**
   * The Helm release name.
   * @default - the application name without the environment suffix
   */
  readonly releaseName?: string;
}

/** The kind of an application source. */
export enum ApplicationSourceKind {
  /** Plain manifests or a Kustomize overlay in a Git directory. */
  DIRECTORY = 'directory',
  /** A packaged Helm chart. */
  HELM_CHART = 'helm-chart',
}

const APPLICATION_SOURCE_SYMBOL = Symbol.for('cdk8s-argocd-platform.ApplicationSource');

/** What an application deploys, and where Argo CD reads it from. */
export class ApplicationSource {
  /** Whether an object is an ApplicationSource, also one created by another copy of this library (where `instanceof` is false). */
  public static isApplicationSource(x: any): x is ApplicationSource {
    return x !== null && typeof x === 'object' && APPLICATION_SOURCE_SYMBOL in x;
  }

  /** A directory per environment in a Git repository (base + overlays). */
  public static fromDirectory(props: DirectorySourceProps): ApplicationSource {
    return new ApplicationSource(ApplicationSourceKind.DIRECTORY, props.repoUrl, props, undefined);
  }

  /** A Helm chart at an exact version. */
  public static fromHelmChart(props: HelmChartSourceProps): ApplicationSource {
    return new ApplicationSource(ApplicationSourceKind.HELM_CHART, props.repoUrl, undefined, props);
  }

  /** Directory or Helm chart. */
  public readonly kind: ApplicationSourceKind;
  /** The repository URL. */
  public readonly repoUrl: string;
  private readonly directory?: DirectorySourceProps;
  private readonly helm?: HelmChartSourceProps;

  private constructor(kind: ApplicationSourceKind, repoUrl: string, directory?: DirectorySourceProps, helm?: HelmChartSourceProps) {
    Object.defineProperty(this, APPLICATION_SOURCE_SYMBOL, { value: true });
    this.kind = kind;
    this.repoUrl = repoUrl;
    this.directory = directory;
    this.helm = helm;
  }

  /** The Git branch of a directory source, or the chart version for an environment. */
  public revisionFor(environment: string): string {
    if (this.directory) return this.directory.targetRevision ?? 'main';
    return this.helm!.versionPerEnvironment?.[environment] ?? this.helm!.version;
  }

  /** The directory of an environment (directory sources only). */
  public pathFor(appName: string, environment: string): string | undefined {
    if (!this.directory) return undefined;
    return (this.directory.pathPattern ?? 'apps/{app}/overlays/{env}').split('{app}').join(appName).split('{env}').join(environment);
  }

  /**
   * Checks the source for the given environments and renders `spec.source` per environment.
   * @internal
   */
  public _render(scope: IConstruct, appName: string, environments: Array<{ name: string; production: boolean }>): Record<string, any> {
    checkRepoUrl(scope, this.repoUrl, this.kind);
    const out: Record<string, any> = {};
    if (this.directory) {
      const pattern = this.directory.pathPattern ?? 'apps/{app}/overlays/{env}';
      if (unsafeTokenReason(pattern) || pattern.startsWith('/') || pattern.split('/').includes('..') || /\s|\\/.test(pattern)) {
        fail(scope, 'source.pathPattern', pattern, 'must be a relative path inside the repository, without ".." or spaces');
      }
      if (environments.length > 1 && !pattern.includes('{env}')) {
        fail(scope, 'source.pathPattern', pattern, 'must contain {env}: each environment has its own directory (directory per environment, never branch per environment)');
      }
      for (const env of environments) {
        const revision = this.revisionFor(env.name);
        checkGitRevision(scope, 'source.targetRevision', revision);
        out[env.name] = { repoUrl: this.repoUrl, targetRevision: revision, path: this.pathFor(appName, env.name) };
      }
      return out;
    }
    const helm = this.helm!;
    if (typeof helm.chart !== 'string' || !/^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/.test(helm.chart)) {
      fail(scope, 'source.chart', helm.chart, 'must be a chart name (lower-case letters, digits, "-", "_" and ".")');
    }
    const known = new Set(environments.map(e => e.name));
    for (const env of Object.keys(helm.versionPerEnvironment ?? {})) {
      if (!known.has(env)) fail(scope, 'source.versionPerEnvironment', env, `is not an environment of this application (${[...known].join(', ')})`);
    }
    for (const env of Object.keys(helm.valuesPerEnvironment ?? {})) {
      if (!known.has(env)) fail(scope, 'source.valuesPerEnvironment', env, `is not an environment of this application (${[...known].join(', ')})`);
    }
    const releaseName = helm.releaseName ?? appName;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(releaseName) || releaseName.length > 53) {
      fail(scope, 'source.releaseName', releaseName, 'must be a Helm release name (lower-case DNS label, at most 53 characters)');
    }
    for (const env of environments) {
      const version = this.revisionFor(env.name);
      const field = helm.versionPerEnvironment?.[env.name] !== undefined ? `source.versionPerEnvironment.${env.name}` : 'source.version';
      checkChartVersion(scope, field, version);
      const values = { ...(helm.values ?? {}), ...(helm.valuesPerEnvironment?.[env.name] ?? {}) };
      out[env.name] = {
        repoUrl: this.repoUrl,
        chart: helm.chart,
        targetRevision: version,
        helm: { releaseName, ...(Object.keys(values).length ? { valuesObject: values } : {}) },
      };
    }
    return out;
  }
}

export { isRevisionRange };

function checkRepoUrl(scope: IConstruct, repoUrl: string, kind: ApplicationSourceKind) {
  const reason = kind === ApplicationSourceKind.DIRECTORY ? gitUrlReason(repoUrl) : chartRepositoryUrlReason(repoUrl);
  if (reason) fail(scope, 'source.repoUrl', repoUrl, reason);
}

function checkGitRevision(scope: IConstruct, field: string, revision: string) {
  if (typeof revision !== 'string' || revision.trim() === '') {
    fail(scope, field, revision, 'an empty revision means HEAD; give the branch Argo CD follows, e.g. main');
  }
  // HEAD and ranges are valid in Argo CD; in production the guardrail ARGO-SYN2 refuses them.
  if (/^head$/i.test(revision) || isRevisionRange(revision)) return;
  if (!/^[A-Za-z0-9][A-Za-z0-9._\/-]*$/.test(revision) || revision.endsWith('/') || revision.includes('..')) {
    fail(scope, field, revision, 'must be a branch, tag or commit SHA');
  }
}

function checkChartVersion(scope: IConstruct, field: string, version: string) {
  if (typeof version !== 'string' || version.trim() === '' || /^head$/i.test(version)) {
    fail(scope, field, version, 'a chart needs an exact version such as 1.4.2');
  }
  if (isRevisionRange(version)) {
    fail(scope, field, version, 'a version range picks whatever is newest at sync time; pin an exact chart version such as 1.4.2');
  }
  if (!/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version)) {
    fail(scope, field, version, 'must be an exact semantic version such as 1.4.2');
  }
}
