/**
 * The requests that change production beyond a reviewed sync. One list, read by the access audit
 * ("Who can change production", marked high risk), by TeamAccess (no default grants them on production)
 * and by the guardrail ARGO-ACC5, so the three never disagree.
 *
 * Argo CD 3.5 checks `override` on an application, `action/<group>/<kind>/<name>` for resource actions,
 * `update/…` and `delete/…` for fine-grained changes to an application's resources, and `create` on
 * `exec` for a shell in a running container (server/application/application.go, server/rbacpolicy).
 */

/** The high-risk actions on applications, as policy patterns. */
export const HIGH_RISK_APPLICATION_ACTIONS: readonly string[] = ['override', 'action/*', 'update/*', 'delete/*'];

/** One request of each high-risk kind, to ask an evaluator with (what the API server would check). */
export const HIGH_RISK_SAMPLE_REQUESTS: ReadonlyArray<{ readonly resource: string; readonly action: string; readonly what: string }> = [
  { resource: 'applications', action: 'override', what: 'override' },
  { resource: 'applications', action: 'action/apps/Deployment/restart', what: 'resource actions (action/*)' },
  { resource: 'applications', action: 'update/apps/Deployment/app/app', what: 'resource updates (update/*)' },
  { resource: 'applications', action: 'delete/apps/Deployment/app/app', what: 'resource deletes (delete/*)' },
  { resource: 'exec', action: 'create', what: 'exec' },
];

/** Whether a request (or an action pattern of a policy line) on a resource is high risk. */
export function isHighRisk(resource: string, action: string): boolean {
  if (resource === 'exec') return true;
  return resource === 'applications' && (action === 'override' || /^(action|update|delete)\//.test(action));
}
