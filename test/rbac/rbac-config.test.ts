import { RbacConfig } from '../../src/rbac/rbac-config';

describe('RbacConfig', () => {
  test('policy.csv then policy.*.csv in sorted key order', () => {
    const config = RbacConfig.fromData({ 'policy.z.csv': 'Z', 'policy.csv': 'MAIN', 'policy.a.csv': 'A', 'policy.default': 'role:readonly' });
    expect(config.policyCsv).toBe('MAIN\nA\nZ');
    expect(config.policyDefault).toBe('role:readonly');
    expect(config.matchMode).toBe('glob');
  });

  test('scopes must be a YAML list, as the server unmarshals it', () => {
    expect(RbacConfig.parseScopes('[groups, email]')).toEqual(['groups', 'email']);
    expect(RbacConfig.parseScopes(undefined)).toEqual(['groups']);
    expect(() => RbacConfig.parseScopes('groups')).toThrow(/scopes: must be a YAML list/);
  });

  test('any matchMode other than regex is glob', () => {
    expect(RbacConfig.fromData({ 'policy.matchMode': 'Regex' }).matchMode).toBe('glob');
    expect(RbacConfig.fromData({ 'policy.matchMode': 'regex' }).matchMode).toBe('regex');
  });

  test('a policy file is a ConfigMap manifest or raw CSV', () => {
    expect(RbacConfig.fromPolicyFile('p, a, b, c, d, allow').policyCsv).toBe('p, a, b, c, d, allow');
    expect(RbacConfig.fromPolicyFile('apiVersion: v1\nkind: ConfigMap\ndata:\n  policy.csv: "g, a, role:b"\n').policyCsv).toBe('g, a, role:b');
  });
});
