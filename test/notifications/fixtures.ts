import { ArgoNotifications, ArgoPlatformProps, PlatformApp, ArgoPlatform, SecretSource } from '../../src';
import { newPlatform } from '../helpers/platform-fixture';

export const GITOPS = 'git@github.com:civica/gitops-config.git';

export function keyVault(name: string): SecretSource {
  return SecretSource.fromAzureKeyVault({ secretName: name });
}

export interface NotifiedPlatform {
  readonly app: PlatformApp;
  readonly platform: ArgoPlatform;
  readonly notifications: ArgoNotifications;
}

/** A platform with dev and prod and an ArgoNotifications with the defaults. */
export function notifiedPlatform(props: Partial<ArgoPlatformProps> = {}): NotifiedPlatform {
  const { app, platform } = newPlatform({ environments: [{ name: 'dev' }, { name: 'prod', production: true }], ...props });
  const notifications = new ArgoNotifications(platform, 'Notifications');
  return { app, platform, notifications };
}
