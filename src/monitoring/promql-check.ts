import type { parser as PromqlParser } from '@prometheus-io/lezer-promql' with { 'resolution-mode': 'import' };

let promqlParser: typeof PromqlParser | undefined;

/** Prometheus's PromQL grammar, loaded on first use (a platform without alerts never loads it). */
function parser(): typeof PromqlParser {
  // The package's typings sit in a "type": "module" package; its runtime has a CommonJS entry (toolchain-notes §7).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  promqlParser ??= (require('@prometheus-io/lezer-promql') as { parser: typeof PromqlParser }).parser;
  return promqlParser;
}

/** A PromQL syntax error: where it is and the text around it. */
export interface PromqlSyntaxError {
  /** 1-based line of the error. */
  readonly line: number;
  /** 1-based column of the error. */
  readonly column: number;
  /** The expression text from the error on (at most 30 characters), or `end of expression`. */
  readonly near: string;
}

/**
 * The first syntax error of a PromQL expression, parsed with Prometheus's own grammar
 * (`@prometheus-io/lezer-promql`); undefined when the expression parses. Syntax only: semantic
 * errors (a range vector where an instant vector is needed) are found by `promtool check rules`.
 */
export function promqlSyntaxError(expr: string): PromqlSyntaxError | undefined {
  if (typeof expr !== 'string' || expr.trim() === '') return { line: 1, column: 1, near: 'end of expression' };
  let at: number | undefined;
  parser().parse(expr).iterate({
    enter: node => {
      if (at === undefined && node.type.isError) at = node.from;
      return at === undefined;
    },
  });
  if (at === undefined) return undefined;
  const before = expr.slice(0, at).split('\n');
  const rest = expr.slice(at);
  return {
    line: before.length,
    column: before[before.length - 1].length + 1,
    near: rest === '' ? 'end of expression' : JSON.stringify(rest.length > 30 ? `${rest.slice(0, 30)}…` : rest),
  };
}

/** Escapes a literal for a PromQL (RE2) regular expression inside a double-quoted string. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, c => `\\\\${c}`);
}
