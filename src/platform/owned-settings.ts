import { SettingsConfigMap } from './argo-settings';

/** The kind of an Argo CD settings object. */
export enum SettingsObjectKind {
  /** A ConfigMap: the platform renders it from contributed settings. */
  CONFIG_MAP = 'ConfigMap',
  /** A Secret: values come from a SecretSource (ExternalSecret or SealedSecret), never from Git. */
  SECRET = 'Secret',
}

/** How configuration refers to a value in a settings Secret. */
export enum SecretReferenceForm {
  /**
   * Argo CD's settings (`argocd-cm`, repository config): `$<key>` for a key of `argocd-secret`,
   * `$<secret>:<key>` for a key of another Secret labelled `app.kubernetes.io/part-of: argocd`.
   */
  ARGOCD = 'argocd',
  /** Notifications (`argocd-notifications-cm`): only `$<key>`, read from `argocd-notifications-secret`. */
  NOTIFICATIONS = 'notifications',
}

/** One settings object the platform owns: what it is, how the chart is told not to create it, who reads it when. */
export interface OwnedSettingsObject {
  /** The object's name, e.g. `argocd-cm`. */
  readonly name: string;
  /** ConfigMap or Secret. */
  readonly kind: SettingsObjectKind;
  /** The argo-cd chart value that decides whether the chart creates the object, e.g. `configs.cm.create`. */
  readonly chartSwitch: string;
  /** The value the platform sets at `chartSwitch`: `false` when the platform renders the object itself. */
  readonly chartSwitchValue: boolean;
  /**
   * Rendered on every platform (`true`), or only once a construct enables it (`false`), such as the
   * notifications settings. A contribution to an object that is not rendered fails the synth.
   */
  readonly alwaysRendered: boolean;
  /**
   * Chart components whose pods read the object only at start (command-line parameters): a hash of
   * its data goes on their pod templates, so a change rolls them.
   */
  readonly readAtPodStartBy: string[];
  /** How configuration refers to secret values for this object, and in which Secret they live. */
  readonly secretReferences?: SecretReferenceForm;
  /** The Secret that config in this object refers to with `$<key>`. */
  readonly secretName?: string;
  /** What to do instead of setting the object through chart values (shown when `extraValues` tries). */
  readonly guidance: string;
}

/** The chart components that read `argocd-cmd-params-cm` at start (argo-cd chart 10.1.1 puts `checksum/cmd-params` on them). */
const CMD_PARAMS_READERS = ['applicationSet', 'controller', 'notifications', 'repoServer', 'server'];

/**
 * Every settings object the platform owns: one table instead of hand-kept lists that must agree
 * (what the platform renders, what `SelfManagedArgo` switches off in the chart and refuses in
 * `extraValues`, how config refers to secrets).
 */
export const OWNED_SETTINGS: readonly OwnedSettingsObject[] = [
  { name: SettingsConfigMap.ARGOCD_CM, guidance: 'contribute with platform.settings or a construct instead', kind: SettingsObjectKind.CONFIG_MAP, chartSwitch: 'configs.cm.create', chartSwitchValue: false, alwaysRendered: true, readAtPodStartBy: [], secretReferences: SecretReferenceForm.ARGOCD, secretName: 'argocd-secret' },
  { name: SettingsConfigMap.RBAC_CM, guidance: 'add roles and bindings with platform.rbac', kind: SettingsObjectKind.CONFIG_MAP, chartSwitch: 'configs.rbac.create', chartSwitchValue: false, alwaysRendered: true, readAtPodStartBy: [] },
  { name: SettingsConfigMap.CMD_PARAMS_CM, guidance: 'use the ArgoPlatform commandParameters prop', kind: SettingsObjectKind.CONFIG_MAP, chartSwitch: 'configs.params.create', chartSwitchValue: false, alwaysRendered: true, readAtPodStartBy: CMD_PARAMS_READERS },
  // argocd-ssh-known-hosts-cm and argocd-tls-certs-cm are rendered even when empty: `argocd admin export` fails when either is missing.
  { name: SettingsConfigMap.SSH_KNOWN_HOSTS_CM, guidance: 'add hosts with SshKnownHosts', kind: SettingsObjectKind.CONFIG_MAP, chartSwitch: 'configs.ssh.create', chartSwitchValue: false, alwaysRendered: true, readAtPodStartBy: [] },
  { name: SettingsConfigMap.TLS_CERTS_CM, guidance: 'contribute with platform.settings', kind: SettingsObjectKind.CONFIG_MAP, chartSwitch: 'configs.tls.create', chartSwitchValue: false, alwaysRendered: true, readAtPodStartBy: [] },
  { name: SettingsConfigMap.NOTIFICATIONS_CM, guidance: 'configure notifications with the notification constructs of this library', kind: SettingsObjectKind.CONFIG_MAP, chartSwitch: 'notifications.cm.create', chartSwitchValue: false, alwaysRendered: false, readAtPodStartBy: [], secretReferences: SecretReferenceForm.NOTIFICATIONS, secretName: 'argocd-notifications-secret' },
  // The chart creates argocd-secret (Argo CD keeps server.secretkey there); ExternalSecrets merge keys into it.
  { name: 'argocd-secret', guidance: 'argocd-secret must be created by the chart so the ExternalSecret can merge keys into it', kind: SettingsObjectKind.SECRET, chartSwitch: 'configs.secret.createSecret', chartSwitchValue: true, alwaysRendered: true, readAtPodStartBy: [], secretReferences: SecretReferenceForm.ARGOCD },
  { name: 'argocd-notifications-secret', guidance: 'argocd-notifications-secret is created by the platform from SecretSources (an ExternalSecret), not by the chart', kind: SettingsObjectKind.SECRET, chartSwitch: 'notifications.secret.create', chartSwitchValue: false, alwaysRendered: false, readAtPodStartBy: [], secretReferences: SecretReferenceForm.NOTIFICATIONS },
];

/** The table entry of an owned settings object, if the platform owns it. */
export function ownedSettingsObject(name: string): OwnedSettingsObject | undefined {
  return OWNED_SETTINGS.find(o => o.name === name);
}
