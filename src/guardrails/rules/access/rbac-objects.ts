import { PolicyCsv, PolicyLine } from '../../../rbac/policy-csv';
import { isConfigMapNamed, record } from '../../manifests';

/** The data of an `argocd-rbac-cm` ConfigMap, or undefined for any other object. */
export function rbacConfigData(manifest: any): Record<string, string> | undefined {
  if (!isConfigMapNamed(manifest, 'argocd-rbac-cm')) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record(manifest.data) ?? {})) if (typeof value === 'string') out[key] = value;
  return out;
}

/** Every policy line of an argocd-rbac-cm (`policy.csv` and `policy.<name>.csv`); lines Argo CD cannot read are skipped. */
export function rbacPolicyLines(data: Record<string, string>): PolicyLine[] {
  const keys = Object.keys(data).filter(key => key === 'policy.csv' || /^policy\..+\.csv$/.test(key)).sort();
  const out: PolicyLine[] = [];
  for (const key of keys) {
    for (const line of data[key].split('\n')) {
      try {
        out.push(...PolicyCsv.parse(line));
      } catch {
        // A malformed line is the policy validator's business (argocd-platform rbac validate).
      }
    }
  }
  return out;
}

/** The roles a subject has, itself included, following `g` lines (role inheritance). */
export function rolesOf(subject: string, lines: PolicyLine[]): Set<string> {
  const roles = new Set([subject]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const line of lines) {
      if (line.ptype === 'g' && roles.has(line.fields[0]) && !roles.has(line.fields[1])) {
        roles.add(line.fields[1]);
        grew = true;
      }
    }
  }
  return roles;
}

/** The allowed actions a set of roles grants, as `resource/action` strings; builtin roles included. */
export function allowedActions(roles: Set<string>, lines: PolicyLine[]): string[] {
  const out: string[] = [];
  if (roles.has('role:admin')) out.push('*/* (role:admin)');
  if (roles.has('role:readonly')) out.push('*/get (role:readonly)');
  for (const line of lines) {
    if (line.ptype === 'p' && roles.has(line.fields[0]) && line.fields[4] !== 'deny') out.push(`${line.fields[1]}/${line.fields[2]}`);
  }
  return out;
}
