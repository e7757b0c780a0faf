import { IConstruct } from 'constructs';
import { formatProblem, PlatformProblem, shapeOf } from './errors';

/**
 * Refusals of secret-looking values. Every check that refuses a value which is, or may be, a
 * credential (a literal where a SecretSource belongs, a forged secret object, a URL with user info,
 * a chart value named like a password) goes through here: the error names the construct path and
 * the field and describes the value's shape, never the value.
 */

/** Names that hold credentials: password, token, secret, credential, a key (`tls.key`, `apiKey`, `privateKey`), bearer. */
const SECRET_NAME = /(pass(word|wd|phrase)|token|secret|credential|bearer|private.?key|api.?key|access.?key|signing.?key|(^|[._-])key$)/i;

/** Whether a key or field name looks like it holds a credential (`password`, `apiToken`, `configs.secret.x`, `tls.key`). */
export function looksLikeSecretName(name: string): boolean {
  return typeof name === 'string' && SECRET_NAME.test(name);
}

/** What an error shows instead of a secret-looking value: its type and length, never its content. */
export function redacted(value: unknown): string {
  return shapeOf(value);
}

/** Formats a refusal of a secret-looking value: `[path] field: reason (got "<redacted N-character literal>")`. */
export function describeSecretInvalid(scope: IConstruct | string, field: string, value: unknown, reason: string): string {
  return formatProblem({ scope, field, value, reason, secret: true });
}

/** Throws an Error built by `describeSecretInvalid`. */
export function failSecret(scope: IConstruct | string, field: string, value: unknown, reason: string): never {
  throw new PlatformProblem({ scope, field, value, reason, secret: true });
}
