import { Construct } from 'constructs';
import { IN_CLUSTER_SERVER } from './argo-environment';
import type { ArgoPlatform } from './argo-platform';
import { Application } from '../imports/application-argoproj.io';

/**
 * On every CRD a CRDs Application syncs: server-side apply (large CRDs such as ApplicationSet exceed
 * client-side apply's annotation limit), never pruned, never deleted with the Application (deleting a
 * CRD deletes every resource of its kind).
 */
export const CRD_SYNC_OPTIONS = 'ServerSideApply=true,Prune=false,Delete=false';

/** Where a component's CRDs are at its release. */
export interface CrdsApplicationOptions {
  /** The Application's name, e.g. `argocd-crds`. */
  readonly name: string;
  /** The component's own repository. */
  readonly repoUrl: string;
  /** The release tag the CRDs must match (the image's tag). */
  readonly targetRevision: string;
  /** A Kustomize folder in that repository holding the CRDs (Kustomize is what carries the sync options onto them). */
  readonly path: string;
}

/**
 * The Application that syncs a component's CRDs from its own repository at the image's release, in
 * the platform's project: the one way SelfManagedArgo and ArgoImageUpdater keep CRDs at the image's
 * version instead of the chart's.
 */
export function addCrdsApplication(scope: Construct, platform: ArgoPlatform, options: CrdsApplicationOptions): Application {
  platform.platformProject.addSourceRepo(options.repoUrl);
  return new Application(scope, 'Crds', {
    metadata: { name: options.name, namespace: platform.argoCdNamespace },
    spec: {
      project: platform.platformProject.projectName,
      source: {
        repoUrl: options.repoUrl,
        targetRevision: options.targetRevision,
        path: options.path,
        kustomize: { commonAnnotations: { 'argocd.argoproj.io/sync-options': CRD_SYNC_OPTIONS } },
      },
      // CRDs are cluster-scoped; the namespace only satisfies the platform project's destination.
      destination: { server: IN_CLUSTER_SERVER, namespace: platform.argoCdNamespace },
      syncPolicy: { automated: { selfHeal: true, prune: false }, syncOptions: ['ServerSideApply=true'] },
    },
  });
}
