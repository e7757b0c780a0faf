import * as fc from 'fast-check';
import { parse } from 'yaml';
import { HelmValuesDelivery, SelfManagedArgo } from '../../src';
import {
  goYamlScalar, MAX_YAML_ALIASES, MAX_YAML_BYTES, MAX_YAML_DEPTH, parseYaml, parseYamlDocuments, plainReadsAsItself, readYamlStream, toYaml,
} from '../../src/util/yaml';
import { hostileString } from '../helpers/hostile';
import { newPlatform } from '../helpers/platform-fixture';

/** Every plain scalar some YAML reader takes for something other than a string. */
const HOSTILE_SCALARS = [
  'y', 'Y', 'n', 'N', 'yes', 'Yes', 'NO', 'on', 'On', 'OFF', 'off', 'true', 'False', '~', 'null', 'Null', 'NULL', '',
  '1_000', '0755', '017', '08', '0o10', '0O10', '0x1F', '0b101', '-0b101', '+1', '-1', '1e3', '1.', '.5', '-.5', '1:20', '190:20:30',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=',
];

describe('goYamlScalar: plain scalars as go-yaml v2 reads them (sigs.k8s.io/yaml goyaml.v2/resolve.go, decoded into interface{})', () => {
  test.each([
    ['y', true], ['Yes', true], ['ON', true], ['true', true], ['n', false], ['No', false], ['off', false], ['FALSE', false],
    ['~', null], ['null', null], ['NULL', null], ['', null],
    ['1_000', 1000], ['0o17', 15], ['017', 15], ['0x1F', 31], ['0b101', 5], ['-0b101', -5], ['+1', 1], ['08', 8], ['1e3', 1000], ['-.5', -0.5],
    ['.5', 0.5], ['.inf', Infinity], ['-.Inf', -Infinity], ['99999999999999999999', 1e20],
    // Sexagesimal numbers, timestamps and look-alikes stay strings in go-yaml v2 (YAML 1.1 would read 80 and a date).
    ['1:20', '1:20'], ['2001-12-14', '2001-12-14'], ['<<', '<<'], ['=', '='], ['0x', '0x'], ['_1', '_1'], ['yes!', 'yes!'], ['On ', 'On '],
  ])('%j reads as %j', (text, value) => {
    expect(goYamlScalar(text)).toEqual(value);
  });

  test('.nan reads as NaN', () => {
    expect(goYamlScalar('.nan')).toBeNaN();
  });
});

describe('toYaml: every string reads back as itself in go-yaml v2, YAML 1.1 and YAML 1.2', () => {
  test('hostile scalars are double-quoted, as values and as keys; ordinary text stays plain', () => {
    expect(toYaml({ 'on': 'off', 'matchType': '=', '<<': 'x', 'y': 'n', 'version': '0755', 'count': '1_000', 'plain': 'text', 'number': 8, 'flag': true })).toBe([
      '"on": "off"', 'matchType: "="', '"<<": x', '"y": "n"', 'version: "0755"', 'count: "1_000"', 'plain: text', 'number: 8', 'flag: true', '',
    ].join('\n'));
    for (const text of HOSTILE_SCALARS) {
      expect({ text, plain: plainReadsAsItself(text) }).toEqual({ text, plain: false });
      expect({ text, yaml: toYaml({ k: text }) }).toEqual({ text, yaml: `k: ${JSON.stringify(text)}\n` });
    }
  });

  test('NEL, LS, PS, DEL, C1 controls and U+FEFF are escaped (go-yaml reads them raw as line breaks or refuses them)', () => {
    const value = { 'a': 'a\u2028b\u0085c\u2029d\ufeffe\u007f\u0080\u009f\uffff', 'k\u2028': 'x' };
    const text = toYaml(value);
    expect(text).toBe('a: "a\\Lb\\Nc\\Pd\\uFEFFe\\x7f\\x80\\x9f\\uFFFF"\n"k\\L": x\n');
    expect(parseYamlDocuments(text)).toEqual([value]);
  });

  test('no anchors or aliases for repeated objects, no line folding, keys sorted on request', () => {
    const shared = { a: 1 };
    expect(toYaml({ b: shared, a: shared, long: 'x '.repeat(100).trim() }, { sortMapEntries: true }))
      .toBe(`a:\n  a: 1\nb:\n  a: 1\nlong: ${'x '.repeat(100).trim()}\n`);
  });

  test('property: hostile strings as values and keys round-trip through the go-yaml reader, YAML 1.1 and YAML 1.2', () => {
    const key = hostileString.filter(k => k !== '__proto__');
    fc.assert(fc.property(fc.array(fc.tuple(key, fc.oneof(hostileString, fc.constantFrom(...HOSTILE_SCALARS))), { maxLength: 6 }), entries => {
      const value = { list: entries.map(([, v]) => v), map: Object.fromEntries(entries) };
      const text = toYaml(value);
      expect(parseYamlDocuments(text)).toEqual([value]);
      expect(parse(text, { version: '1.1' })).toEqual(value);
      expect(parse(text, { version: '1.2' })).toEqual(value);
    }), { numRuns: 1000, seed: 16 });
  });

  test('the chart values file quotes chart values a YAML 1.1 reader (Helm) would turn into bools and numbers', () => {
    const { app, platform } = newPlatform();
    const podAnnotations = Object.fromEntries(HOSTILE_SCALARS.filter(s => s !== '').map((s, i) => [`example.com/a${i}`, s]));
    new SelfManagedArgo(platform, 'SelfManaged', { chartVersion: '10.1.1', valuesDelivery: HelmValuesDelivery.VALUES_OBJECT, extraValues: { server: { podAnnotations } } });
    const text = app.render()['argocd.values.yaml'];
    expect(text).toContain('    example.com/a7: "on"\n');
    expect(text).toContain('    example.com/a17: "1_000"\n');
    expect((parseYamlDocuments(text)[0] as any).server.podAnnotations).toMatchObject(podAnnotations);
  });
});

describe('the reader: one go-yaml v2 reading with the same caps for the CLI, lint and embedded settings', () => {
  test('YAML 1.1 syntax, go-yaml v2 scalars, merge keys, explicit tags, several documents', () => {
    expect(parseYamlDocuments('a: yes\nb: 1_000\nc: 0o17\nd: 1:20\ne: 2001-12-14\nf: !!str on\ng: "on"\nbase: &b {x: 1}\nm:\n  <<: *b\n  z: 2\n---\nsecond: ~\n'))
      .toEqual([{ a: true, b: 1000, c: 15, d: '1:20', e: '2001-12-14', f: 'on', g: 'on', base: { x: 1 }, m: { x: 1, z: 2 } }, { second: null }]);
  });

  test('a bool key is the string "true", as sigs.k8s.io/yaml converts it', () => {
    expect(parseYamlDocuments('on: 1\nn: 2\n')).toEqual([{ true: 1, false: 2 }]);
  });

  test('parseYaml reads the first document like go-yaml Unmarshal; empty text is undefined', () => {
    expect(parseYaml('[groups, email]')).toEqual(['groups', 'email']);
    expect(parseYaml('')).toBeUndefined();
    expect(parseYaml('a: 1\n---\nb: 2\n')).toEqual({ a: 1 });
  });

  test('refusals are one line with the position: duplicate keys, syntax errors, NEL/LS/PS, size', () => {
    expect(() => parseYamlDocuments('a: 1\na: 2\n')).toThrow(/^invalid YAML at line 2, column 1: Map keys must be unique$/);
    expect(() => parseYamlDocuments('a: "x\n')).toThrow(/^invalid YAML at line \d+, column \d+: Missing closing "quote$/);
    expect(() => parseYamlDocuments('a: 1\nb: x\u0085y\n')).toThrow('invalid YAML at line 2, column 5: contains U+0085 (NEXT LINE, a line break for go-yaml), which go-yaml (Kubernetes, Argo CD) reads as a line break; refusing to guess which reading is meant');
    expect(() => parseYamlDocuments(`a: ${'x'.repeat(MAX_YAML_BYTES)}`)).toThrow(`invalid YAML at line 1, column 1: is ${MAX_YAML_BYTES + 3} bytes, over the ${MAX_YAML_BYTES}-byte limit for YAML input`);
  });

  test.each([
    ['flow', 2_000_000, (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`],
    ['compact block', 2_000_000, (n: number) => `${'- '.repeat(n)}x`],
    ['indented block', 2_000, (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x'],
  ])('%s nesting: 64 levels are read, 65 are refused, %d quickly', (_name, many, build) => {
    expect(readYamlStream(build(MAX_YAML_DEPTH)).problems).toEqual([]);
    expect(readYamlStream(build(MAX_YAML_DEPTH + 1)).problems.map(p => p.message)).toEqual([`nested deeper than ${MAX_YAML_DEPTH} levels`]);
    const start = Date.now();
    expect(readYamlStream(build(many)).problems.map(p => p.message)).toEqual([`nested deeper than ${MAX_YAML_DEPTH} levels`]);
    expect(Date.now() - start).toBeLessThan(2_000);
  });

  test('explicit keys inside one flow mapping do not count as nesting', () => {
    const entries = Array.from({ length: 100 }, (_, i) => `? k${i} : v${i}`).join(', ');
    expect(readYamlStream(`m: {${entries}}\n`).problems).toEqual([]);
  });

  test('brackets inside quoted strings, comments and block scalars do not count as nesting', () => {
    const text = `a: "${'['.repeat(200)}"\nb: '${'{'.repeat(200)}'\n# ${'['.repeat(200)}\nc: |\n  ${'['.repeat(200)}\n`;
    expect(parseYamlDocuments(text)).toEqual([{ a: '['.repeat(200), b: '{'.repeat(200), c: `${'['.repeat(200)}\n` }]);
  });

  test('aliases: a bomb and a self-reference are refused; depth counts expanded aliases', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(() => parseYamlDocuments(bomb)).toThrow('invalid YAML at line 1, column 1: Excessive alias count indicates a resource exhaustion attack');
    expect(readYamlStream('a: &a [*a]\n').problems.map(p => p.message)).toEqual([`nested deeper than ${MAX_YAML_DEPTH} levels once its aliases are expanded`]);
    const half = `${'['.repeat(40)}x${']'.repeat(40)}`;
    expect(readYamlStream(`a: &a ${half}\nb: ${'['.repeat(40)}*a${']'.repeat(40)}\n`).problems.map(p => p.message))
      .toEqual([`nested deeper than ${MAX_YAML_DEPTH} levels once its aliases are expanded`]);
    expect(MAX_YAML_ALIASES).toBe(100);
  });

  test('a stream keeps the documents it can read, with lines, and reports the others', () => {
    const stream = readYamlStream('a: 1\n---\nb: [\n---\nkind: List\nitems:\n  - x: 1\n  - z: 2\n');
    expect(stream.documents.map(d => [d.value, d.line])).toEqual([[{ a: 1 }, 1], [{ kind: 'List', items: [{ x: 1 }, { z: 2 }] }, 5]]);
    expect(stream.documents[1].lineOf(['items', 1])).toBe(8);
    expect(stream.problems).toHaveLength(1);
    expect(stream.problems[0].line).toBeGreaterThanOrEqual(3);
  });
});
