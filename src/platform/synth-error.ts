// Not part of the jsii API (jsii cannot extend Error); match on the message or, in TypeScript, on the class.

/** A synth that failed: every validation error, one line each, in `errors`. */
export class PlatformSynthError extends Error {
  /** The errors, one line each: `[construct/path] field: reason (got "value")`. */
  public readonly errors: string[];

  constructor(errors: string[]) {
    const lines = flattenErrors(errors);
    super(`Validation failed with the following errors:\n  ${lines.join('\n  ')}`);
    this.name = 'PlatformSynthError';
    this.errors = lines;
  }
}

const PREFIX = 'Validation failed with the following errors:';

/**
 * Each problem once, in first-seen order, without nested "Validation failed" prefixes (a check that
 * renders another part of the platform may report that part's errors inside its own).
 */
function flattenErrors(errors: string[]): string[] {
  const out = new Set<string>();
  for (const error of errors) {
    const [head, ...nested] = String(error).split(PREFIX);
    // Nested errors may have been collapsed to one line: each starts with its `[path] `.
    const parts = [head, ...nested.flatMap(n => n.split(/\s+(?=\[[^\]\s]+\] [A-Za-z])/))];
    for (const part of parts) {
      for (const line of part.split('\n')) {
        const trimmed = line.trim().replace(/^\[[^\]]*\]\s*$/, '');
        if (trimmed !== '') out.add(trimmed);
      }
    }
  }
  return [...out];
}
