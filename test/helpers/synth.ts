import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { PlatformApp } from '../../src';

/** A PlatformApp writing into a fresh temporary folder. */
export function testApp(): PlatformApp {
  return new PlatformApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-platform-')) });
}

/** Renders the app and parses every YAML file: relative path to object. */
export function renderObjects(app: PlatformApp): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [file, content] of Object.entries(app.render())) {
    if (file.endsWith('.yaml')) out[file] = parse(content);
  }
  return out;
}

/** The one rendered object of a kind and name. */
export function findObject(app: PlatformApp, kind: string, name: string): any {
  const matches = Object.values(renderObjects(app)).filter(o => o.kind === kind && o.metadata?.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${matches.length}`);
  return matches[0];
}
