// Not part of the jsii API (jsii cannot extend Error); match on the message or, in TypeScript, on the class.

/** A synth that failed: every validation error, one line each, in `errors`. */
export class PlatformSynthError extends Error {
  /** The errors, one line each: `[construct/path] field: reason (got "value")`. */
  public readonly errors: string[];

  constructor(errors: string[]) {
    super(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    this.name = 'PlatformSynthError';
    this.errors = errors;
  }
}
