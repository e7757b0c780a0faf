import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';

/**
 * The example's committed output read back by the CLI, as a reviewer would: `rbac audit --dir`
 * prints exactly the committed access report (same reading of the same objects), and in every
 * project whose destinations reach production only the platform's admins may create or update
 * Applications, under any name; team leads still sync.
 */
const DIST = path.join(__dirname, '..', '..', 'dist');
const DIR = path.join(DIST, 'argocd');
const PLATFORM_TEAM = '6f1c2a4e-3b7d-4c1e-9a8f-0d2b5e7c9a11';
const PAYMENTS_LEADS = '2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02';
const ORDERS_LEADS = '4e9c3b5d-af60-4b8c-9d54-8c7f6e5d4a04';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err };
}

/** The principals `who-can` lists (first line of each entry). */
async function whoCan(action: string, object: string): Promise<string[]> {
  const result = await run('rbac', 'who-can', action, 'applications', object, '--dir', DIR);
  expect(result.code).toBe(0);
  return result.out.split('\n').filter(l => l !== '' && !l.startsWith(' '));
}

/** The production projects, read from the committed report's own table. */
function productionProjects(md: string): string[] {
  const table = md.split('| Production project | Because of its destinations |')[1].split('\n\n')[0];
  return table.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('|---')).map(l => l.split(' | ')[0].slice(2));
}

describe('argocd-platform rbac audit --dir on the example', () => {
  test('prints exactly the committed dist/argocd.access.md, section by section', async () => {
    const committed = fs.readFileSync(path.join(DIST, 'argocd.access.md'), 'utf8');
    const result = await run('rbac', 'audit', '--dir', DIR);
    expect(result.code).toBe(0);
    const sections = (md: string) => md.split(/\n(?=#{2,3} )/);
    expect(sections(result.out).map(s => s.split('\n')[0])).toEqual([
      '# Argo CD access audit', '## Who can change production', '### Through a team repository', '## Settings',
      '## Admins', '## Everyone (policy.default)', '## Access by group',
    ]);
    expect(sections(result.out)).toEqual(sections(committed));
    expect(result.out).toBe(committed);
  });

  test('reads production from the AppProjects\' destinations and exec.enabled from argocd-cm', async () => {
    const md = (await run('rbac', 'audit', '--dir', DIR)).out;
    expect(productionProjects(md)).toEqual(['orders-team-prod', 'payments-apps-prod', 'payments-team-prod', 'platform']);
    // The teams' projects outside production deploy nowhere near production.
    expect(productionProjects(md)).not.toContain('payments-team');
    expect(md).toContain('- exec.enabled: off (exec grants have no effect and are left out)');
    // exec is off in argocd-cm: no `exec create` anywhere, although role:admin has it.
    expect(md).not.toContain('exec create');
    expect(md).toContain('| Payments team leads (`2c7a1f3b-8d4e-4f6a-9b32-6a5d4c3b2e02`) | payments-team-prod | sync |');
  });
});

describe('only the platform\'s admins create or update Applications in a production project', () => {
  const ADMINS = [
    `Platform team (group ${PLATFORM_TEAM})`,
    'local admin account, disabled (admin.enabled: "false") (local account admin)',
    'role:admin (role)',
  ];
  const PROJECTS = ['orders-team-prod', 'payments-apps-prod', 'payments-team-prod', 'platform'];

  test.each(PROJECTS.flatMap(project => ['create', 'update'].flatMap(action =>
    ['anything', 'payments-api-prod', 'sneaky-dev', 'payments-apps-prod/not-prod'].map(name => [action, `${project}/${name}`]))))(
    'who-can %s applications %s lists only the admins', async (action, object) => {
      expect(await whoCan(action, object)).toEqual(ADMINS);
    });

  test('the list covers every production project of the committed report', () => {
    expect(productionProjects(fs.readFileSync(path.join(DIST, 'argocd.access.md'), 'utf8'))).toEqual(PROJECTS);
  });

  test('team leads still sync production, in their own team\'s production project only, unless the platform team syncs it', async () => {
    expect(await whoCan('sync', 'payments-team-prod/payments-api-prod')).toEqual([
      `Payments team leads (group ${PAYMENTS_LEADS})`, ...ADMINS.slice(0, 2), 'proj:payments-team-prod:team-lead (role)', 'role:admin (role)',
    ]);
    // Orders follows the seed's rule "only the platform team syncs production" (TeamAccess.platformSyncsProduction()).
    expect(await whoCan('sync', 'orders-team-prod/orders-service-prod')).toEqual(ADMINS);
    expect(await whoCan('get', 'orders-team-prod/orders-service-prod')).toContain(`Orders team leads (group ${ORDERS_LEADS})`);
    expect(await whoCan('sync', 'orders-team/orders-service-staging')).toContain(`Orders team leads (group ${ORDERS_LEADS})`);
    // Outside production the leads keep every action on their own project, under any name.
    expect(await whoCan('create', 'payments-team/anything')).toContain(`Payments team leads (group ${PAYMENTS_LEADS})`);
  });
});
