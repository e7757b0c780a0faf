import { GuardrailLevel, notApplicable, objectRule, verdict } from '../../guardrail-rule';
import { annotationsOf, applicationSourcesOf, isApplication, isKind, list, record } from '../../manifests';

/** Secret-looking text: what it is, and how it is recognised. */
const PATTERNS: Array<[string, RegExp]> = [
  ['a Slack token', /\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{10,}/],
  ['a Slack webhook URL', /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}/],
  ['a Microsoft Teams webhook URL', /\.webhook\.office\.com\/webhookb2\/\S{10,}/],
  ['a URL with a key in its query', /https?:\/\/[^\s?]+\?(?:[^\s#]*&)?(?:sig|key|code|token|api[_-]?key|apikey|access_token)=[^&\s$#][^&\s#]{7,}/i],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/],
  ['an AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['a literal client secret or password (Argo CD config refers to secrets as $key)',
    /\b(?:clientSecret|client_secret|password|apiKey|api_key|webhookSecret)["']?\s*[:=]\s*["']?(?![$"'\s{])[^\s"',}]{4,}/],
];

/** The first kind of secret a text looks like, if any. */
export function secretLookingReason(text: string): string | undefined {
  return PATTERNS.find(([, pattern]) => pattern.test(text))?.[0];
}

export const SecretLiteral = objectRule({
  id: 'ARGO-SEC2',
  name: 'SecretLiteral',
  level: GuardrailLevel.ERROR,
  finding: 'A secret-looking literal (token, webhook URL with a key, private key, client secret) is in a ConfigMap, an annotation or chart values',
  explanation: 'ConfigMaps, annotations and Helm values are committed to Git and readable by everyone who can read the cluster\'s objects. '
    + 'Keep the value in a Secret delivered by ExternalSecret or SealedSecret and refer to it (Argo CD: `$key` or `$secret:key`; '
    + 'notifications: `$key` from argocd-notifications-secret).',
  remedy: 'rotate the credential now (it was in Git), then keep it in Azure Key Vault delivered by an ExternalSecret '
    + '(SecretSource.fromAzureKeyVault) or in a SealedSecret and refer to it by name (`$key` / `$secret:key`)',
  evaluate: manifest => {
    const texts: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(annotationsOf(manifest))) texts.push([`metadata.annotations.${key}`, value]);
    if (isKind(manifest, '', 'ConfigMap')) {
      for (const [key, value] of Object.entries(record(manifest.data) ?? {})) {
        if (typeof value === 'string') texts.push([`data.${key}`, value]);
      }
    }
    if (isApplication(manifest)) {
      for (const source of applicationSourcesOf(manifest)) {
        const helm = record(source.value.helm);
        if (!helm) continue;
        if (typeof helm.values === 'string') texts.push([`${source.field}.helm.values`, helm.values]);
        if (helm.valuesObject !== undefined) texts.push([`${source.field}.helm.valuesObject`, JSON.stringify(helm.valuesObject)]);
        list(helm.parameters).forEach((p, i) => {
          const param = record(p);
          if (param && typeof param.value === 'string') texts.push([`${source.field}.helm.parameters[${param.name ?? i}]`, `${param.name}: ${param.value}`]);
        });
      }
    }
    if (texts.length === 0) return notApplicable();
    const details: string[] = [];
    for (const [field, text] of texts) {
      const reason = secretLookingReason(text);
      if (reason) details.push(`${field} holds ${reason}`);
    }
    return verdict(details);
  },
});
