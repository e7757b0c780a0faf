import * as fs from 'fs';
import * as path from 'path';

const tasks = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.projen', 'tasks.json'), 'utf8')).tasks;

function commandsOf(name: string, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  return (tasks[name]?.steps ?? []).flatMap((step: any) => [
    ...(step.exec ? [step.exec] : []),
    ...(step.execArgs ? [step.execArgs.join(' ')] : []),
    ...(step.spawn ? commandsOf(step.spawn, seen) : []),
  ]);
}

describe('projen tasks', () => {
  test('npm test never rewrites files: no eslint --fix anywhere in the test task', () => {
    const commands = commandsOf('test');
    expect(commands.some(c => c.startsWith('eslint'))).toBe(true);
    expect(commands.filter(c => /--fix\b/.test(c))).toEqual([]);
  });

  test('a separate lint:fix task applies the fixes', () => {
    expect(commandsOf('lint:fix').join('\n')).toMatch(/^eslint .*--fix/);
  });
});
