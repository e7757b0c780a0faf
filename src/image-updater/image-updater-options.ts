import { IConstruct } from 'constructs';
import { fail } from '../util/validation';

/** How Image Updater picks the next tag. */
export enum ImageUpdateStrategy {
  /** The highest semantic version that satisfies the constraint (Image Updater's default). */
  SEMVER = 'semver',
  /** The most recently built tag. Floating: the guardrail ARGO-IMG2 refuses it in production. */
  NEWEST_BUILD = 'newest-build',
  /** The current digest of one mutable tag. */
  DIGEST = 'digest',
  /** The last tag in lexical order (e.g. CalVer tags). */
  ALPHABETICAL = 'alphabetical',
}

/** How the Image Updater configuration is rendered. */
export enum ImageUpdaterMode {
  /** Image Updater 1.x: an `ImageUpdater` custom resource holds the images and write-back settings. */
  CUSTOM_RESOURCE = 'custom-resource',
  /**
   * Image Updater 0.x annotations on the Applications, plus (since 1.x reads annotations only then) an
   * `ImageUpdater` resource that selects the Applications with `useAnnotations: true`. For migrations.
   */
  ANNOTATIONS = 'annotations',
  /** Image Updater 0.x only (no CRD installed): only the annotations on the Applications. */
  ANNOTATIONS_WITHOUT_RESOURCE = 'annotations-without-resource',
}

/** One image Image Updater watches. */
export interface ImageUpdaterImageOptions {
  /** A short name for the image in the application (letters, digits, "-", "_", "."), e.g. `api`. */
  readonly alias: string;
  /**
   * The image without a tag, e.g. `civica.azurecr.io/payments/api`. For Azure Container Registry the
   * registry host is `<registry>.azurecr.io`.
   */
  readonly imageName: string;
  /**
   * How the next tag is picked.
   * @default ImageUpdateStrategy.SEMVER
   */
  readonly updateStrategy?: ImageUpdateStrategy;
  /**
   * The semantic version constraint with the semver strategy (e.g. `~1.4`, `^2`), or the tag to
   * follow with the digest strategy.
   * @default - any version (semver); required with the digest strategy
   */
  readonly constraint?: string;
  /**
   * A regular expression tags must match, e.g. `^v?[0-9]+\.[0-9]+\.[0-9]+$`.
   * @default - every tag
   */
  readonly allowTags?: string;
  /**
   * Glob patterns of tags to skip, e.g. `*-rc*`.
   * @default - none
   */
  readonly ignoreTags?: string[];
  /**
   * The image name in the kustomization's `images` list when it differs from `imageName`.
   * @default - `imageName`
   */
  readonly kustomizeImageName?: string;
  /**
   * The Helm value that holds the image repository, e.g. `image.repository`.
   * @default - none (Kustomize or plain manifests)
   */
  readonly helmImageNameParameter?: string;
  /**
   * The Helm value that holds the image tag, e.g. `image.tag`.
   * @default - none (Kustomize or plain manifests)
   */
  readonly helmImageTagParameter?: string;
}

/** The file Image Updater commits the new tag to. */
export class ImageWriteBackTarget {
  /**
   * The kustomization of the application's own directory (its overlay), or of `path`.
   * @param path a path relative to the application's directory, or from the repository root when it
   * starts with `/`; `{env}` is replaced by the environment
   */
  public static kustomization(path?: string): ImageWriteBackTarget {
    return new ImageWriteBackTarget('kustomization', path);
  }

  /**
   * A Helm values file.
   * @param path the values file, e.g. `/apps/payments-api/values-{env}.yaml`; `{env}` is replaced by the environment
   */
  public static helmValues(path: string): ImageWriteBackTarget {
    return new ImageWriteBackTarget('helmvalues', path);
  }

  /** `kustomization` or `helmvalues`. */
  public readonly type: string;
  /** The path pattern, if any. */
  public readonly path?: string;

  private constructor(type: string, path?: string) {
    this.type = type;
    this.path = path;
  }

  /** The `writeBackTarget` value for an environment. */
  public renderFor(scope: IConstruct, environment: string): string {
    if (this.path === undefined) {
      if (this.type === 'helmvalues') fail(scope, 'writeBack.target', this.path, 'a Helm values target needs the values file path');
      return this.type;
    }
    const path = this.path.split('{env}').join(environment);
    if (!/^\/?[A-Za-z0-9._\-{}]+(\/[A-Za-z0-9._\-]+)*\/?$/.test(path) || path.split('/').includes('..')) {
      fail(scope, 'writeBack.target', this.path, 'must be a path of letters, digits, ".", "_" and "-" inside the repository');
    }
    return `${this.type}:${path}`;
  }
}

/** Where Image Updater commits new tags (`write-back-method: git`). */
export interface ImageGitWriteBackOptions {
  /**
   * The branch to commit to.
   * @default - the branch the application follows (directory sources); required for Helm chart sources
   */
  readonly branch?: string;
  /**
   * The Git repository to commit to.
   * @default - the application's repository (directory sources); required for Helm chart sources
   */
  readonly repository?: string;
  /**
   * The file that receives the new tag.
   * @default ImageWriteBackTarget.kustomization() - the overlay of each environment
   */
  readonly target?: ImageWriteBackTarget;
  /**
   * The name of a Secret with Git credentials for the commits, in the namespace of the
   * ImageUpdater resource (Argo CD's namespace, or a team repository's application namespace).
   * @default - the repository credentials Argo CD already has for the repository (`repocreds`)
   */
  readonly credentialsSecret?: string;
}
