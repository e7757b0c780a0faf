import { PlatformCapability } from '../../../util/platform-capability';
import { GuardrailLevel, platformRule } from '../../guardrail-rule';

export const NoSyncFailureNotifications = platformRule({
  id: 'ARGO-OPS2',
  name: 'NoSyncFailureNotifications',
  level: GuardrailLevel.WARNING,
  finding: 'The platform has no notification route for sync failures',
  explanation: 'Ignored drift and failed syncs go unnoticed when nobody is told. Configure Argo CD notifications (a Slack or Teams route for on-sync-failed and on-health-degraded); they provide the notifications capability.',
  evaluate: platform => platform.capabilities.includes(PlatformCapability.NOTIFICATIONS) ? [] : [{ detail: 'no construct provides the notifications capability' }],
});
