import * as fs from 'fs';
import { BUILTIN_POLICY_V3_5_1 } from '../../src/rbac/builtin-policy';
import { PolicyCsv } from '../../src/rbac/policy-csv';
import { itWithReference } from '../helpers/reference';

describe('BUILTIN_POLICY_V3_5_1', () => {
  itWithReference('equals argocd-data/builtin-policy.v3.5.1.csv', 'argocd-data/builtin-policy.v3.5.1.csv', file => {
    expect(BUILTIN_POLICY_V3_5_1).toBe(fs.readFileSync(file, 'utf8'));
  });

  test('has no rollback line (MASTER-ONLY) and no extensions grant', () => {
    const lines = PolicyCsv.parse(BUILTIN_POLICY_V3_5_1);
    expect(lines.some(l => l.fields[2] === 'rollback')).toBe(false);
    expect(lines.some(l => l.fields[1] === 'extensions')).toBe(false);
    expect(lines.filter(l => l.ptype === 'g').map(l => l.fields)).toEqual([['role:admin', 'role:readonly'], ['admin', 'role:admin']]);
  });
});
