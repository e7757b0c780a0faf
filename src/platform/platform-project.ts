import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterDestination } from './argo-environment';
import { AppProject } from '../imports/appproject-argoproj.io';
import { fail, sourceRepositoryReason } from '../util/validation';

/** A destination of the platform project. */
export interface PlatformDestination extends ClusterDestination {
  /** The namespace. */
  readonly namespace: string;
}

/** Props for the PlatformProject. */
export interface PlatformProjectProps {
  /** The AppProject's name. */
  readonly projectName: string;
  /** The Argo CD namespace. */
  readonly argoCdNamespace: string;
}

/**
 * The platform team's own AppProject, for what the platform deploys itself: the root Applications
 * of each environment and Argo CD's own release. Team applications never use it (nor `default`).
 * Only platform admins (role:admin) can act on it; it may deploy cluster-scoped resources because
 * installing Argo CD needs CRDs and ClusterRoles.
 */
export class PlatformProject extends Construct {
  /** The AppProject's name. */
  public readonly projectName: string;
  private readonly repos: string[] = [];
  private readonly destinations: PlatformDestination[] = [];
  private readonly destinationKeys = new Set<string>();

  constructor(scope: Construct, id: string, props: PlatformProjectProps) {
    super(scope, id);
    this.projectName = props.projectName;
    new AppProject(this, 'Resource', {
      metadata: { name: this.projectName, namespace: props.argoCdNamespace },
      spec: {
        description: 'Argo CD platform: root applications per environment and Argo CD itself',
        sourceRepos: Lazy.any({ produce: () => [...this.repos].sort() }),
        destinations: Lazy.any({ produce: () => [...this.destinations] }),
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        orphanedResources: { warn: true },
      },
    });
  }

  /** Allows the platform to deploy from a repository. */
  public addSourceRepo(repo: string): void {
    const reason = sourceRepositoryReason(repo);
    if (reason) fail(this, 'sourceRepos', repo, reason);
    if (!this.repos.includes(repo)) this.repos.push(repo);
  }

  /** Allows the platform to deploy to a namespace of a cluster. */
  public addDestination(destination: PlatformDestination): void {
    const key = JSON.stringify([destination.server, destination.name, destination.namespace]);
    if (this.destinationKeys.has(key)) return;
    this.destinationKeys.add(key);
    this.destinations.push({ ...destination });
  }
}
