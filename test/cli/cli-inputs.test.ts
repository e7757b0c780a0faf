import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_INPUT_BYTES } from '../../src/cli/cli-inputs';
import { main } from '../../src/cli/main';

/**
 * The CLI reads exactly what Argo CD reads, refuses what it cannot read the same way, answers or
 * refuses within seconds whatever the input, and never prints a terminal control character raw.
 */

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const started = Date.now();
  const code = await main(argv, { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err, ms: Date.now() - started };
}

let tmp: string;
const write = (name: string, text: string | Buffer) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rbac-cli-inputs-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** No raw control character (other than newline), C1 control, line separator, bidi control or BOM. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

const configMap = (data: Record<string, string>) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-rbac-cm
data:
${Object.entries(data).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('\n')}
`;

describe('size: answered or refused within seconds', () => {
  test('a 50 MB policy file is refused at once, before it is read', async () => {
    const file = path.join(tmp, 'huge.csv');
    const line = 'p, role:dev, applications, get, team/*, allow\n';
    const chunk = line.repeat(Math.ceil((1024 * 1024) / line.length));
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBeGreaterThan(50 * 1000 * 1000);
    for (const command of [['can', 'alice', 'get', 'applications', 'team/x'], ['validate'], ['who-can', 'get', 'applications', 'team/x'], ['audit']]) {
      const result = await run('rbac', ...command, '--policy-file', file);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(new RegExp(`huge\\.csv is \\d+ bytes, over the ${MAX_INPUT_BYTES}-byte limit: argocd-rbac-cm holds at most 1 MiB`));
      expect(result.err.trim().split('\n')).toHaveLength(1);
      expect(result.ms).toBeLessThan(2_000);
    }
  }, 60_000);

  test('a policy just under the limit (about 45,000 lines) is answered within seconds: loading is linear', async () => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < MAX_INPUT_BYTES - 100; i++) {
      const line = i % 3 === 0 ? `g, group-${i}, role:team-${i % 500}` : `p, role:team-${i % 500}, applications, get, team-${i}/*, allow`;
      lines.push(line);
      size += line.length + 1;
    }
    const file = write('large.csv', lines.slice(0, -1).join('\n') + '\n');
    expect(fs.statSync(file).size).toBeLessThanOrEqual(MAX_INPUT_BYTES);
    const yes = await run('rbac', 'can', 'group-504', 'get', 'applications', 'team-4/x', '--policy-file', file);
    expect({ code: yes.code, out: yes.out }).toEqual({ code: 0, out: 'Yes\n' });
    expect(yes.ms).toBeLessThan(30_000);
    const no = await run('rbac', 'can', 'group-504', 'sync', 'applications', 'team-4/x', '--policy-file', file);
    expect({ code: no.code, out: no.out }).toEqual({ code: 1, out: 'No\n' });
  }, 120_000);

  test('a YAML alias bomb fails quickly with one line', async () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-rbac-cm\n  labels:\n    a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) bomb += `    a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    bomb += 'data:\n  policy.csv: "g, alice, role:admin"\n';
    const result = await run('rbac', 'can', 'alice', 'get', 'applications', 'a/b', '--policy-file', write('bomb.yaml', bomb));
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^could not read policy file .*bomb\.yaml: invalid YAML at line 1, column 1: Excessive alias count indicates a resource exhaustion attack\n$/);
    expect(result.ms).toBeLessThan(2_000);
  });

  test.each([
    ['flow', 'line 5, column 75', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['block', 'line 69, column 65', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 1)}a${i}:`).join('\n')} x\n`],
  ])('deep %s nesting fails quickly with one line, naming where the nesting passes 64 levels', async (name, where, text) => {
    const result = await run('rbac', 'validate', '--policy-file', write(`deep-${name}.yaml`, text));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^could not read policy file .*: invalid YAML at ${where}: nested deeper than 64 levels\n$`));
    expect(result.ms).toBeLessThan(2_000);
  });

  test('a binary file is refused with one line and nothing raw printed', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256));
    const result = await run('rbac', 'can', 'alice', 'get', 'applications', 'a/b', '--policy-file', write('binary.bin', bytes));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/binary\.bin is not UTF-8 text/);
    expect(result.err + result.out).not.toMatch(RAW_CONTROL);
  });
});

describe('BOM, Unicode spaces and line breaks: read as Go reads them', () => {
  test('a BOM at the start of a raw policy: Argo CD cannot load the line, so the CLI never answers Yes', async () => {
    const file = write('bom.csv', '\ufeffg, alice, role:admin\np, role:x, applications, get, */*, allow\n');
    const can = await run('rbac', 'can', 'alice', 'sync', 'applications', 'a/b', '--policy-file', file);
    expect(can.code).toBe(1);
    expect(can.out).toBe('');
    expect(can.err).toBe('invalid user policy: invalid RBAC policy: \\ufeffg, alice, role:admin\n');
    const validate = await run('rbac', 'validate', '--policy-file', file);
    expect(validate.out).toBe('Policy is invalid: invalid RBAC policy: \\ufeffg, alice, role:admin\n');
  });

  test('NBSP and other Unicode spaces before a field are trimmed, as TrimLeadingSpace does; after a field they stay', async () => {
    const leading = write('nbsp-leading.csv', 'p,\u00a0role:x,\u3000applications, get, */*, allow\ng,\u2003alice, role:x\n');
    expect((await run('rbac', 'can', 'alice', 'get', 'applications', 'a/b', '--policy-file', leading)).out).toBe('Yes\n');
    const trailing = write('nbsp-trailing.csv', 'p, role:x\u00a0, applications, get, */*, allow\ng, alice, role:x\n');
    expect((await run('rbac', 'can', 'alice', 'get', 'applications', 'a/b', '--policy-file', trailing)).out).toBe('No\n');
  });

  test('NEL and U+2028 at the end of a line are trimmed like strings.TrimSpace', async () => {
    const file = write('nel.csv', 'p, role:x, applications, get, */*, allow\u0085\ng, alice, role:x\u2028\n');
    expect((await run('rbac', 'can', 'alice', 'get', 'applications', 'a/b', '--policy-file', file)).out).toBe('Yes\n');
  });

  test('a ConfigMap holding a raw U+2028 is refused: go-yaml reads it as a line break, the yaml package does not', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-rbac-cm\ndata:\n  policy.csv: "# team\u2028g, alice, role:admin"\n';
    const result = await run('rbac', 'can', 'alice', 'sync', 'applications', 'a/b', '--policy-file', write('ls.yaml', text));
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/contains U\+2028 \(LINE SEPARATOR, a line break for go-yaml\), which go-yaml \(Kubernetes, Argo CD\) reads as a line break; refusing to guess/);
  });

  test('policy keys: policy.csv, then every policy.*.csv in byte order (Argo CD\'s PolicyCSV)', async () => {
    const file = write('keys.yaml', configMap({
      'policy.csv': 'p, role:a, applications, get, */*, allow',
      'policy..csv': 'g, dot, role:a',
      'policy.team.csv': 'g, team, role:a',
      'policy.csv.bak': 'g, backup, role:a',
      'policy.csvx': 'g, x, role:a',
    }));
    for (const [subject, answer] of [['dot', 'Yes\n'], ['team', 'Yes\n'], ['backup', 'No\n'], ['x', 'No\n']]) {
      expect({ subject, out: (await run('rbac', 'can', subject, 'get', 'applications', 'a/b', '--policy-file', file)).out }).toEqual({ subject, out: answer });
    }
  });
});

describe('terminal safety', () => {
  test('control characters from input files are escaped when printed', async () => {
    const file = write('escape.csv', 'p, role:x, applications, get, */*, allow\ng, "evil\u001b[2J\u009b31m\u202e", role:x\n');
    const who = await run('rbac', 'who-can', 'get', 'applications', 'a/b', '--policy-file', file);
    expect(who.code).toBe(0);
    expect(who.out).toContain('evil\\u001b[2J\\u009b31m\\u202e');
    expect(who.out + who.err).not.toMatch(RAW_CONTROL);
    const bad = write('escape-bad.csv', 'g, evil\u001b[2J, role:x, extra\n');
    const validate = await run('rbac', 'validate', '--policy-file', bad);
    expect(validate.out).toBe('Policy is invalid: invalid RBAC policy: g, evil\\u001b[2J, role:x, extra\n');
  });
});
