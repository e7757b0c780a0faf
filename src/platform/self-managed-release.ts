import { IConstruct } from 'constructs';
import { PlatformCapability } from './registries';

/**
 * What other capabilities may read about the construct providing `PlatformCapability.SELF_MANAGED`
 * (`SelfManagedArgo`), without importing it: the pinned chart and the generated values file, for
 * documents such as the restore runbook.
 */
export interface ISelfManagedRelease extends IConstruct {
  /** The Helm release name (and the Application's name), e.g. `argocd`. */
  readonly applicationName: string;
  /** The exact `argo-cd` chart version. */
  readonly chartVersion: string;
  /** The file name of the values artifact at the output root, e.g. `argocd.values.yaml`. */
  readonly valuesFileName: string;
  /** The first `helm install` command, with the generated values file. */
  bootstrapCommand(): string;
  /**
   * The chart values as they stand (contributed values, without the late settings hashes, and the
   * extra values), for settings the chart computes from them (argocd-cmd-params-cm presets).
   */
  presetInputs(): { [key: string]: any };
  /**
   * The command that installs the Argo CD CRDs before the chart, when the chart does not install
   * them (CRDs at the image's release).
   */
  crdsCommand(): string | undefined;
}

/**
 * The self-managed release of a platform's capability registry, typed; undefined when the platform
 * has none. Fails when the provider does not have the shape above (a programming error).
 */
export function selfManagedReleaseOf(
  capabilities: { providerOf(capability: PlatformCapability): IConstruct | undefined }): ISelfManagedRelease | undefined {
  const provider = capabilities.providerOf(PlatformCapability.SELF_MANAGED) as Partial<ISelfManagedRelease> | undefined;
  if (!provider) return undefined;
  if (typeof provider.chartVersion !== 'string' || typeof provider.valuesFileName !== 'string'
    || typeof provider.applicationName !== 'string' || typeof provider.bootstrapCommand !== 'function'
    || typeof provider.presetInputs !== 'function' || typeof provider.crdsCommand !== 'function') {
    throw new Error(`[${(provider as IConstruct).node.path}] provides ${PlatformCapability.SELF_MANAGED} but not chartVersion, valuesFileName, applicationName, bootstrapCommand(), presetInputs() and crdsCommand()`);
  }
  return provider as ISelfManagedRelease;
}
