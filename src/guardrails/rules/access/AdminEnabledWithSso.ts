import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isConfigMapNamed } from '../../manifests';

export const AdminEnabledWithSso = objectRule({
  id: 'ARGO-ACC3',
  name: 'AdminEnabledWithSso',
  level: GuardrailLevel.ERROR,
  finding: 'The local admin account is enabled although single sign-on is configured (admin.enabled is not "false")',
  explanation: 'With SSO every person signs in as themselves; the local admin is a shared password that bypasses the identity '
    + 'provider, MFA and group-based RBAC and leaves no name in the audit trail. Set admin.enabled: "false" in argocd-cm '
    + '(ArgoSSO does) and keep a break-glass procedure instead.',
  evaluate: manifest => {
    if (!isConfigMapNamed(manifest, 'argocd-cm')) return notApplicable();
    const data = manifest.data ?? {};
    if (!data['oidc.config'] && !data['dex.config']) return notApplicable();
    return verdict(data['admin.enabled'] === 'false' ? [] : [`data.admin.enabled is ${JSON.stringify(data['admin.enabled'] ?? '(unset: true)')}`]);
  },
});
