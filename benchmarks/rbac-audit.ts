// Benchmark: the compiled access audit vs a per-query casbin loop on 100 teams × 3 environments.
// Run with `npx projen bench:rbac`. Asserts identical answers on the sampled questions and prints
// medians of alternating runs (the machines are noisy; see toolchain-notes §11).
import * as assert from 'assert';
import { AccessAudit, MATRIX_QUERIES } from '../src/rbac/access-audit';
import { RbacEvaluator } from '../src/rbac/rbac-evaluator';
import { buildFleet } from '../test/helpers/fleet';

const ROUNDS = 5;
const CASBIN_SAMPLE = 3000;

interface Question { group: string; project: string; resource: string; action: string }

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function run() {
  const fleet = buildFleet(100);
  const questions: Question[] = [];
  for (const group of fleet.groups) {
    for (const project of fleet.projects) {
      for (const [resource, actions] of MATRIX_QUERIES) {
        for (const action of actions) questions.push({ group, project: project.name, resource, action });
      }
    }
  }
  // A deterministic sample spread over the whole matrix for the (slow) casbin loop.
  const stride = Math.floor(questions.length / CASBIN_SAMPLE);
  const sample = questions.filter((_, i) => i % stride === 0).slice(0, CASBIN_SAMPLE);
  const casbin = await RbacEvaluator.create(fleet.config, { projects: fleet.projects });

  const compiledMicros: number[] = [];
  const casbinMicros: number[] = [];
  let compiledAnswers = new Map<Question, boolean>();
  for (let round = 0; round < ROUNDS; round++) {
    // compiled: the full matrix, from scratch (compile included)
    let start = process.hrtime.bigint();
    const audit = AccessAudit.compile(fleet.config, fleet.projects);
    const answers = new Map<Question, boolean>();
    const byCell = new Map<string, Record<string, string[]>>();
    for (const q of questions) {
      const key = `${q.group} ${q.project}`;
      let cell = byCell.get(key);
      if (!cell) {
        cell = audit.projectAccess(q.group, q.project).actions;
        byCell.set(key, cell);
      }
      answers.set(q, cell[q.resource].includes(q.action));
    }
    compiledMicros.push(Number(process.hrtime.bigint() - start) / 1000 / questions.length);
    compiledAnswers = answers;

    // casbin: one enforce chain per question
    start = process.hrtime.bigint();
    for (const q of sample) {
      const allowed = casbin.canWithGroups('benchmark-subject', [q.group], q.resource, q.action, `${q.project}/*`);
      assert.strictEqual(allowed, compiledAnswers.get(q), `answers differ for ${JSON.stringify(q)}`);
    }
    casbinMicros.push(Number(process.hrtime.bigint() - start) / 1000 / sample.length);
  }
  const allowed = [...compiledAnswers.values()].filter(Boolean).length;
  const compiled = median(compiledMicros);
  const perQuery = median(casbinMicros);
  const speedUp = perQuery / compiled;
  console.log(`fleet: 100 teams × 3 environments, ${fleet.projects.length} projects, ${fleet.groups.length} groups, ${questions.length} matrix questions (${allowed} allowed)`);
  console.log(`compiled audit: ${compiled.toFixed(2)} µs/question (median of ${ROUNDS}; full matrix ${(compiled * questions.length / 1e6).toFixed(2)} s incl. compile)`);
  console.log(`casbin loop:    ${perQuery.toFixed(2)} µs/question (median of ${ROUNDS}; ${sample.length} sampled questions, all answers identical; full matrix would take ~${(perQuery * questions.length / 1e6).toFixed(0)} s)`);
  console.log(`speed-up: ${speedUp.toFixed(0)}× (goal ≥ 50×)`);
  if (speedUp < 50) {
    console.error('speed-up below the 50× goal');
    process.exitCode = 1;
  }
}

void run();
