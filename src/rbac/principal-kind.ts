/** What kind of principal an audit row is about. */
export enum PrincipalKind {
  /** A group claim value bound with a `g` line (Azure AD object ID). */
  GROUP = 'group',
  /** A subject with direct `p` lines and no `g` line: enforced as a user, ignored as a group. */
  USER = 'user',
  /** A role (`role:x`) or project role (`proj:p:r`). */
  ROLE = 'role',
  /** Everyone: the `policy.default` role. */
  DEFAULT = 'default',
  /** Argo CD's local `admin` account, which the builtin policy makes an admin. */
  LOCAL_ACCOUNT = 'local account',
}
