/**
 * Argo CD's sync-wave annotation. The platform puts its AppProjects in wave -1, so a sync of the
 * platform folder creates a project before the Applications that name it (Argo CD refuses an
 * Application whose project does not exist).
 */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
