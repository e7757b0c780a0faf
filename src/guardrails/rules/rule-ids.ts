let known: string[] = [];

/**
 * Records the pack's rule IDs (called by the rule list, rules/index.ts, when it is loaded), so a
 * rule that checks rule IDs (MalformedAcknowledgement) reads them without importing the list.
 */
export function setKnownRuleIds(ids: string[]): void {
  known = [...ids];
}

/** The pack's rule IDs. */
export function knownRuleIds(): string[] {
  return [...known];
}
