import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { describeIfReference, referencePath } from '../helpers/reference';

const ROOT = path.resolve(__dirname, '..', '..');
const IMPORTS = path.join(ROOT, 'src', 'imports');

describe('generated CRD imports', () => {
  test('cdk8s.yaml lists one prefixed upstream CRD per committed module, pinned to a release tag', () => {
    const config = parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    const prefixes = (config.imports as string[]).map(spec => {
      const [prefix, url] = spec.split(':=');
      expect(url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/v\d+\.\d+\.\d+\//);
      return prefix;
    });
    const modules = fs.readdirSync(IMPORTS).filter(f => f.endsWith('.ts'));
    expect(modules.map(m => m.split('-')[0]).sort()).toEqual([...prefixes].sort());
    // The CRD files themselves are never committed.
    // (A file may be named after CRDs, such as the Application that syncs them; none may be one.)
    const committed = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(f => f !== '');
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.filter(f => /^kind:\s*CustomResourceDefinition\s*$/m.test(fs.readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
  });

  describeIfReference('regeneration', () => {
    test('npx projen import regenerates exactly the committed code from the pinned CRDs', () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
      execFileSync('bash', [path.join(ROOT, 'scripts', 'import-crds.sh')], {
        cwd: ROOT,
        env: { ...process.env, OUT_DIR: out, CRDS_DIR: referencePath('crds') },
        stdio: 'ignore',
      });
      const committed = fs.readdirSync(IMPORTS).sort();
      expect(fs.readdirSync(out).sort()).toEqual(committed);
      for (const file of committed) {
        expect({ file, same: fs.readFileSync(path.join(out, file), 'utf8') === fs.readFileSync(path.join(IMPORTS, file), 'utf8') })
          .toEqual({ file, same: true });
      }
    }, 180_000);
  }, 'crds');
});
