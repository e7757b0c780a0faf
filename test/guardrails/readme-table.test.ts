import * as fs from 'fs';
import * as path from 'path';
import { GuardrailPack } from '../../src/guardrails/guardrail-pack';
import { renderRulesTable } from '../../src/guardrails/guardrails-report';

describe('README', () => {
  test('the Guardrails table lists exactly the pack\'s rules (ID, level, scope, finding)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = /<!-- guardrails-rules:start -->\n([\s\S]*?)\n<!-- guardrails-rules:end -->/.exec(readme);
    expect(table).not.toBeNull();
    // On a mismatch, paste the expected table between the markers.
    expect(table![1]).toBe(renderRulesTable(GuardrailPack.rules()));
  });

  test('each rule lives in its own file named after it, under its area', () => {
    const rulesDir = path.join(__dirname, '..', '..', 'src', 'guardrails', 'rules');
    const files = fs.readdirSync(rulesDir).filter(d => fs.statSync(path.join(rulesDir, d)).isDirectory())
      .flatMap(area => fs.readdirSync(path.join(rulesDir, area)).filter(f => /^[A-Z]/.test(f)).map(f => f.replace(/\.ts$/, '')));
    expect(files.sort()).toEqual(GuardrailPack.rules().map(r => r.name).sort());
  });
});
