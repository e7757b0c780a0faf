// Benchmark: the access audit of a 100-team and a 300-team fleet (3 environments each: 300 and 900
// projects). Run with `npx projen bench:rbac`. Each size runs in a process of its own, so the peak
// memory reported is that size's; the audit (compile + every row + Markdown) is timed as the median
// of alternating rounds (the machines are noisy; see toolchain-notes §11), its unit operations are
// counted, and a sample of requests is checked against per-question casbin evaluation.
import * as assert from 'assert';
import { fork } from 'child_process';
import { AccessAudit } from '../src/rbac/access-audit';
import { RbacEvaluator } from '../src/rbac/rbac-evaluator';
import { buildFleet } from '../test/helpers/fleet';

const SIZES = [100, 300];
const ROUNDS = 3;
const CASBIN_SAMPLE = 1500;
const SAMPLE_PROJECTS = 30;
const MEMORY_BUDGET_MB = 250;
const ACTIONS: Array<[string, string]> = [
  ['applications', 'get'], ['applications', 'sync'], ['applications', 'delete'], ['applications', 'override'],
  ['applications', 'action/apps/Deployment/restart'], ['logs', 'get'], ['exec', 'create'], ['repositories', 'get'],
];

interface Result {
  teams: number;
  projects: number;
  rows: number;
  markdownBytes: number;
  operations: number;
  medianMs: number;
  peakRssMb: number;
  sampled: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(teams: number): Promise<Result> {
  const fleet = buildFleet(teams);
  const times: number[] = [];
  let operations = 0;
  let audit: AccessAudit | undefined;
  let markdown = '';
  for (let round = 0; round < ROUNDS; round++) {
    operations = 0;
    const start = process.hrtime.bigint();
    audit = AccessAudit.compile(fleet.config, fleet.projects, { counter: { count: n => { operations += n; } } });
    markdown = audit.render();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024); // before casbin, which is not measured
  // The rows say what the evaluator says: a deterministic sample spread over groups, projects and
  // actions (casbin gets only the sampled projects' roles: it builds an enforcer per project).
  const sampleProjects = fleet.projects.filter((_, i) => i % Math.ceil(fleet.projects.length / SAMPLE_PROJECTS) === 0);
  const casbin = await RbacEvaluator.create(fleet.config, { projects: sampleProjects });
  const apps = ['api-dev', 'api-prod', 'ns/worker-prod'];
  let sampled = 0;
  for (let i = 0; sampled < CASBIN_SAMPLE; i++) {
    const group = fleet.groups[(i * 7) % fleet.groups.length];
    const project = sampleProjects[(i * 13) % sampleProjects.length].name;
    const [resource, action] = ACTIONS[i % ACTIONS.length];
    const object = `${project}/${apps[i % apps.length]}`;
    const expected = casbin.canWithGroups('benchmark-user', [group], resource, action, object);
    assert.strictEqual(audit!.rowsAllow(group, resource, action, object), expected, `answers differ for ${group} ${action} ${resource} ${object}`);
    sampled++;
  }
  return {
    teams,
    projects: fleet.projects.length,
    rows: audit!.rows().length,
    markdownBytes: markdown.length,
    operations,
    medianMs: median(times),
    peakRssMb,
    sampled,
  };
}

function runChild(teams: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [String(teams)], { execArgv: process.execArgv, env: process.env });
    child.on('message', message => resolve(message as Result));
    child.on('error', reject);
    child.on('exit', code => (code === 0 ? undefined : reject(new Error(`benchmark of ${teams} teams exited with ${code}`))));
  });
}

async function main() {
  const size = Number(process.argv[2]);
  if (size > 0) {
    process.send!(await measure(size));
    return;
  }
  const results: Result[] = [];
  for (const teams of SIZES) {
    const r = await runChild(teams);
    results.push(r);
    console.log(`${r.teams} teams × 3 environments (${r.projects} projects): audit ${r.medianMs.toFixed(0)} ms (median of ${ROUNDS}), `
      + `${r.rows} rows, ${(r.markdownBytes / 1024).toFixed(0)} KiB of Markdown, ${r.operations} rule checks `
      + `(${(r.operations / r.rows).toFixed(1)} per row), peak RSS ${r.peakRssMb} MB; ${r.sampled} sampled requests identical to casbin`);
  }
  const [small, large] = results;
  console.log(`300 vs 100 teams: ${(large.medianMs / small.medianMs).toFixed(1)}× the time, ${(large.operations / small.operations).toFixed(1)}× the rule checks `
    + `for ${(large.rows / small.rows).toFixed(1)}× the rows (linear: about 3×)`);
  if (large.peakRssMb >= MEMORY_BUDGET_MB) {
    console.error(`peak memory at 300 teams ${large.peakRssMb} MB is over the ${MEMORY_BUDGET_MB} MB budget`);
    process.exitCode = 1;
  }
}

void main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
