import { Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Application } from '../imports/application-argoproj.io';
import { ArgoCdVersion } from '../platform/argo-cd-version';
import { IN_CLUSTER_SERVER } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { addCrdsApplication } from '../platform/crds-application';
import { PlatformCapability } from '../platform/registries';
import { ValuesTree, deepMerge, isPlainObject, leaves, sortDeep } from '../platform/values-tree';
import { failSecret, looksLikeSecretName } from '../util/redaction';
import { outputTextReason } from '../util/text';
import { describeInvalid, fail } from '../util/validation';
import { toYaml } from '../util/yaml';

/** The Helm repository of the `argo-cd` chart. */
const ARGO_HELM_REPO = 'https://argoproj.github.io/argo-helm';
const CHART_NAME = 'argo-cd';
/** The Helm release name; the chart names its objects `<release>-server` etc., which Argo CD's docs and the workload identity federation assume. */
const RELEASE_NAME = 'argocd';

/** The Argo CD release each known `argo-cd` chart version ships (its Chart.yaml `appVersion`). */
const CHART_APP_VERSIONS: Record<string, string> = {
  '6.0.0': 'v2.10.0',
  '7.0.0': 'v2.11.2',
  '8.0.0': 'v3.0.0',
  '9.0.0': 'v3.1.8',
  '10.0.0': 'v3.4.4',
  '10.1.1': 'v3.4.4',
};

/** Components whose metrics Service is switched on (ServiceMonitors are ArgoScraping's). */
const METRICS_COMPONENTS = ['controller', 'server', 'repoServer', 'applicationSet', 'notifications'];

/** Keys that name a Secret (or a key inside one) rather than hold a value. */
const SECRET_REFERENCE = /^existing|secretname$|secretref$|keyref$|secretkey$/i;

/** A chart value path that holds a credential: anything under configs.secret, or a key named like one. */
function looksLikeCredentialPath(path: string[]): boolean {
  return (path[0] === 'configs' && path[1] === 'secret')
    || path.some(segment => looksLikeSecretName(segment) && !SECRET_REFERENCE.test(segment));
}

/** Argo CD's own repository: its `manifests/crds` at a release tag are the CRDs of that release. */
const ARGO_CD_REPO = 'https://github.com/argoproj/argo-cd.git';
/** The Application that syncs the CRDs at the image's release. */
const CRDS_APPLICATION = 'argocd-crds';

/** Where the Argo CD CRDs come from. */
export enum ArgoCrds {
  /**
   * Argo CD's own `manifests/crds` at the image's release tag, synced by an Application
   * `argocd-crds` (server-side apply, never pruned or deleted); the chart's CRDs are off
   * (`crds.install: false`). The CRDs always match the image, whatever the chart ships.
   */
  IMAGE_RELEASE = 'image-release',
  /**
   * The chart's CRDs (`crds.install: true`, `crds.keep: true`): only when the chart's appVersion
   * is the image's release, since older CRDs drop the fields the newer release writes.
   */
  CHART = 'chart',
}

/** How the Application hands the generated values to Helm. */
export enum HelmValuesDelivery {
  /**
   * A second, Git source with `ref: values` and `helm.valueFiles: [$values/<pathPrefix>/<platform>.values.yaml]`:
   * the Application reads the very file used for the first `helm install`, so bootstrap and
   * self-management cannot drift. Needs the platform's `gitOps` repository.
   */
  VALUES_FILE = 'values-file',
  /** The values inline in the Application (`helm.valuesObject`), one source only. */
  VALUES_OBJECT = 'values-object',
}

/** Props for SelfManagedArgo. */
export interface SelfManagedArgoProps {
  /**
   * The exact `argo-cd` chart version, e.g. `10.1.1`. Ranges float and are refused.
   * @see https://github.com/argoproj/argo-helm/tree/main/charts/argo-cd
   */
  readonly chartVersion: string;
  /**
   * The Argo CD release the chart version ships (`appVersion` in its Chart.yaml), e.g. `v3.4.4`.
   * Used to refuse a chart built for another major release or a newer release than the platform targets.
   * @default - known for chart versions 6.0.0, 7.0.0, 8.0.0, 9.0.0, 10.0.0 and 10.1.1; required for others
   */
  readonly chartAppVersion?: string;
  /**
   * How the values reach Helm.
   * @default HelmValuesDelivery.VALUES_FILE
   */
  readonly valuesDelivery?: HelmValuesDelivery;
  /**
   * Where the Argo CD CRDs come from. Switching an existing install from the chart's CRDs: see the
   * README ("CRDs at the image's release"); never let a sync prune them.
   * @default ArgoCrds.IMAGE_RELEASE
   */
  readonly crds?: ArgoCrds;
  /**
   * Let the automated sync delete resources that left the chart. Off by default: a values change
   * must never delete part of the running Argo CD without a human looking at it.
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Removed: ServiceMonitors are configured by `ArgoScraping` (its `labels` prop), which sets the
   * chart's `<component>.metrics.serviceMonitor.*` values. Setting this fails with that advice.
   * @default - none
   * @deprecated use `ArgoScraping` with `labels`
   */
  readonly serviceMonitorLabels?: { [key: string]: string };
  /**
   * More chart values, deep-merged into the generated ones (e.g. replicas, resources, ingress).
   * Refused: anything below a path the platform reserves (the settings objects it owns, such as
   * `configs.cm`; credentials such as `configs.secret.extra`, `configs.repositories`,
   * `notifications.secret.items`, `externalRedis.password`; `dex.config`; `global.image.tag`), and
   * any value a construct contributes through `platform.chartValues`.
   * @default - none
   */
  readonly extraValues?: { [key: string]: any };
}

type Values = ValuesTree;

/**
 * Argo CD managing itself: an Application `argocd` in the platform's namespace and project that
 * installs the `argo-cd` Helm chart at an exact version with Server-Side Apply (the ApplicationSet
 * CRD is too big for client-side apply since 3.3), automated self-heal, and prune off by default.
 *
 * The chart values are generated from the typed platform, never hand-written: the image tag is
 * pinned to the platform's `argoCdVersion` (so release-gated settings never reach an older
 * server), the metrics Services are on for every component (ArgoScraping switches on the chart's
 * ServiceMonitors), Dex is off when ArgoSSO is
 * used, and the argocd-server pods get Azure workload identity when ArgoSSO uses it.
 *
 * The settings ConfigMaps (`argocd-cm`, `argocd-rbac-cm`, `argocd-cmd-params-cm`,
 * `argocd-ssh-known-hosts-cm`, `argocd-tls-certs-cm`) are switched off in the chart: the platform
 * renders them into its own folder, which the platform's root Application applies. One source of
 * truth, reviewed as plain YAML diffs, instead of two writers fighting over the same objects.
 * `extraValues` therefore refuses those chart keys. The chart still creates `argocd-secret`
 * (Argo CD keeps its own `server.secretkey` there) and the ExternalSecret merges keys into it.
 *
 * The values are also written to `dist/<platform>.values.yaml` for the very first `helm install`
 * (see `bootstrapCommand`). The Application has no deletion finalizer: deleting it must never
 * delete the running Argo CD.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#manage-argo-cd-using-argo-cd
 *
 * @example
 * import { ArgoPlatform, SelfManagedArgo } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // The argo-cd chart as an Application of the platform, and dist/argocd.values.yaml for the first install.
 * const selfManaged = new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1' });
 * console.log(selfManaged.bootstrapCommand());
 */
export class SelfManagedArgo extends Construct {
  /** The Application's name (also the Helm release name). */
  public readonly applicationName = RELEASE_NAME;
  /** The chart version. */
  public readonly chartVersion: string;
  /** The Argo CD release the chart ships; the image tag is overridden with the platform's target. */
  public readonly chartAppVersion: ArgoCdVersion;
  /** How the values reach Helm. */
  public readonly valuesDelivery: HelmValuesDelivery;
  /** The file name of the values artifact at the output root, e.g. `argocd.values.yaml`. */
  public readonly valuesFileName: string;
  /** Where the CRDs come from. */
  public readonly crds: ArgoCrds;

  private readonly platform: ArgoPlatform;
  private readonly extraValues: Values;

  constructor(scope: Construct, id: string, props: SelfManagedArgoProps) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    this.platform = platform;
    if (Chart.of(this) !== platform) {
      fail(this, 'scope', Chart.of(this).node.path,
        `Argo CD's own Application is applied with the platform's folder; create SelfManagedArgo inside the ArgoPlatform "${platform.node.path}", not an environment chart`);
    }
    if (typeof props.chartVersion !== 'string' || !/^\d+\.\d+\.\d+$/.test(props.chartVersion)) {
      fail(this, 'chartVersion', props.chartVersion, 'must be an exact chart version such as 10.1.1 (ranges and "latest" float)');
    }
    this.chartVersion = props.chartVersion;
    this.chartAppVersion = this.resolveChartAppVersion(props);
    this.checkTargetRelease();

    this.valuesDelivery = props.valuesDelivery ?? HelmValuesDelivery.VALUES_FILE;
    if (!Object.values(HelmValuesDelivery).includes(this.valuesDelivery)) {
      fail(this, 'valuesDelivery', this.valuesDelivery, `must be one of ${Object.values(HelmValuesDelivery).join(', ')}`);
    }
    if (this.valuesDelivery === HelmValuesDelivery.VALUES_FILE && !platform.hasGitOps) {
      fail(this, 'valuesDelivery', this.valuesDelivery, 'a values file is read from the GitOps repository, but the platform has no gitOps prop; set it or use HelmValuesDelivery.VALUES_OBJECT');
    }
    if (props.serviceMonitorLabels !== undefined) {
      fail(this, 'serviceMonitorLabels', props.serviceMonitorLabels,
        'ServiceMonitors are configured by ArgoScraping; use `new ArgoScraping(platform, \'Scraping\', { labels: {...} })` instead');
    }
    this.crds = props.crds ?? ArgoCrds.IMAGE_RELEASE;
    if (!Object.values(ArgoCrds).includes(this.crds)) fail(this, 'crds', this.crds, `must be one of ${Object.values(ArgoCrds).join(', ')}`);
    if (this.crds === ArgoCrds.CHART && this.chartAppVersion.tag !== platform.argoCdVersion.tag) {
      fail(this, 'crds', this.crds,
        `chart ${this.chartVersion} installs the CRDs of Argo CD ${this.chartAppVersion.tag}, but the image is ${platform.argoCdVersion.tag}: `
        + 'the API server would drop the fields the newer release writes; use ArgoCrds.IMAGE_RELEASE (the CRDs of the image\'s release) or a chart whose appVersion is the image\'s');
    }
    platform.capabilities.provide(this, PlatformCapability.SELF_MANAGED);
    platform.facts.setSelfManaged(this, RELEASE_NAME);
    this.contributeValues(platform);
    this.extraValues = this.checkExtraValues(props.extraValues ?? {});

    platform.platformProject.addSourceRepo(ARGO_HELM_REPO);
    this.valuesFileName = `${platform.platformName}.values.yaml`;
    platform.addArtifact(this.valuesFileName, { produce: () => this.renderValuesFile() });

    const helmSource = {
      repoUrl: ARGO_HELM_REPO,
      chart: CHART_NAME,
      targetRevision: this.chartVersion,
      helm: this.valuesDelivery === HelmValuesDelivery.VALUES_FILE
        ? { releaseName: RELEASE_NAME, valueFiles: [`$values/${platform.pathOf(this.valuesFileName)}`] }
        : { releaseName: RELEASE_NAME, valuesObject: Lazy.any({ produce: () => this.values() }) },
    };
    platform.applications.register(this, {
      name: RELEASE_NAME,
      namespace: platform.argoCdNamespace,
      projectName: platform.platformProject.projectName,
      construct: this,
    });
    new Application(this, 'Resource', {
      metadata: { name: RELEASE_NAME, namespace: platform.argoCdNamespace },
      spec: {
        project: platform.platformProject.projectName,
        ...(this.valuesDelivery === HelmValuesDelivery.VALUES_FILE
          ? { sources: [helmSource, { repoUrl: platform.gitOps.repoUrl, targetRevision: platform.gitOps.targetRevision, ref: 'values' }] }
          : { source: helmSource }),
        destination: { server: IN_CLUSTER_SERVER, namespace: platform.argoCdNamespace },
        syncPolicy: {
          automated: { selfHeal: true, prune: props.prune ?? false },
          syncOptions: ['ServerSideApply=true'],
        },
      },
    });

    if (this.crds === ArgoCrds.IMAGE_RELEASE) this.crdsApplication(platform);

    this.node.addValidation({ validate: () => this.validateValues() });
  }

  /**
   * The command that installs the CRDs before the first `helm install` (the chart installs none
   * with `ArgoCrds.IMAGE_RELEASE`); undefined with the chart's CRDs.
   */
  public crdsCommand(): string | undefined {
    if (this.crds !== ArgoCrds.IMAGE_RELEASE) return undefined;
    return `kubectl apply --server-side -k "https://github.com/argoproj/argo-cd/manifests/crds?ref=${this.platform.argoCdVersion.tag}"`;
  }

  /** The Application that syncs Argo CD's own `manifests/crds` at the image's tag. */
  private crdsApplication(platform: ArgoPlatform): void {
    addCrdsApplication(this, platform, { name: CRDS_APPLICATION, repoUrl: ARGO_CD_REPO, targetRevision: platform.argoCdVersion.tag, path: 'manifests/crds' });
  }

  /**
   * The chart values: everything contributed through `platform.chartValues`, with `extraValues`
   * merged in; keys sorted. Call it after the platform is complete.
   */
  public values(): { [key: string]: any } {
    this.platform.resolve();
    return sortDeep(deepMerge(this.platform.chartValues.render(), this.extraValues)) as Values;
  }

  /**
   * The chart values as they stand, without fixing lazy values and without the late settings
   * hashes: what the platform computes the chart's argocd-cmd-params-cm presets from.
   */
  public presetInputs(): { [key: string]: any } {
    return deepMerge(this.platform.chartValues.preview(), this.extraValues ?? {});
  }

  /**
   * The first installation, run once from the repository root before Argo CD manages itself:
   * `helm install` with the generated values file. Then apply the platform folder
   * (`kubectl apply --server-side -k <pathPrefix>/<platform>`); from there on the `argocd`
   * Application upgrades Argo CD from Git.
   */
  public bootstrapCommand(): string {
    const valuesPath = this.platform.hasGitOps ? this.platform.pathOf(this.valuesFileName) : `dist/${this.valuesFileName}`;
    return `helm install ${RELEASE_NAME} ${CHART_NAME} --repo ${ARGO_HELM_REPO} --version ${this.chartVersion} `
      + `--namespace ${this.platform.argoCdNamespace} --create-namespace -f ${valuesPath}`;
  }

  private resolveChartAppVersion(props: SelfManagedArgoProps): ArgoCdVersion {
    const known = CHART_APP_VERSIONS[props.chartVersion];
    if (props.chartAppVersion === undefined) {
      if (!known) {
        fail(this, 'chartAppVersion', undefined,
          `chart ${props.chartVersion} is not one this library knows (${Object.keys(CHART_APP_VERSIONS).join(', ')}); set chartAppVersion to the appVersion in its Chart.yaml`);
      }
      return ArgoCdVersion.of(known);
    }
    let declared: ArgoCdVersion;
    try {
      declared = ArgoCdVersion.of(props.chartAppVersion);
    } catch {
      fail(this, 'chartAppVersion', props.chartAppVersion, 'must be an exact release such as v3.4.4');
    }
    if (known && declared.tag !== known) {
      fail(this, 'chartAppVersion', props.chartAppVersion, `chart ${props.chartVersion} ships ${known}`);
    }
    return declared;
  }

  /**
   * The image is pinned to the platform's target release. A chart is built for its appVersion:
   * refuse a target of another major, an older target (the chart's templates may pass flags an
   * older server does not know), and a target more than one minor release ahead.
   */
  private checkTargetRelease() {
    const target = this.platform.argoCdVersion;
    const app = this.chartAppVersion;
    const tooOld = !target.isAtLeast(app.major, app.minor);
    const tooNew = target.major !== app.major || target.minor > app.minor + 1;
    if (tooOld || tooNew) {
      fail(this, 'chartVersion', this.chartVersion,
        `chart ${this.chartVersion} ships Argo CD ${app.tag} but the platform targets ${target.tag}; `
        + `pick a chart whose appVersion is ${target.tag} or at most one minor release older, or change the platform's argoCdVersion`);
    }
  }

  private checkExtraValues(extra: Values): Values {
    if (!isPlainObject(extra)) fail(this, 'extraValues', extra, 'must be an object of chart values');
    for (const [path, value] of leaves(extra)) {
      const field = `extraValues.${path.join('.')}`;
      const owned = this.platform.chartValues.reservationOf(path);
      if (owned) fail(this, field, owned.secret ? '<redacted>' : value, owned.reason);
      if (looksLikeCredentialPath(path) && value !== null && value !== '' && typeof value !== 'boolean') {
        failSecret(this, field, value, 'looks like a credential; secret values never go into Helm values (they would be in Git); use a SecretSource through platform.secretReference');
      }
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
        fail(this, field, String(value), 'must be a YAML value (string, number, boolean, null, list or map)');
      }
      // Checked here, at the prop, not where the value lands (the values file, argocd-cmd-params-cm's presets).
      const keyReason = path.map(key => outputTextReason(key)).find(r => r !== undefined);
      if (keyReason) fail(this, field, path.find(key => outputTextReason(key) !== undefined), `key ${keyReason}`);
      forEachString(value, '', (at, text) => {
        const reason = outputTextReason(text);
        if (reason) fail(this, `${field}${at}`, text, reason);
      });
    }
    return JSON.parse(JSON.stringify(extra));
  }

  private validateValues(): string[] {
    const errors: string[] = [];
    for (const [path, value] of leaves(this.extraValues)) {
      const clash = this.platform.chartValues.clashOf(path);
      if (clash) {
        errors.push(describeInvalid(this, `extraValues.${path.join('.')}`, value,
          `${clash.path} is contributed by [${clash.contributors.join(', ')}] (${clash.json}); change the platform instead of overriding it`));
      }
    }
    return errors;
  }

  /** Contributes what SelfManagedArgo itself decides: domain, the pinned image, metrics, Dex only with dex.config. */
  private contributeValues(platform: ArgoPlatform): void {
    const values = platform.chartValues;
    values.set(this, 'global.domain', new URL(platform.url).hostname);
    values.set(this, 'global.image.tag', platform.argoCdVersion.tag);
    values.reserve(this, 'global.image.tag', 'the image tag is pinned to the platform\'s argoCdVersion; change the ArgoPlatform argoCdVersion prop instead');
    values.setLazy(this, 'dex.enabled', { produce: () => platform.facts.dexEnabled });
    for (const component of METRICS_COMPONENTS) values.set(this, `${component}.metrics.enabled`, true);
    // templates/crds/*.yaml of the chart render only with crds.install; keep them on uninstall either way.
    values.set(this, 'crds.install', this.crds === ArgoCrds.CHART);
    values.set(this, 'crds.keep', true);
    values.reserve(this, 'crds.install', 'the CRDs follow the SelfManagedArgo crds prop (ArgoCrds.IMAGE_RELEASE or CHART)');
    values.reserve(this, 'crds.keep', 'deleting the Application CRD deletes every Application: the CRDs are always kept');
  }

  private renderValuesFile(): string {
    const header = [
      `# Values of the argo-cd chart ${this.chartVersion} for the Argo CD platform "${this.platform.platformName}".`,
      '# Generated by cdk8s-argocd-platform from the typed platform: change the code, not this file.',
      `# Argo CD image ${this.platform.argoCdVersion.tag}; settings ConfigMaps come from the platform folder, not the chart.`,
      `# First install: ${this.bootstrapCommand()}`,
    ];
    return `${header.join('\n')}\n${toYaml(this.values())}`;
  }
}

/** Calls `visit` with every string in a value (list items and map keys and values), at `[i]` / `.key` below it. */
function forEachString(value: unknown, at: string, visit: (at: string, text: string) => void): void {
  if (typeof value === 'string') {
    visit(at, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => forEachString(item, `${at}[${i}]`, visit));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      visit(`${at}.${key}`, key);
      forEachString(item, `${at}.${key}`, visit);
    }
  }
}
