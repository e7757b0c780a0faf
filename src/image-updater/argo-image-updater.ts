import { Chart, Duration, Lazy } from 'cdk8s';
import { KubeServiceAccount } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ACR_HOST, registryUses, updaterNamespaces } from './image-registries';
import { Application } from '../imports/application-argoproj.io';
import { IN_CLUSTER_SERVER } from '../platform/argo-environment';
import { ArgoPlatform } from '../platform/argo-platform';
import { addCrdsApplication } from '../platform/crds-application';
import { PlatformLabels } from '../platform/labels';
import { goDuration } from '../util/duration';
import { assertGuid, describeInvalid, fail } from '../util/validation';

/** Image Updater's own repository: its `config/crd` at a release tag is the CRD of that release. */
const IMAGE_UPDATER_REPO = 'https://github.com/argoproj-labs/argocd-image-updater.git';
/** The Application that syncs the ImageUpdater CRD at the image's release. */
const CRDS_APPLICATION = 'argocd-image-updater-crds';

/** Where the ImageUpdater CRD comes from. */
export enum ImageUpdaterCrds {
  /**
   * Image Updater's own `config/crd` (the kustomization over `config/crd/bases`) at the image tag,
   * synced by an Application `argocd-image-updater-crds` (server-side apply, never pruned or
   * deleted); the chart's CRD is off (`crds.install: false`). The CRD always matches the image.
   */
  IMAGE_RELEASE = 'image-release',
  /**
   * The chart's CRD (`crds.install: true`, `crds.keep: true`): only when the chart's appVersion is
   * the image tag, since an older CRD prunes the fields the newer release reads.
   */
  CHART = 'chart',
}

/** The Helm repository of the `argocd-image-updater` chart. */
const ARGO_HELM_REPO = 'https://argoproj.github.io/argo-helm';
const CHART_NAME = 'argocd-image-updater';
/** The release, Application and ServiceAccount name. */
const RELEASE_NAME = 'argocd-image-updater';

/**
 * The Image Updater release each known `argocd-image-updater` chart version ships (its Chart.yaml
 * `appVersion`, argoproj/argo-helm `charts/argocd-image-updater/Chart.yaml`). No chart of the pinned
 * argo-helm snapshot ships v1.3.0 yet: the newest, 1.2.4, ships v1.2.2, and the image tag is set to
 * the release this library targets.
 */
const CHART_APP_VERSIONS: Record<string, string> = {
  '1.2.0': 'v1.2.0',
  '1.2.1': 'v1.2.0',
  '1.2.2': 'v1.2.1',
  '1.2.3': 'v1.2.1',
  '1.2.4': 'v1.2.2',
};

/** Where the chart mounts `authScripts.scripts` (`templates/deployment.yaml`: mountPath /scripts, defaultMode 0777). */
const SCRIPTS_DIR = '/scripts';

/** ACR's fixed user name for a refresh token obtained through `oauth2/exchange`. */
const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';

/** The managed identity Image Updater uses for Azure Container Registry. */
export interface ImageUpdaterAzureIdentityOptions {
  /**
   * The client ID of the user-assigned managed identity (one per platform) with AcrPull on every
   * registry the platform's `AppImageUpdater`s watch, and a federated credential for
   * `system:serviceaccount:<argocd namespace>:argocd-image-updater` on the cluster's OIDC issuer.
   */
  readonly clientId: string;
  /**
   * The identity's tenant.
   * @default - the tenant the workload identity webhook injects (AZURE_TENANT_ID)
   */
  readonly tenantId?: string;
}

/** Props for ArgoImageUpdater. */
export interface ArgoImageUpdaterProps {
  /**
   * The exact `argocd-image-updater` chart version.
   * @default '1.2.4'
   */
  readonly chartVersion?: string;
  /**
   * The Image Updater image tag; the ImageUpdater resources this library renders follow its CRD.
   * @default 'v1.3.0'
   */
  readonly imageTag?: string;
  /**
   * The workload identity that reads tags from Azure Container Registry. Required when an
   * `AppImageUpdater` of the platform watches an `*.azurecr.io` image.
   * @default - none: no ACR registry is configured
   */
  readonly azureWorkloadIdentity?: ImageUpdaterAzureIdentityOptions;
  /**
   * How long Image Updater keeps the ACR credentials before running the script again
   * (`credsexpire`). ACR refresh tokens are valid for three hours.
   * @default Duration.hours(1)
   */
  readonly credentialsExpiry?: Duration;
  /**
   * Where the ImageUpdater CRD comes from. The default chart 1.2.4 ships the CRD of v1.2.2 while
   * the image is v1.3.0 (whose CRD this library's ImageUpdater types follow): the chart's CRD is
   * refused unless the chart's appVersion is the image tag.
   * @default ImageUpdaterCrds.IMAGE_RELEASE
   */
  readonly crds?: ImageUpdaterCrds;
}

/**
 * Argo CD Image Updater installed by Argo CD itself: an Application `argocd-image-updater` in the
 * platform's namespace and project that installs the `argocd-image-updater` chart at an exact
 * version, with values generated from the platform.
 *
 * For every Azure Container Registry an `AppImageUpdater` of the platform watches, the values
 * add a registry to `registries.conf` (`credentials: ext:/scripts/acr-<name>.sh`, `credsexpire`)
 * and the script to `authScripts` (mounted at /scripts by the chart). Upstream has no native ACR
 * workload identity; the script is the one its documentation gives
 * (docs/configuration/registries.md, "Configuring Azure Container registry with Workload identity"):
 * it exchanges the pod's federated token for an Entra access token, that for an ACR refresh token
 * (`https://<registry>/oauth2/exchange`), and prints `00000000-0000-0000-0000-000000000000:<token>`.
 * It needs only the BusyBox `sh`, `wget` and `sed` of the Image Updater image (Alpine), not `az`.
 *
 * The chart 1.2.4 ships the ImageUpdater CRD of v1.2.2 (`templates/crd-imageupdaters.yaml`, rendered
 * when `crds.install`, true by default), older than the v1.3.0 image: the API server would prune the
 * fields new in v1.3.0. So by default the chart's CRD is off (`crds.install: false`) and an
 * Application `argocd-image-updater-crds` syncs Image Updater's own `config/crd` at the image tag
 * (server-side apply, `Prune=false,Delete=false` on the CRD), as `SelfManagedArgo` does for Argo CD's
 * CRDs. `crds: ImageUpdaterCrds.CHART` is accepted only when the chart's appVersion is the image tag.
 *
 * The ServiceAccount `argocd-image-updater` is rendered into the platform folder with the
 * identity's client ID (the chart's `serviceAccount.create: false`), so the bootstrap document
 * lists its federated credential with the others.
 *
 * @example
 * import { ArgoImageUpdater, ArgoPlatform } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * // One managed identity (AcrPull on the registries the AppImageUpdaters watch) for Image Updater.
 * new ArgoImageUpdater(platform, 'ImageUpdater', { azureWorkloadIdentity: { clientId: '5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e' } });
 */
export class ArgoImageUpdater extends Construct {
  /** The Application's, release's and ServiceAccount's name. */
  public readonly applicationName = RELEASE_NAME;
  /** The chart version. */
  public readonly chartVersion: string;
  /** The image tag. */
  public readonly imageTag: string;
  /** The identity's client ID, if any. */
  public readonly clientId?: string;
  /** Where the ImageUpdater CRD comes from. */
  public readonly crds: ImageUpdaterCrds;
  /** The release whose CRD the chart ships (its Chart.yaml `appVersion`), e.g. `v1.2.2`. */
  public readonly chartAppVersion: string;

  private readonly platform: ArgoPlatform;
  private readonly tenantId?: string;
  private readonly credsExpire: string;

  constructor(scope: Construct, id: string, props: ArgoImageUpdaterProps = {}) {
    super(scope, id);
    const platform = ArgoPlatform.platformOf(this);
    this.platform = platform;
    if (Chart.of(this) !== platform) {
      fail(this, 'scope', Chart.of(this).node.path,
        `Image Updater is installed by the platform's folder; create ArgoImageUpdater inside the ArgoPlatform "${platform.node.path}", not an environment chart`);
    }
    this.chartVersion = props.chartVersion ?? '1.2.4';
    if (!CHART_APP_VERSIONS[this.chartVersion]) {
      fail(this, 'chartVersion', props.chartVersion, `must be an exact argocd-image-updater chart version this library knows (${Object.keys(CHART_APP_VERSIONS).join(', ')}): chart 1.2.0 is the first with the ImageUpdater CRD`);
    }
    this.imageTag = props.imageTag ?? 'v1.3.0';
    if (typeof this.imageTag !== 'string' || !/^v1\.(\d+)\.\d+$/.test(this.imageTag) || Number(/^v1\.(\d+)/.exec(this.imageTag)![1]) < 2) {
      fail(this, 'imageTag', props.imageTag, 'must be an exact Image Updater 1.x release from v1.2.0 on, such as v1.3.0 (the ImageUpdater resources follow the 1.x CRD)');
    }
    this.chartAppVersion = CHART_APP_VERSIONS[this.chartVersion];
    this.crds = props.crds ?? ImageUpdaterCrds.IMAGE_RELEASE;
    if (!Object.values(ImageUpdaterCrds).includes(this.crds)) fail(this, 'crds', this.crds, `must be one of ${Object.values(ImageUpdaterCrds).join(', ')}`);
    if (this.crds === ImageUpdaterCrds.CHART && this.chartAppVersion !== this.imageTag) {
      fail(this, 'crds', this.crds,
        `chart ${this.chartVersion} installs the ImageUpdater CRD of ${this.chartAppVersion}, but the image is ${this.imageTag}: `
        + 'the API server would prune the fields the newer release reads; use ImageUpdaterCrds.IMAGE_RELEASE (the CRD of the image\'s release) or a chart whose appVersion is the image tag');
    }
    if (props.azureWorkloadIdentity !== undefined) {
      this.clientId = assertGuid(this, 'azureWorkloadIdentity.clientId', props.azureWorkloadIdentity.clientId);
      if (props.azureWorkloadIdentity.tenantId !== undefined) this.tenantId = assertGuid(this, 'azureWorkloadIdentity.tenantId', props.azureWorkloadIdentity.tenantId);
    }
    const expiry = props.credentialsExpiry ?? Duration.hours(1);
    const seconds = expiry instanceof Duration ? expiry.toSeconds({ integral: false }) : NaN;
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 3 * 3600 - 60) {
      fail(this, 'credentialsExpiry', Number.isNaN(seconds) ? expiry : `${seconds}s`, 'must be whole seconds from 1 minute to just under 3 hours (an ACR refresh token lives 3 hours)');
    }
    this.credsExpire = goDuration(expiry);

    platform.platformProject.addSourceRepo(ARGO_HELM_REPO);
    new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name: RELEASE_NAME,
        namespace: platform.argoCdNamespace,
        labels: { [PlatformLabels.NAME]: RELEASE_NAME },
        ...(this.clientId ? {
          annotations: {
            [PlatformLabels.AZURE_WORKLOAD_IDENTITY_CLIENT_ID]: this.clientId,
            ...(this.tenantId ? { 'azure.workload.identity/tenant-id': this.tenantId } : {}),
          },
        } : {}),
      },
    });
    new Application(this, 'Resource', {
      metadata: { name: RELEASE_NAME, namespace: platform.argoCdNamespace },
      spec: {
        project: platform.platformProject.projectName,
        source: {
          repoUrl: ARGO_HELM_REPO,
          chart: CHART_NAME,
          targetRevision: this.chartVersion,
          helm: { releaseName: RELEASE_NAME, valuesObject: Lazy.any({ produce: () => this.values() }) },
        },
        destination: { server: IN_CLUSTER_SERVER, namespace: platform.argoCdNamespace },
        syncPolicy: { automated: { selfHeal: true, prune: false }, syncOptions: ['ServerSideApply=true'] },
      },
    });
    if (this.crds === ImageUpdaterCrds.IMAGE_RELEASE) this.crdsApplication(platform);
    this.node.addValidation({ validate: () => this.validateRegistries() });
  }

  /** The name of the Application that syncs the CRD at the image tag; undefined with the chart's CRD. */
  public get crdsApplicationName(): string | undefined {
    return this.crds === ImageUpdaterCrds.IMAGE_RELEASE ? CRDS_APPLICATION : undefined;
  }

  /** The Application that syncs Image Updater's own `config/crd` at the image tag. */
  private crdsApplication(platform: ArgoPlatform): void {
    // config/crd is the kustomization over config/crd/bases: Argo CD builds it with Kustomize, which is
    // what lets commonAnnotations put the sync options on the CRD.
    addCrdsApplication(this, platform, { name: CRDS_APPLICATION, repoUrl: IMAGE_UPDATER_REPO, targetRevision: this.imageTag, path: 'config/crd' });
  }

  /** The Azure Container Registries the platform's AppImageUpdaters watch, e.g. `['civica.azurecr.io']`. */
  public get acrRegistries(): string[] {
    return registryUses(this.platform).map(u => u.host).filter(host => ACR_HOST.test(host));
  }

  /** The chart values, keys sorted. */
  public values(): { [key: string]: any } {
    const acr = this.clientId ? this.acrRegistries : [];
    const scripts: { [file: string]: string } = {};
    for (const host of acr) scripts[scriptName(host)] = acrCredentialsScript(host);
    // v1.3.0 cmd/run.go --watch-namespaces (IMAGE_UPDATER_WATCH_NAMESPACES, from the config key watch.namespaces):
    // "" watches only the controller's own namespace.
    // Where ImageUpdater resources can be: next to the Applications the platform declares, and in every
    // team's application namespaces (outside and in production), where a team repository's
    // AppImageUpdater renders them next to its Applications.
    const teamNamespaces = this.platform.teams.all.flatMap(t => [t.applicationNamespace, t.productionApplicationNamespace])
      .filter((ns): ns is string => ns !== undefined);
    const namespaces = [...new Set([...updaterNamespaces(this.platform), ...teamNamespaces])].sort();
    const watch = namespaces.some(ns => ns !== this.platform.argoCdNamespace)
      ? [...new Set([this.platform.argoCdNamespace, ...namespaces])].sort().join(',') : undefined;
    return {
      ...(acr.length ? { authScripts: { enabled: true, scripts } } : {}),
      config: {
        'log.level': 'info',
        ...(watch ? { 'watch.namespaces': watch } : {}),
        ...(acr.length ? {
          registries: acr.map(host => ({
            api_url: `https://${host}`,
            credentials: `ext:${SCRIPTS_DIR}/${scriptName(host)}`,
            credsexpire: this.credsExpire,
            name: host.split('.')[0],
            prefix: host,
          })),
        } : {}),
      },
      // templates/crd-imageupdaters.yaml renders only with crds.install; keep the CRD on uninstall either way.
      crds: { install: this.crds === ImageUpdaterCrds.CHART, keep: true },
      image: { tag: this.imageTag },
      ...(this.clientId ? { podLabels: { [PlatformLabels.AZURE_WORKLOAD_IDENTITY_USE]: 'true' } } : {}),
      serviceAccount: { create: false, name: RELEASE_NAME },
    };
  }

  private validateRegistries(): string[] {
    const acr = registryUses(this.platform).filter(u => ACR_HOST.test(u.host));
    if (acr.length === 0 || this.clientId) return [];
    const hosts = acr.map(u => u.host).join(', ');
    return [describeInvalid(this, 'azureWorkloadIdentity', undefined,
      `${acr.flatMap(u => u.users).join(', ')} use Azure Container Registry ${hosts}; Image Updater reads their tags with a workload identity: `
      + `give azureWorkloadIdentity: { clientId } of a managed identity with AcrPull on ${hosts}`)];
  }
}

function scriptName(host: string): string {
  return `acr-${host.split('.')[0]}.sh`;
}

/**
 * The credentials script for one registry, after Image Updater's documentation
 * (docs/configuration/registries.md, v1.3.0), with the registry fixed (Image Updater passes no
 * arguments) and the JSON read with `sed` so that only BusyBox is needed. Prints nothing but the
 * credential line; errors go to stderr and fail the script.
 */
export function acrCredentialsScript(host: string): string {
  return [
    '#!/bin/sh',
    `# Generated by cdk8s-argocd-platform: ACR credentials for ${host} through Azure workload identity.`,
    '# Entra access token from the federated token, then an ACR refresh token (oauth2/exchange).',
    'set -eo pipefail',
    `registry=${host}`,
    'assertion=$(cat "$AZURE_FEDERATED_TOKEN_FILE")',
    'aad=$(wget -q -O - --header "Content-Type: application/x-www-form-urlencoded" \\',
    '  --post-data "grant_type=client_credentials&client_id=${AZURE_CLIENT_ID}&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&scope=https://management.azure.com/.default&client_assertion=${assertion}" \\',
    '  "${AZURE_AUTHORITY_HOST%/}/${AZURE_TENANT_ID}/oauth2/v2.0/token" | sed -n \'s/.*"access_token":"\\([^"]*\\)".*/\\1/p\')',
    '[ -n "$aad" ] || { echo "no Entra access token for $AZURE_CLIENT_ID" >&2; exit 1; }',
    'refresh=$(wget -q -O - --header "Content-Type: application/x-www-form-urlencoded" \\',
    '  --post-data "grant_type=access_token&service=${registry}&tenant=${AZURE_TENANT_ID}&access_token=${aad}" \\',
    '  "https://${registry}/oauth2/exchange" | sed -n \'s/.*"refresh_token":"\\([^"]*\\)".*/\\1/p\')',
    '[ -n "$refresh" ] || { echo "no ACR refresh token from $registry" >&2; exit 1; }',
    `echo "${ACR_TOKEN_USER}:$refresh"`,
    '',
  ].join('\n');
}
