import { rbacConfigData, rbacPolicyLines } from './rbac-objects';
import { GuardrailLevel, platformRule } from '../../guardrail-rule';
import { isConfigMapNamed } from '../../manifests';

export const NoRbac = platformRule({
  id: 'ARGO-ACC6',
  name: 'NoRbac',
  level: GuardrailLevel.WARNING,
  finding: 'The platform has no RBAC: no argocd-rbac-cm, or no policy lines and no default role',
  explanation: 'Without policies nobody but the local admin can do anything, which pushes teams to share the admin account. '
    + 'Bind the platform team to role:admin and give each team its project role (platform.rbac, TeamProject).',
  evaluate: platform => {
    const argocdCm = platform.objects.find(o => isConfigMapNamed(o.manifest, 'argocd-cm'));
    if (!argocdCm) return [];
    const rbac = platform.objects.find(o => rbacConfigData(o.manifest));
    if (!rbac) return [{ detail: 'there is an argocd-cm but no argocd-rbac-cm' }];
    const data = rbacConfigData(rbac.manifest)!;
    if (rbacPolicyLines(data).length === 0 && (data['policy.default'] ?? '').trim() === '') {
      return [{ path: rbac.path, detail: 'argocd-rbac-cm has no policy lines and no policy.default' }];
    }
    return [];
  },
});
