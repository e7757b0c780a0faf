import * as fs from 'fs';
import * as path from 'path';

/** Every file below a folder, by its path relative to it, with its text: to compare a tree before and after. */
export function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach(e => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full); else out[path.relative(root, full)] = fs.readFileSync(full, 'utf8');
  });
  walk(root);
  return out;
}
