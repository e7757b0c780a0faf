import { secretLookingReason } from './SecretLiteral';
import { GuardrailLevel, platformRule, PlatformViolation } from '../../guardrail-rule';
import { record } from '../../manifests';

export const ChartValuesSecretLiteral = platformRule({
  id: 'ARGO-SEC3',
  name: 'ChartValuesSecretLiteral',
  level: GuardrailLevel.ERROR,
  finding: 'A secret-looking literal is in the values of the platform\'s own argo-cd Helm release',
  explanation: 'The chart values are committed (dist/<platform>.values.yaml) and read by everyone who can read the repository. '
    + 'Put the value in a Secret delivered by ExternalSecret or SealedSecret (platform.secretReference) and refer to it.',
  remedy: 'rotate the credential now (it was in Git), then keep it in Azure Key Vault delivered by an ExternalSecret '
    + '(SecretSource.fromAzureKeyVault) or in a SealedSecret and refer to it by name (`$key` / `$secret:key`)',
  evaluate: platform => {
    const violations: PlatformViolation[] = [];
    const walk = (value: unknown, path: string) => {
      const object = record(value);
      if (object) {
        for (const key of Object.keys(object).sort()) walk(object[key], path ? `${path}.${key}` : key);
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, `${path}[${i}]`));
      } else if (typeof value === 'string') {
        const key = path.slice(path.lastIndexOf('.') + 1);
        const reason = secretLookingReason(`${key}: ${value}`);
        if (reason) violations.push({ detail: `chart value ${path} holds ${reason}` });
      }
    };
    walk(platform.chartValues, '');
    return violations;
  },
});
