import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { readTree } from '../helpers/file-tree';

const ROOT = path.resolve(__dirname, '..', '..');
const TEAM_REPO = path.join(ROOT, 'examples', 'team-repo');

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'init-'));
}

describe('argocd-platform init', () => {
  test('examples/team-repo is what `init team` writes from the platform\'s contract', async () => {
    const dir = path.join(tmp(), 'payments-apps');
    const { code, out } = await run('init', 'team', dir, '--contract', path.join(ROOT, 'dist', 'argocd.teams.json'), '--team', 'payments');
    expect(code).toBe(0);
    expect(out).toContain(`Next: cd ${dir} && npm install && npm run synth`);
    const committed = readTree(TEAM_REPO);
    delete committed['package-lock.json'];
    expect(readTree(dir)).toEqual(Object.fromEntries(Object.entries(committed).filter(([f]) => !f.startsWith('dist/') && !f.startsWith('node_modules/'))));
  });

  test('package.json is named after the starter\'s folder (an npm package name), for platform and team alike', async () => {
    const platformDir = path.join(tmp(), 'contoso-platform');
    expect((await run('init', 'platform', platformDir)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(platformDir, 'package.json'), 'utf8')).name).toBe('contoso-platform');
    const teamDir = path.join(tmp(), 'web-apps');
    expect((await run('init', 'team', teamDir, '--contract', path.join(ROOT, 'dist', 'argocd.teams.json'), '--team', 'payments')).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(teamDir, 'package.json'), 'utf8')).name).toBe('web-apps');
    // A folder that is no npm package name keeps the default.
    const odd = path.join(tmp(), 'My Platform');
    expect((await run('init', 'platform', odd)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(odd, 'package.json'), 'utf8')).name).toBe('argocd-platform');
  });

  test('refuses to overwrite, and explains what is missing', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'main.ts'), '// mine\n');
    const refused = await run('init', 'platform', dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(`${dir} already has main.ts; nothing was written (use --force to overwrite)\n`);
    expect(fs.readdirSync(dir)).toEqual(['main.ts']);
    expect((await run('init', 'platform', dir, '--force')).code).toBe(0);

    const usage = await run('init', 'team', dir);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('init team: --contract FILE and --team TEAM are required');
    expect((await run('init', 'cluster')).err).toContain('init: expected "platform" or "team" (got "cluster")');
    // Orders has no team repository: nothing would bring a team repository's Applications to Argo CD.
    const orders = await run('init', 'team', tmp(), '--contract', path.join(ROOT, 'dist', 'argocd.teams.json'), '--team', 'orders');
    expect(orders.code).toBe(1);
    expect(orders.err).toBe('team orders: the platform set up no team repository for it (TeamProject teamRepository), so nothing would bring this repository\'s Applications to Argo CD\n');
  });
});
