import { Construct } from 'constructs';
import { recordRegistryUse, recordUpdaterNamespace } from './image-registries';
import {
  ImageGitWriteBackOptions, ImageUpdaterImageOptions, ImageUpdaterMode, ImageUpdateStrategy, ImageWriteBackTarget,
} from './image-updater-options';
import { ImageUpdater } from '../imports/imageupdater-argocd-image-updater.argoproj.io';
import { Acknowledgements } from '../platform/acknowledgements';
import { ArgoPlatform } from '../platform/argo-platform';
import { ITeamApplication, TEAM_APP_LABELS, isTeamApplication } from '../platform/team-application-ref';
import { listItemReason } from '../util/text';
import { assertBranch, assertDnsSubdomain, assertGitUrl, compareStrings, fail, unsafeTokenReason } from '../util/validation';

/** Props for an AppImageUpdater. */
export interface AppImageUpdaterProps {
  /** The team application whose Applications are updated. */
  readonly application: ITeamApplication;
  /** The images to watch. */
  readonly images: ImageUpdaterImageOptions[];
  /**
   * The environments whose Application is updated. In production, strategies that do not pin a version
   * (newest-build, the `latest` tag) fail the synth through the guardrail ARGO-IMG2.
   * @default - the application's first non-production environment (dev): as in the seed's workflow,
   * new images land in dev by themselves and reach staging and prod through pull requests
   */
  readonly environments?: string[];
  /**
   * Where new tags are committed. Image Updater always writes back to Git here (`write-back-method: git`):
   * the `argocd` method changes the live Application only, which the App of Apps would revert.
   * @default - the application's repository and branch, the kustomization of each environment's overlay
   */
  readonly writeBack?: ImageGitWriteBackOptions;
  /**
   * The configuration format.
   * @default ImageUpdaterMode.CUSTOM_RESOURCE
   */
  readonly mode?: ImageUpdaterMode;
}

const PREFIX = 'argocd-image-updater.argoproj.io';
const ALIAS = /^[a-zA-Z0-9][a-zA-Z0-9-._]*$/;
const IMAGE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/**
 * Argo CD Image Updater for one team application: when a new image tag is pushed (e.g. to Azure
 * Container Registry by CI), Image Updater commits it to the environment's overlay in Git, and the
 * Application picks it up through its usual sync policy (automatic in dev, by hand in production).
 *
 * In Image Updater 1.x mode it renders one `ImageUpdater` resource per environment, in the
 * namespace of the Application it selects (Image Updater looks for Applications in the resource's
 * own namespace; Argo CD's, or a team repository's application namespace), into the environment's chart (`dist/<env>/imageupdater-<app>-<env>.yaml`), selecting
 * exactly that environment's Application. The legacy modes render the 0.x annotations on the
 * Applications instead.
 *
 * Registry access for Azure Container Registry uses no pull secret, so none can be configured here:
 * the cluster pulls with its kubelet identity, granted once outside Kubernetes with
 * `az aks update --resource-group <rg> --name <aks> --attach-acr <acr>` (AcrPull on the registry;
 * check it with `az aks check-acr --resource-group <rg> --name <aks> --acr <acr>.azurecr.io`), and
 * Image Updater lists tags with its Azure Workload Identity (a federated identity with AcrPull,
 * configured in Image Updater's registries configuration, not in this resource).
 *
 * @example
 * import { AppImageUpdater, ArgoPlatform, ImageUpdateStrategy, TeamApplication } from 'cdk8s-argocd-platform';
 *
 * declare const platform: ArgoPlatform;
 * declare const paymentsApi: TeamApplication;
 * new AppImageUpdater(platform, 'PaymentsApiImages', {
 *   application: paymentsApi,
 *   images: [{
 *     alias: 'api',
 *     imageName: 'example.azurecr.io/payments/api',
 *     updateStrategy: ImageUpdateStrategy.SEMVER,
 *     constraint: '~1.4',
 *   }],
 * });
 */
export class AppImageUpdater extends Construct {
  /** The application. */
  public readonly application: ITeamApplication;
  /** The environments whose Application is updated. */
  public readonly environments: string[];

  constructor(scope: Construct, id: string, props: AppImageUpdaterProps) {
    super(scope, id);
    this.application = props.application;
    if (!isTeamApplication(this.application)) fail(this, 'application', props.application, 'must be a TeamApplication');
    const mode = props.mode ?? ImageUpdaterMode.CUSTOM_RESOURCE;
    if (!Object.values(ImageUpdaterMode).includes(mode)) fail(this, 'mode', mode, `must be one of ${Object.values(ImageUpdaterMode).join(', ')}`);

    this.environments = this.selectEnvironments(props.environments);
    const images = this.checkImages(props.images);
    const writeBack = this.checkWriteBack(props.writeBack ?? {});
    const platform = ArgoPlatform.tryPlatformOf(this);
    if (platform) for (const image of images) recordRegistryUse(platform, this, image.imageName);
    if (platform && mode !== ImageUpdaterMode.ANNOTATIONS_WITHOUT_RESOURCE) {
      // Each environment's Application namespace (a production application namespace included).
      for (const env of this.environments) recordUpdaterNamespace(platform, this.application.applicationNamespaceFor(env));
    }

    for (const env of this.environments) {
      const appName = this.application.applicationNameFor(env);
      const target = writeBack.target.renderFor(this, env);
      if (mode === ImageUpdaterMode.CUSTOM_RESOURCE) {
        const updater = new ImageUpdater(this.application.chartFor(env), `ImageUpdater-${appName}`, {
          metadata: {
            name: appName,
            namespace: this.application.applicationNamespaceFor(env),
            labels: {
              [TEAM_APP_LABELS.team]: this.application.project.team,
              [TEAM_APP_LABELS.app]: this.application.appName,
              [TEAM_APP_LABELS.environment]: env,
              [TEAM_APP_LABELS.production]: String(this.application.isProduction(env)),
            },
          },
          spec: {
            applicationRefs: [{
              namePattern: appName,
              images: images.map(image => ({
                alias: image.alias,
                imageName: imageSpec(image),
                commonUpdateSettings: {
                  updateStrategy: image.updateStrategy ?? ImageUpdateStrategy.SEMVER,
                  forceUpdate: false,
                  ...(image.allowTags !== undefined ? { allowTags: `regexp:${image.allowTags}` } : {}),
                  ...(image.ignoreTags?.length ? { ignoreTags: [...image.ignoreTags].sort() } : {}),
                },
                ...manifestTargets(image),
              })),
            }],
            writeBackConfig: {
              method: writeBack.method,
              gitConfig: {
                branch: writeBack.branch,
                ...(writeBack.repository ? { repository: writeBack.repository } : {}),
                writeBackTarget: target,
              },
            },
          },
        });
        Acknowledgements.renderedFor(updater, this);
        continue;
      }
      const annotations: Record<string, string> = {
        [`${PREFIX}/image-list`]: images.map(image => `${image.alias}=${imageSpec(image)}`).join(','),
        [`${PREFIX}/write-back-method`]: writeBack.method,
        [`${PREFIX}/write-back-target`]: target,
        [`${PREFIX}/git-branch`]: writeBack.branch,
      };
      if (writeBack.repository) annotations[`${PREFIX}/git-repository`] = writeBack.repository;
      for (const image of images) {
        const a = `${PREFIX}/${image.alias}`;
        annotations[`${a}.update-strategy`] = image.updateStrategy ?? ImageUpdateStrategy.SEMVER;
        if (image.allowTags !== undefined) annotations[`${a}.allow-tags`] = `regexp:${image.allowTags}`;
        if (image.ignoreTags?.length) annotations[`${a}.ignore-tags`] = [...image.ignoreTags].sort().join(',');
        if (image.kustomizeImageName) annotations[`${a}.kustomize.image-name`] = image.kustomizeImageName;
        if (image.helmImageNameParameter) annotations[`${a}.helm.image-name`] = image.helmImageNameParameter;
        if (image.helmImageTagParameter) annotations[`${a}.helm.image-tag`] = image.helmImageTagParameter;
      }
      for (const key of Object.keys(annotations).sort()) this.application.addAnnotation(key, annotations[key], env);
      if (mode === ImageUpdaterMode.ANNOTATIONS) {
        const updater = new ImageUpdater(this.application.chartFor(env), `ImageUpdater-${appName}`, {
          metadata: { name: appName, namespace: this.application.applicationNamespaceFor(env) },
          spec: { applicationRefs: [{ namePattern: appName, useAnnotations: true }] },
        });
        Acknowledgements.renderedFor(updater, this);
      }
    }
  }

  private selectEnvironments(environments?: string[]): string[] {
    const appEnvs = this.application.environments;
    if (environments === undefined) {
      const nonProduction = appEnvs.filter(e => !this.application.isProduction(e));
      if (nonProduction.length === 0) fail(this, 'environments', appEnvs, 'the application has only production environments; list them explicitly to update images there');
      return nonProduction.slice(0, 1);
    }
    if (!Array.isArray(environments) || environments.length === 0) fail(this, 'environments', environments, 'give at least one environment');
    for (const env of environments) {
      if (!appEnvs.includes(env)) fail(this, 'environments', env, `the application is deployed to ${appEnvs.join(', ')} only`);
    }
    return appEnvs.filter(e => environments.includes(e));
  }

  private checkImages(images: ImageUpdaterImageOptions[]): ImageUpdaterImageOptions[] {
    if (!Array.isArray(images) || images.length === 0) fail(this, 'images', images, 'give at least one image');
    const aliases = new Set<string>();
    for (const image of images) {
      const field = `images[${image?.alias}]`;
      if (typeof image.alias !== 'string' || !ALIAS.test(image.alias)) fail(this, `${field}.alias`, image.alias, 'must be letters, digits, "-", "_" and ".", starting with a letter or digit');
      if (aliases.has(image.alias)) fail(this, `${field}.alias`, image.alias, 'aliases must be unique');
      aliases.add(image.alias);
      if (typeof image.imageName !== 'string' || !IMAGE.test(image.imageName)) {
        fail(this, `${field}.imageName`, image.imageName, 'must be an image name without tag or digest, e.g. civica.azurecr.io/payments/api (put the version in constraint)');
      }
      const strategy = image.updateStrategy ?? ImageUpdateStrategy.SEMVER;
      if (!Object.values(ImageUpdateStrategy).includes(strategy)) fail(this, `${field}.updateStrategy`, strategy, `must be one of ${Object.values(ImageUpdateStrategy).join(', ')}`);
      if (image.constraint !== undefined && listItemReason(image.constraint, ',')) {
        fail(this, `${field}.constraint`, image.constraint, `${listItemReason(image.constraint, ',')} (the image-list annotation is comma-separated; write an AND of semver ranges with a space: ">=1.2 <2")`);
      }
      if (image.constraint !== undefined && !/^[A-Za-z0-9^~<>=*. |_-]+$/.test(image.constraint)) {
        fail(this, `${field}.constraint`, image.constraint, 'must be a semantic version constraint such as ~1.4, or a tag');
      }
      if (strategy === ImageUpdateStrategy.DIGEST && image.constraint === undefined) {
        fail(this, `${field}.constraint`, image.constraint, 'the digest strategy follows one tag; give it as constraint');
      }
      if (image.allowTags !== undefined) {
        try {
          new RegExp(image.allowTags);
        } catch {
          fail(this, `${field}.allowTags`, image.allowTags, 'must be a regular expression');
        }
        if (/[\n\r]/.test(image.allowTags)) fail(this, `${field}.allowTags`, image.allowTags, 'must be one line');
      }
      for (const tag of image.ignoreTags ?? []) {
        if (unsafeTokenReason(tag) || tag.includes(',')) fail(this, `${field}.ignoreTags`, tag, 'must be a glob without spaces or commas');
      }
      for (const [key, value] of [['kustomizeImageName', image.kustomizeImageName], ['helmImageNameParameter', image.helmImageNameParameter], ['helmImageTagParameter', image.helmImageTagParameter]] as const) {
        if (value !== undefined && (unsafeTokenReason(value) || /[\s,]/.test(value))) fail(this, `${field}.${key}`, value, 'must be a name without spaces or commas');
      }
      const helm = image.helmImageNameParameter !== undefined || image.helmImageTagParameter !== undefined;
      if (image.helmImageTagParameter !== undefined && image.helmImageNameParameter === undefined) {
        fail(this, `${field}.helmImageNameParameter`, undefined, 'give the Helm value of the image repository too (Image Updater needs it with the tag value)');
      }
      if (helm && image.kustomizeImageName !== undefined) fail(this, `${field}.kustomizeImageName`, image.kustomizeImageName, 'an image is written either to Helm values or to a kustomization, not both');
    }
    return [...images].sort((a, b) => compareStrings(a.alias, b.alias));
  }

  private checkWriteBack(options: ImageGitWriteBackOptions) {
    const source = this.application.source;
    const helmChart = this.application.isHelmChart;
    if (helmChart && (options.repository === undefined || options.branch === undefined)) {
      fail(this, 'writeBack', options, 'a Helm chart comes from a chart repository, not Git: give the Git repository and branch that hold its values');
    }
    const repository = options.repository;
    if (repository !== undefined) assertGitUrl(this, 'writeBack.repository', repository);
    const branch = assertBranch(this, 'writeBack.branch', options.branch ?? source.revisionFor(this.environments[0]));
    const target = options.target ?? (helmChart ? undefined : ImageWriteBackTarget.kustomization());
    if (!target) fail(this, 'writeBack.target', undefined, 'a Helm chart application needs ImageWriteBackTarget.helmValues(path)');
    let method = 'git';
    if (options.credentialsSecret !== undefined) {
      assertDnsSubdomain(this, 'writeBack.credentialsSecret', options.credentialsSecret);
      method = `git:secret:${this.application.project.applicationObjectsNamespace}/${options.credentialsSecret}`;
    }
    return { method, branch, repository, target };
  }
}

function imageSpec(image: ImageUpdaterImageOptions): string {
  return image.constraint !== undefined ? `${image.imageName}:${image.constraint}` : image.imageName;
}

function manifestTargets(image: ImageUpdaterImageOptions) {
  if (image.helmImageNameParameter !== undefined || image.helmImageTagParameter !== undefined) {
    return { manifestTargets: { helm: { name: image.helmImageNameParameter, tag: image.helmImageTagParameter } } };
  }
  if (image.kustomizeImageName !== undefined) return { manifestTargets: { kustomize: { name: image.kustomizeImageName } } };
  return {};
}
