import { PlatformCapability } from '../../../util/platform-capability';
import { GuardrailLevel, platformRule } from '../../guardrail-rule';

export const NoBackup = platformRule({
  id: 'ARGO-OPS3',
  name: 'NoBackup',
  level: GuardrailLevel.WARNING,
  finding: "The platform has no backup of Argo CD's state (ArgoBackup)",
  explanation: 'Git holds the desired state, but not what only the cluster knows (cluster Secrets, live Applications created by ApplicationSets, sync history). Add ArgoBackup and rehearse the restore runbook.',
  evaluate: platform => platform.capabilities.includes(PlatformCapability.BACKUP) ? [] : [{ detail: 'no construct provides the backup capability' }],
});
