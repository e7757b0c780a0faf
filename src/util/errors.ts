import { IConstruct } from 'constructs';
import { printable } from './printable';

/**
 * The one error format of the library, for every check (construction, validation, render, lint):
 *
 *     [<user construct path>] <field>[<index>]: <reason> (got <value>); <fix>
 *
 * The value is JSON-quoted (spaces, quotes and line breaks visible) and `printable`; a value that is,
 * or looks like, a credential (a token shape, a signed URL, URL user info) is shown by its shape only.
 */

/** What one error line says. */
export interface ProblemDetails {
  /** The construct the user declared (or its path). */
  readonly scope: IConstruct | string;
  /** The prop, with its index or key: `environments[2].cluster.name`. */
  readonly field: string;
  /** Why the value is refused. */
  readonly reason: string;
  /** The value refused; leave out when there is no value to show. */
  readonly value?: unknown;
  /** Whether `value` is given (a refused `undefined` is still shown as `undefined`). */
  readonly hasValue?: boolean;
  /** What to write instead. */
  readonly fix?: string;
  /** Never show the value, only its shape. */
  readonly secret?: boolean;
}

/** Formats one problem in the library's error format. */
export function formatProblem(problem: ProblemDetails): string {
  const path = typeof problem.scope === 'string' ? problem.scope : problem.scope.node.path;
  const shown = problem.hasValue === false ? '' : ` (got ${problem.secret ? `"${shapeOf(problem.value)}"` : showValue(problem.value)})`;
  const fix = problem.fix ? `; ${problem.fix}` : '';
  return `[${printable(path)}] ${printable(problem.field)}: ${problem.reason}${shown}${fix}`;
}

/** An Error carrying one formatted problem. */
export class PlatformProblem extends Error {
  /** The problem's parts. */
  public readonly details: ProblemDetails;
  constructor(details: ProblemDetails) {
    super(formatProblem(details));
    this.name = 'PlatformProblem';
    this.details = details;
  }
}

/** Throws a PlatformProblem. */
export function raise(details: ProblemDetails): never {
  throw new PlatformProblem(details);
}

/** `field[index]`, or `field.key` for a map key that is a plain identifier, else `field["key"]`. */
export function fieldAt(field: string, index: number | string): string {
  if (typeof index === 'number') return `${field}[${index}]`;
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(index) ? `${field}.${index}` : `${field}[${JSON.stringify(index)}]`;
}

/** What an error shows instead of a secret-looking value: its type and length, never its content. */
export function shapeOf(value: unknown): string {
  if (typeof value === 'string') return `<redacted ${value.length}-character literal>`;
  if (value === null || value === undefined) return `<${String(value)}>`;
  if (Array.isArray(value)) return `<redacted list of ${value.length}>`;
  return `<redacted ${typeof value}>`;
}

/**
 * A value as an error shows it: JSON-quoted and printable, `NaN`/`Infinity` by name (JSON would say
 * null), a credential-shaped string by its shape, URL user info and signatures replaced by `<redacted>`.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && tokenShapeReason(value)) return `"${shapeOf(value)}"`;
  let text: string;
  try {
    text = JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v)
      : typeof v === 'string' && tokenShapeReason(v) ? shapeOf(v) : v)) ?? String(value);
  } catch {
    text = '<unprintable>';
  }
  return printable(redactUrlSecrets(text));
}

/** Token prefixes of well-known services (Slack, GitHub, GitLab, npm, AWS, Stripe, OpenAI, Azure DevOps…). */
const TOKEN_SHAPES: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /^xox[abpeorsc]-[A-Za-z0-9-]{8,}$/, what: 'a Slack token' },
  { pattern: /^xapp-[A-Za-z0-9-]{8,}$/, what: 'a Slack app token' },
  { pattern: /^(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})$/, what: 'a GitHub token' },
  { pattern: /^glpat-[A-Za-z0-9_-]{16,}$/, what: 'a GitLab token' },
  { pattern: /^npm_[A-Za-z0-9]{30,}$/, what: 'an npm token' },
  { pattern: /^(AKIA|ASIA)[A-Z0-9]{16}$/, what: 'an AWS access key ID' },
  { pattern: /^(sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}$/, what: 'a Stripe key' },
  { pattern: /^sk-[A-Za-z0-9_-]{20,}$/, what: 'an API secret key' },
  { pattern: /^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/, what: 'a JSON Web Token' },
  { pattern: /^-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
];

/** Query parameters that carry a signature or a credential (Azure SAS and Teams Workflows, AWS, generic). */
const SIGNED_QUERY = /[?&](sig|sv|se|sp|signature|x-amz-signature|x-amz-credential|x-goog-signature|token|access_token|code|api[-_]?key|key|secret|password)=/i;

/** Why a string has the shape of a known token (`xoxb-…`, `ghp_…`, a JWT, a private key); undefined otherwise. */
export function tokenShapeReason(value: string): string | undefined {
  if (typeof value !== 'string' || value.length < 8) return undefined;
  const trimmed = value.trim();
  for (const shape of TOKEN_SHAPES) if (shape.pattern.test(trimmed)) return `looks like ${shape.what}`;
  return undefined;
}

/**
 * Why a string is, or carries, a credential (a known token shape, a URL with user info or a
 * signature in its query); undefined otherwise. Linear time.
 */
export function credentialShapeReason(value: string): string | undefined {
  const token = tokenShapeReason(value);
  if (token || typeof value !== 'string') return token;
  const trimmed = value.trim();
  const scheme = trimmed.indexOf('://');
  if (scheme > 0) {
    const rest = trimmed.slice(scheme + 3);
    const authority = rest.split(/[/?#]/, 1)[0];
    if (authority.includes('@') && !/^ssh$/i.test(trimmed.slice(0, scheme))) return 'is a URL with credentials (user info before "@")';
    if (authority.includes('@') && authority.slice(0, authority.lastIndexOf('@')).includes(':')) return 'is a URL with credentials (user info before "@")';
    if (SIGNED_QUERY.test(rest)) return 'is a URL carrying a signature or credential in its query (sig=, sv=, token= …)';
  }
  return undefined;
}

/**
 * Replaces what may be a credential in a URL inside text with `<redacted>`: user info
 * (`https://user:token@host`, `https://<token>@host`; `ssh://git@` stays) and signed query values.
 * Linear time: a scheme is only matched where it starts a word.
 */
export function redactUrlSecrets(text: string): string {
  return text
    .replace(/(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/@\s"]*)@/g, (whole, scheme: string, userInfo: string) =>
      (scheme.toLowerCase() === 'ssh' && !userInfo.includes(':') ? whole : `${scheme}://<redacted>@`))
    .replace(/([?&](?:sig|signature|x-amz-signature|x-amz-credential|x-goog-signature|token|access_token|code|api[-_]?key|key|secret|password)=)[^&#\s"]*/gi, '$1<redacted>');
}
