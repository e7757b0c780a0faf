import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const POLICY = [
  'p, role:dev, applications, sync, payments/*, allow',
  'p, role:dev, applications, delete, */prod-*, deny',
  'g, dev-group, role:dev',
].join('\n');

let tmp: string;
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rbac-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the executable', () => {
  test('runs through its shebang path as a subprocess (ts-node)', () => {
    const root = path.resolve(__dirname, '..', '..');
    const policy = write('sub.csv', POLICY);
    const args = ['ts-node', '--transpile-only', '--project', path.join(root, 'test', 'tsconfig.json'), path.join(root, 'src', 'cli', 'main.ts')];
    expect(execFileSync('npx', [...args, 'rbac', 'can', 'dev-group', 'sync', 'app', 'payments/a', '--policy-file', policy], { cwd: root, encoding: 'utf8' })).toBe('Yes\n');
    const no = spawnSync('npx', [...args, 'rbac', 'can', 'dev-group', 'delete', 'app', 'payments/a', '--policy-file', policy], { cwd: root, encoding: 'utf8' });
    expect([no.status, no.stdout]).toEqual([1, 'No\n']);
    expect(fs.readFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  }, 60_000);
});
