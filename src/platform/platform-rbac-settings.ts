import type { ArgoPlatform } from './argo-platform';
import { SettingsConfigMap } from './argo-settings';
import { PolicyMatchMode } from '../rbac/rbac-policy';
import { RbacSubject, RbacSubjectKind } from '../rbac/rbac-subject';
import { describeInvalid, fail, unsafeTokenReason } from '../util/validation';

/** RBAC settings of `argocd-rbac-cm` other than the policy lines. */
export interface PlatformRbacOptions {
  /**
   * The role every authenticated user gets (`policy.default`): `''` (none: access must be granted
   * explicitly, least privilege as the seed recommends), a builtin role (`role:readonly`) or a role
   * defined in `platform.rbac`. `role:admin` is refused: Entra ID lets everyone in the tenant log in
   * (RBAC does not gate login), so it would make every employee an Argo CD admin.
   * @default ''
   */
  readonly policyDefault?: string;
  /**
   * The token claims whose values are treated as groups (`scopes`). Always rendered as a list
   * literal: a bare string crashes the Argo CD server at startup.
   * @default ['groups']
   */
  readonly scopes?: string[];
  /**
   * How policy resources, actions and objects are matched. Only `GLOB` is accepted for a platform
   * this library renders: its policies (`<project>/` followed by `*`) and Argo CD's builtin roles
   * (objects made of `*`, which is not a valid regular expression) are globs, and under `regex` they would silently mean
   * something else or nothing. The CLI and `RbacEvaluator` still evaluate regex policies.
   * @default PolicyMatchMode.GLOB
   */
  readonly matchMode?: PolicyMatchMode;
}

/**
 * Renders the RBAC settings of argocd-rbac-cm other than the policy lines (`policy.default`,
 * `scopes`, `policy.matchMode`), after checking them.
 */
export function configurePlatformRbac(platform: ArgoPlatform, rbac: PlatformRbacOptions): void {
  const policyDefault = rbac.policyDefault ?? '';
  if (policyDefault !== '') {
    const reason = unsafeTokenReason(policyDefault)
      ?? (policyDefault.startsWith('role:') ? undefined : 'must be a role name such as role:readonly (a bare name would match no role)');
    if (reason) fail(platform, 'rbac.policyDefault', policyDefault, reason);
    if (policyDefault === 'role:admin') {
      fail(platform, 'rbac.policyDefault', policyDefault, 'would make everyone who can log in (the whole Entra ID tenant) an Argo CD admin; bind the admin group instead');
    }
  }
  if ((rbac.matchMode ?? PolicyMatchMode.GLOB) !== PolicyMatchMode.GLOB) {
    fail(platform, 'rbac.matchMode', rbac.matchMode, 'only glob is supported: the generated policies and Argo CD\'s builtin roles are globs, which regex mode would read differently (or not at all)');
  }
  const scopes = rbac.scopes ?? ['groups'];
  if (!Array.isArray(scopes) || scopes.length === 0) fail(platform, 'rbac.scopes', scopes, 'must be a non-empty list of claim names');
  for (const claim of scopes) {
    if (!/^[A-Za-z0-9_:.\-/]+$/.test(claim)) fail(platform, 'rbac.scopes', claim, 'claim names are letters, digits, "_", ":", ".", "-" and "/"');
  }
  platform.settings.set(platform, SettingsConfigMap.RBAC_CM, 'policy.default', policyDefault);
  platform.settings.set(platform, SettingsConfigMap.RBAC_CM, 'scopes', `[${scopes.join(', ')}]`);
  platform.facts.setRbacScopes(platform, scopes);
  platform.settings.set(platform, SettingsConfigMap.RBAC_CM, 'policy.matchMode', rbac.matchMode ?? PolicyMatchMode.GLOB);
}

/** Checks that need every role and binding: the default role exists; every subject can match (platform.rbacSubjects). */
export function validatePlatformRbac(platform: ArgoPlatform): string[] {
  const problems: string[] = [];
  const policyDefault = platform.settings.tryGet(SettingsConfigMap.RBAC_CM, 'policy.default') ?? '';
  const known = ['role:readonly', 'role:admin', ...platform.rbac.roleDefinitions.map(r => r.name)];
  if (policyDefault !== '' && !known.includes(policyDefault)) {
    problems.push(describeInvalid(platform, 'rbac.policyDefault', policyDefault, `no such role; define it in platform.rbac or use one of ${known.join(', ')}`));
  }
  // One check for every subject (groups by object ID, app roles, e-mails): platform.rbacSubjects.
  const scopes = platform.facts.rbacScopes;
  for (const binding of platform.rbac.bindings) {
    const subject = binding.subjectKind === RbacSubjectKind.APP_ROLE ? RbacSubject.appRole(binding.subject) : binding.subject;
    const problem = platform.rbacSubjects.problemOf(subject, scopes);
    if (problem) problems.push(describeInvalid(platform, 'rbac.bind', binding.subject, problem));
  }
  return problems;
}
