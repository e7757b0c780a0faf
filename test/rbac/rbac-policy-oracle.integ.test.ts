import * as fc from 'fast-check';
import { ArgoPlatform, PlatformApp } from '../../src';
import { PolicyCsv } from '../../src/rbac/policy-csv';
import { RbacSubjectRules } from '../../src/rbac/rbac-subject';
import { lineTextReason, tokenTextReason } from '../../src/util/text';
import { builtinRoleReason, globMetaReason } from '../../src/util/validation';
import { kubectlTest, kustomizeCases } from '../helpers/go-oracle';
import { hostileString } from '../helpers/hostile';

/**
 * What Argo CD reads from argocd-rbac-cm is what the code says: hostile display names, descriptions,
 * subjects and role names go through the public API, the rendered folder goes through kubectl
 * kustomize (go-yaml), and policy.csv is read with Argo CD's reader (PolicyCsv, checked against Go's
 * encoding/csv in policy-csv-go.test.ts). Either the library refuses the input, or Argo CD reads
 * exactly the intended lines: never an extra `g, <group>, role:admin`.
 */

interface Case {
  readonly subject: string;
  readonly displayName: string;
  readonly roleName: string;
  readonly description: string;
}

function platformFor(i: number, c: Case): PlatformApp {
  const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
  const platform = new ArgoPlatform(app, 'argocd', { namespace: `ns-${i}`, url: 'https://argocd.example.com', environments: [{ name: 'dev' }] });
  platform.rbac.addRole(c.roleName, [{ resource: 'applications', action: 'get', object: 'team/*' }], { description: c.description });
  platform.rbac.bind(c.subject, c.roleName, { displayName: c.displayName });
  return app;
}

function expectedRefusal(c: Case): boolean {
  const role = c.roleName.startsWith('role:') ? c.roleName : `role:${c.roleName}`;
  return [c.subject, role].some(v => tokenTextReason(v) || globMetaReason(v)) || builtinRoleReason(role) !== undefined
    || [c.displayName, c.description].some(v => tokenTextReason(v))
    // A subject that can never match (a display name instead of an Entra object ID) is refused at synth.
    || new RbacSubjectRules().problemOf(c.subject, ['groups']) !== undefined;
}

describe('argocd-rbac-cm as Argo CD reads it (kubectl kustomize)', () => {
  kubectlTest()('property: hostile names, display names and descriptions never add or change a policy line', () => {
    const plain = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    const cases = fc.sample(fc.record({
      subject: fc.oneof({ arbitrary: fc.uuid(), weight: 4 }, plain, hostileString),
      displayName: fc.oneof(hostileString, hostileString.map(s => `Team ${s}g, evil, role:admin`), fc.constant('Team\u2028g, evil, role:admin')),
      roleName: fc.oneof(plain, hostileString, fc.constantFrom('admin', 'Admin', 'role:readonly', ' readonly', 'ADMIN', 'role:Admin', 'team*', 'team?')),
      description: fc.oneof(plain, hostileString, fc.constant('ok\u0085g, evil, role:admin')),
    }), { numRuns: 400, seed: 11 });
    const rendered: Array<{ i: number; c: Case; files: Record<string, string> }> = [];
    cases.forEach((c, i) => {
      let files: Record<string, string> | undefined;
      let error: Error | undefined;
      try {
        files = platformFor(i, c).render();
      } catch (e) {
        error = e as Error;
      }
      expect({ c, refused: error !== undefined }).toEqual({ c, refused: expectedRefusal(c) });
      if (error) {
        expect(error.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e]/);
        return;
      }
      rendered.push({ i, c, files: Object.fromEntries(Object.entries(files!).filter(([f]) => f.startsWith('argocd/')).map(([f, t]) => [f.slice(7), t])) });
    });
    expect(rendered.length).toBeGreaterThan(40);
    const objects = kustomizeCases(rendered.map(r => r.files));
    for (const { i, c } of rendered) {
      const cm = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-rbac-cm' && o.metadata.namespace === `ns-${i}`);
      const role = c.roleName.startsWith('role:') ? c.roleName : `role:${c.roleName}`;
      const lines = PolicyCsv.parse(cm.data['policy.csv']).map(l => [l.ptype, ...l.fields]);
      expect({ c, lines }).toEqual({ c, lines: [['p', role, 'applications', 'get', 'team/*', 'allow'], ['g', c.subject, role]] });
      // The comments say what the code said, each on its own line.
      expect(cm.data['policy.csv']).toContain(`\n# group: ${c.displayName}\n`);
      expect(lineTextReason(c.displayName)).toBeUndefined();
    }
  }, 240_000);
});
