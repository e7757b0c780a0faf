import { ApiObject, Chart } from 'cdk8s';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import * as fc from 'fast-check';
import { PlatformApp } from '../../src';

function configMapApp(id: string, name: string, data: Record<string, string>, annotations: Record<string, string> = {}): PlatformApp {
  const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
  const chart = new Chart(app, id, { disableResourceNameHashes: true });
  new KubeConfigMap(chart, 'Cm', { metadata: { name, namespace: 'oracle', annotations }, data });
  return app;
}

describe('the file writer: every string reaches go-yaml unchanged, or the synth is refused', () => {
  test('YAML 1.1 booleans, numbers and timestamps are quoted, so the API server (go-yaml v2) reads strings', () => {
    const files = configMapApp('out', 'cm', { a: 'yes', b: 'on', c: 'y', d: '1_000', e: '1:20', f: '0o17', g: 'plain' }).render();
    expect(files['out/configmap-cm.yaml']).toContain([
      '  a: "yes"', '  b: "on"', '  c: "y"', '  d: "1_000"', '  e: "1:20"', '  f: "0o17"', '  g: plain',
    ].join('\n'));
  });

  test.each([
    ['a\u2028b', 'must not contain U+2028 (LINE SEPARATOR, a line break for go-yaml)'],
    ['a\u0085b', 'must not contain U+0085 (NEXT LINE, a line break for go-yaml)'],
    ['\ufeffa', 'must not contain U+FEFF (BYTE ORDER MARK)'],
    ['\u202eabc', 'must not contain U+202E (RIGHT-TO-LEFT OVERRIDE)'],
    ['a\u001b[2Jb', 'must not contain an escape character'],
  ])('refuses %j in a value, escaped in the one-line error', (value, reason) => {
    expect(() => configMapApp('out', 'cm', { note: value }).render()).toThrow(`[out] ConfigMap oracle/cm data.note: ${reason} (got ${JSON.stringify(value).replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)})`);
  });

  test('a "<<" key is refused: kustomize reads it as a merge key even when quoted (test/util/yaml-kubectl.integ.test.ts)', () => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    const chart = new Chart(app, 'out', { disableResourceNameHashes: true });
    new ApiObject(chart, 'V', { apiVersion: 'example.com/v1', kind: 'Values', metadata: { name: 'v' }, spec: { '<<': 'x', 'value': '<<' } });
    expect(() => app.render()).toThrow('[out] Values v spec.<<: key must not be "<<": kustomize reads it as a YAML merge key even when quoted and drops it (got "<<")');
  });

  test('a Secret\'s values are never echoed when refused', () => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    const chart = new Chart(app, 'out', { disableResourceNameHashes: true });
    new ApiObject(chart, 'S', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hunter2\u2028' } });
    expect(() => app.render()).toThrow('[out] Secret s stringData.password: must not contain U+2028 (LINE SEPARATOR, a line break for go-yaml) (got "<redacted 8-character literal>")');
  });
});

describe('file names stay inside the output folder', () => {
  test.each([
    ['..', 'cm'], ['.', 'cm'], ['out', '../../etc/passwd'], ['out', 'a/b'], ['out', '..'], ['out', 'x\u2028y'],
  ])('chart %j with object %j fails the synth', (chartId, name) => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    let built = true;
    try {
      const chart = new Chart(app, chartId, { disableResourceNameHashes: true });
      new ApiObject(chart, 'O', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    } catch {
      built = false; // constructs refuses "/" in ids itself
    }
    if (built) expect(() => app.render()).toThrow(/(output folder and must be|make the file name and must be)/);
  });

  test('property: every file an accepted synth writes resolves inside its chart folder', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 20 }), (chartId, name) => {
      const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
      let files: Record<string, string>;
      let chart: Chart;
      try {
        chart = new Chart(app, chartId, { disableResourceNameHashes: true });
        new ApiObject(chart, 'O', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
        files = app.render();
      } catch {
        return;
      }
      for (const file of Object.keys(files)) {
        // constructs turns "/" in an id into "--"; the folder is the chart's id as constructs keeps it.
        expect(file.startsWith(`${chart!.node.id}/`)).toBe(true);
        expect(file.split('/').every(part => part !== '' && part !== '.' && part !== '..')).toBe(true);
        expect(file.split('/')).toHaveLength(2);
      }
    }), { numRuns: 500 });
  });

  test('ConfigMap keys must be valid ConfigMap keys', () => {
    expect(() => configMapApp('out', 'cm', { 'a/b': 'x', '..x': 'y', 'ok.key_1-2': 'z' }).render()).toThrow(
      /data\.\.\.x: is not a valid ConfigMap\/Secret key[\s\S]*data\.a\/b: is not a valid ConfigMap\/Secret key/);
  });
});

describe('Kubernetes limits fail the synth, not the apply', () => {
  test('a ConfigMap over 1 MiB, naming the object, the size and the limit; exactly 1 MiB passes', () => {
    expect(() => configMapApp('out', 'big', { a: 'x'.repeat(1024 * 1024 - 1), b: 'é' }).render())
      .toThrow('[out] ConfigMap oracle/big data: is 1048577 bytes, over the API server\'s limit of 1048576 bytes (1 MiB) for a ConfigMap; split it or move the data elsewhere');
    expect(() => configMapApp('out', 'big', { a: 'x'.repeat(1024 * 1024) }).render()).not.toThrow();
  });

  test('a Secret over 1 MiB counts decoded data and stringData', () => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    const chart = new Chart(app, 'out', { disableResourceNameHashes: true });
    new ApiObject(chart, 'S', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: Buffer.alloc(1024 * 1024).toString('base64') }, stringData: { b: 'x' } });
    expect(() => app.render()).toThrow('[out] Secret s data: is 1048577 bytes, over the API server\'s limit of 1048576 bytes (1 MiB) for a Secret');
  });

  test('annotations over 256 KiB in total', () => {
    expect(() => configMapApp('out', 'cm', {}, { 'example.com/a': 'x'.repeat(128 * 1024), 'example.com/b': 'x'.repeat(128 * 1024) }).render())
      .toThrow(/\[out\] ConfigMap oracle\/cm metadata\.annotations: are 262170 bytes in total, over the API server's limit of 262144 bytes \(256 KiB\)/);
  });

  test('a label value over 63 characters', () => {
    const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
    const chart = new Chart(app, 'out', { disableResourceNameHashes: true });
    new KubeConfigMap(chart, 'Cm', { metadata: { name: 'cm', labels: { team: 'a'.repeat(64), ok: 'a'.repeat(63) } } });
    expect(() => app.render()).toThrow(`[out] ConfigMap cm metadata.labels.team: is 64 characters, over Kubernetes' limit of 63 for a label value (got "${'a'.repeat(64)}")`);
  });
});
