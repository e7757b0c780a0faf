import { PlatformCapability } from '../../../util/platform-capability';
import { GuardrailLevel, platformRule } from '../../guardrail-rule';

export const NoAlerts = platformRule({
  id: 'ARGO-OPS1',
  name: 'NoAlerts',
  level: GuardrailLevel.WARNING,
  finding: 'The platform has no Argo CD alerts (ArgoAlerts)',
  explanation: "Without alerts on sync failures, degraded applications and Argo CD's own health, problems are found by users. Add ArgoAlerts; it provides the alerts capability.",
  evaluate: platform => platform.capabilities.includes(PlatformCapability.ALERTS) ? [] : [{ detail: 'no construct provides the alerts capability' }],
});
