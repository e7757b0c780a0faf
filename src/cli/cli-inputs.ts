import * as fs from 'fs';
import * as path from 'path';
import { AccessAudit } from '../rbac/access-audit';
import { ProjectRbac, ProjectRoles } from '../rbac/project-roles';
import { RbacConfig } from '../rbac/rbac-config';
import { printable } from '../util/text';
import { parseYamlDocuments } from '../util/yaml';

/** A problem with the command's input files (exit 1, message on stderr). */
export class InputError extends Error {}

/** File name of argocd-rbac-cm in a synthesized platform folder. */
export const RBAC_CM_FILE = 'configmap-argocd-rbac-cm.yaml';
/** File name of argocd-cm in a synthesized platform folder. */
const CM_FILE = 'configmap-argocd-cm.yaml';

/**
 * The largest input file read, in bytes. argocd-rbac-cm cannot hold more than 1 MiB of data (the
 * API server's limit) and no Kubernetes object exceeds etcd's 1.5 MiB, so Argo CD never loads more;
 * a larger file is refused at once, before it is read.
 */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024;

/** Reads a policy file: raw CSV or an argocd-rbac-cm manifest. */
export function readPolicyFile(file: string): RbacConfig {
  const text = readText(file);
  try {
    return RbacConfig.fromPolicyFile(text);
  } catch (e) {
    throw new InputError(`could not read policy file ${printable(file)}: ${printable((e as Error).message)}`);
  }
}

/** Reads every AppProject document of a YAML file. */
export function readProjectFile(file: string): ProjectRbac[] {
  const text = readText(file);
  const projects: ProjectRbac[] = [];
  let docs: any[];
  try {
    docs = parseYamlDocuments(text);
  } catch (e) {
    throw new InputError(`could not read ${printable(file)}: ${printable((e as Error).message)}`);
  }
  for (const obj of docs) {
    if (obj?.kind !== 'AppProject') continue;
    try {
      projects.push(ProjectRoles.fromManifest(obj));
    } catch (e) {
      throw new InputError(`could not read ${printable(file)}: ${printable((e as Error).message)}`);
    }
  }
  if (projects.length === 0) throw new InputError(`no AppProject found in ${printable(file)}`);
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

/**
 * Every object of the YAML files directly in a synthesized platform folder (`dist/<platform>`),
 * files in name order: what the access audit reads (`accessAuditInputs`), as at synth.
 */
export function readPlatformManifests(dir: string): any[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InputError(`no such directory: ${dir}`);
  if (!fs.existsSync(path.join(dir, RBAC_CM_FILE))) throw new InputError(`${dir} has no ${RBAC_CM_FILE}; point --dir at a synthesized platform folder such as dist/argocd`);
  const out: any[] = [];
  for (const file of fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml').sort()) {
    const full = path.join(dir, file);
    if (!fs.statSync(full).isFile()) continue;
    try {
      out.push(...parseYamlDocuments(readText(full)));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`could not read ${printable(full)}: ${printable((e as Error).message)}`);
    }
  }
  return out;
}

/** argocd-cm's admin.enabled, when the folder has argocd-cm. */
function readLocalAdminEnabled(file: string): boolean | undefined {
  if (!fs.existsSync(file)) return undefined;
  let cm: any;
  try {
    cm = parseYamlDocuments(readText(file))[0];
  } catch (e) {
    throw new InputError(`could not read ${printable(file)}: ${printable((e as Error).message)}`);
  }
  const value: unknown = cm?.data?.['admin.enabled'];
  // Unquoted `admin.enabled: false` is a bool, which the API server refuses in a ConfigMap's data.
  if (value !== undefined && typeof value !== 'string') throw new InputError(`could not read ${printable(file)}: data.admin.enabled must be a string such as "false" (got ${printable(JSON.stringify(value))})`);
  return AccessAudit.localAdminEnabled(value);
}

/**
 * Reads a UTF-8 text file as Go would see its characters: a BOM is kept (Argo CD does not strip
 * it, so a policy starting with one fails to load there and here), a file over MAX_INPUT_BYTES or
 * not UTF-8 is refused before anything is parsed.
 */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_INPUT_BYTES) {
      throw new InputError(`${printable(file)} is ${size} bytes, over the ${MAX_INPUT_BYTES}-byte limit: argocd-rbac-cm holds at most 1 MiB (the API server's limit), so Argo CD never loads a policy this large`);
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`error opening file ${printable(file)}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : printable((e as Error).message)}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError(`${printable(file)} is not UTF-8 text (a binary file?); Argo CD's policy and Kubernetes manifests are UTF-8`);
  }
}
