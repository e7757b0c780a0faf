import { Chart } from 'cdk8s';
import { KubeConfigMap } from 'cdk8s-plus-28/lib/imports/k8s';
import * as fc from 'fast-check';
import { PlatformApp } from '../../src';
import { PlatformSynthError } from '../../src/platform/synth-error';
import { outputTextReason } from '../../src/util/text';
import { kubectlTest, kustomizeCases } from '../helpers/go-oracle';
import { hostileString } from '../helpers/hostile';

function configMapApp(id: string, name: string, data: Record<string, string>, annotations: Record<string, string> = {}): PlatformApp {
  const app = new PlatformApp({ outdir: '/nonexistent-never-written' });
  const chart = new Chart(app, id, { disableResourceNameHashes: true });
  new KubeConfigMap(chart, 'Cm', { metadata: { name, namespace: 'oracle', annotations }, data });
  return app;
}

describe('the file writer: every string reaches go-yaml (kubectl kustomize) unchanged, or the synth is refused', () => {
  kubectlTest()('property: arbitrary Unicode values and annotations read back exactly through kubectl kustomize', () => {
    const values = fc.sample(fc.array(hostileString, { minLength: 1, maxLength: 3 }), { numRuns: 400, seed: 42 });
    const rendered: Array<{ name: string; strings: string[]; files: Record<string, string> }> = [];
    values.forEach((strings, i) => {
      const name = `cm-${i}`;
      const data = Object.fromEntries(strings.map((s, j) => [`k${j}`, s]));
      const annotations = Object.fromEntries(strings.map((s, j) => [`example.com/a${j}`, s]));
      const app = configMapApp('out', name, data, annotations);
      const refused = strings.find(s => outputTextReason(s) !== undefined);
      if (refused !== undefined) {
        // Refused, naming the object and the field, every offending string one line each.
        expect(() => app.render()).toThrow(PlatformSynthError);
        try {
          app.render();
        } catch (e) {
          const errors = (e as PlatformSynthError).errors;
          expect(errors.length).toBeGreaterThan(0);
          for (const error of errors) {
            expect(error).toMatch(new RegExp(`^\\[out\\] ConfigMap oracle/${name} (data\\.k\\d|metadata\\.annotations\\.example\\.com/a\\d): must not (contain|start a line with a tab) `));
            expect(error).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e]/);
          }
        }
        return;
      }
      rendered.push({ name, strings, files: app.render() });
    });
    expect(rendered.length).toBeGreaterThan(100);
    const objects = kustomizeCases(rendered.map(r => Object.fromEntries(Object.entries(r.files).map(([f, c]) => [f.replace(/^out\//, ''), c]))));
    for (const { name, strings } of rendered) {
      const cm = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === name);
      expect({ name, data: cm?.data ?? {}, annotations: cm?.metadata?.annotations ?? {} }).toEqual({
        name,
        data: Object.fromEntries(strings.map((s, j) => [`k${j}`, s])),
        annotations: Object.fromEntries(strings.map((s, j) => [`example.com/a${j}`, s])),
      });
    }
  }, 180_000);
});
