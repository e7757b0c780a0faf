/** Capabilities other constructs may need to know about without importing them (capabilities never import each other). */
export enum PlatformCapability {
  /** Alert rules are rendered (ArgoAlerts). */
  ALERTS = 'alerts',
  /** Argo CD notifications are configured. */
  NOTIFICATIONS = 'notifications',
  /** Argo CD's state is backed up (ArgoBackup). */
  BACKUP = 'backup',
  /** Single sign-on is configured (ArgoSSO). */
  SSO = 'sso',
  /** Argo CD manages its own Helm release (SelfManagedArgo). */
  SELF_MANAGED = 'self-managed',
  /** Scraping of Argo CD's metrics is configured. */
  SCRAPING = 'scraping',
}
