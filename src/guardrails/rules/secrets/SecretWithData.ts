import { PlatformLabels } from '../../../util/labels';
import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { isKind, record } from '../../manifests';

/** Keys of Argo CD repository and cluster Secrets that hold settings, not credentials. */
const SETTING_KEYS = new Set([
  'name', 'url', 'type', 'project', 'enableOCI', 'enableLfs', 'insecure', 'insecureIgnoreHostKey', 'proxy', 'noProxy',
  'forceHttpBasicAuth', 'useAzureWorkloadIdentity', 'githubAppEnterpriseBaseUrl', 'depth', 'server', 'namespaces', 'clusterResources',
]);

export const SecretWithData = objectRule({
  id: 'ARGO-SEC1',
  name: 'SecretWithData',
  level: GuardrailLevel.ERROR,
  finding: 'A Kubernetes Secret carries secret data in the output (plain secrets in Git)',
  explanation: 'Everything in the GitOps repository is readable by everyone with repository access, forever (Git history). '
    + 'Deliver secret values with an ExternalSecret (Azure Key Vault) or a SealedSecret instead (SecretSource in this library); '
    + 'Argo CD repository Secrets may carry settings such as url, type and useAzureWorkloadIdentity, never credentials.',
  evaluate: manifest => {
    if (!isKind(manifest, '', 'Secret')) return notApplicable();
    const argoSettings = typeof manifest?.metadata?.labels?.[PlatformLabels.ARGOCD_SECRET_TYPE] === 'string';
    const details: string[] = [];
    for (const field of ['data', 'stringData']) {
      for (const key of Object.keys(record(manifest[field]) ?? {}).sort()) {
        if (argoSettings && SETTING_KEYS.has(key)) continue;
        details.push(`${field}.${key}`);
      }
    }
    return verdict(details);
  },
});
