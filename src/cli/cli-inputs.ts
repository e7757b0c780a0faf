import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { AccessAudit } from '../rbac/access-audit';
import { ProjectRbac, ProjectRoles } from '../rbac/project-roles';
import { RbacConfig } from '../rbac/rbac-config';

/** A problem with the command's input files (exit 1, message on stderr). */
export class InputError extends Error {}

/** File name of argocd-rbac-cm in a synthesized platform folder. */
export const RBAC_CM_FILE = 'configmap-argocd-rbac-cm.yaml';
/** File name of argocd-cm in a synthesized platform folder. */
const CM_FILE = 'configmap-argocd-cm.yaml';

/** Reads a policy file: raw CSV or an argocd-rbac-cm manifest. */
export function readPolicyFile(file: string): RbacConfig {
  const text = readText(file);
  try {
    return RbacConfig.fromPolicyFile(text);
  } catch (e) {
    throw new InputError(`could not read policy file ${file}: ${(e as Error).message}`);
  }
}

/** Reads every AppProject document of a YAML file. */
export function readProjectFile(file: string): ProjectRbac[] {
  const text = readText(file);
  const projects: ProjectRbac[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new InputError(`could not read ${file}: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj?.kind !== 'AppProject') continue;
    try {
      projects.push(ProjectRoles.fromManifest(obj));
    } catch (e) {
      throw new InputError(`could not read ${file}: ${(e as Error).message}`);
    }
  }
  if (projects.length === 0) throw new InputError(`no AppProject found in ${file}`);
  return projects;
}

/** Reads argocd-rbac-cm and every AppProject from a synthesized folder (`dist/<platform>`). */
export function readPlatformDir(dir: string): { config: RbacConfig; projects: ProjectRbac[]; localAdminEnabled?: boolean } {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InputError(`no such directory: ${dir}`);
  const cmFile = path.join(dir, RBAC_CM_FILE);
  if (!fs.existsSync(cmFile)) throw new InputError(`${dir} has no ${RBAC_CM_FILE}; point --dir at a synthesized platform folder such as dist/argocd`);
  const config = readPolicyFile(cmFile);
  const projects = fs.readdirSync(dir).filter(f => /^appproject-.*\.ya?ml$/.test(f)).sort()
    .flatMap(f => readProjectFile(path.join(dir, f)));
  return { config, projects, localAdminEnabled: readLocalAdminEnabled(path.join(dir, CM_FILE)) };
}

/** argocd-cm's admin.enabled, when the folder has argocd-cm. */
function readLocalAdminEnabled(file: string): boolean | undefined {
  if (!fs.existsSync(file)) return undefined;
  const cm = parse(readText(file));
  return AccessAudit.localAdminEnabled(cm?.data?.['admin.enabled']);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`error opening file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}
