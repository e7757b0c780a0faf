/** A tree of Helm values: plain objects, lists and scalars. */
export type ValuesTree = { [key: string]: any };

/** Whether a value is a plain object (a map in the values tree), not a list or a scalar. */
export function isPlainObject(value: unknown): value is ValuesTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tree with every map's keys sorted by code units (deterministic YAML, whatever the locale). */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map(key => [key, sortDeep(value[key])]));
}

/** Every leaf of a values tree as [path, value]; an empty map or a list is a leaf. */
export function leaves(values: ValuesTree, prefix: string[] = []): Array<[string[], unknown]> {
  return Object.entries(values).flatMap(([key, value]): Array<[string[], unknown]> =>
    isPlainObject(value) && Object.keys(value).length > 0 ? leaves(value, [...prefix, key]) : [[[...prefix, key], value]]);
}

/** `extra` merged into `base`: maps merge key by key, anything else in `extra` replaces. */
export function deepMerge(base: ValuesTree, extra: ValuesTree): ValuesTree {
  const out: ValuesTree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}
