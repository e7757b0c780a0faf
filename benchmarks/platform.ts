// Benchmark: a whole platform fleet synthesized with the public API, against the floor (the same
// objects written with `yaml`, one file each, byte-identical). Run with `npm run bench [small|large|xlarge]`
// (`-- --runs 5 --json` for more runs and JSON). Every run is a fresh `node` process writing into a fresh
// folder (toolchain notes §11: deleting a folder right before the next run makes file creation slow and
// uneven on these machines); the variants alternate run by run, and medians and ratios of the one
// interleaved run are reported, with each variant's peak RSS.
//
// The library runs from JavaScript compiled by `bench` (the task compiles src/ and benchmarks/ into
// .tmp/bench first), as a platform repository runs the published package.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

interface RunReport {
  /** Files written. */
  files: number;
  /** Peak resident set size, MB. */
  peakRssMb: number;
  /** User + system CPU, ms. */
  cpuMs: number;
}

interface Sample extends RunReport {
  variant: 'library' | 'floor';
  wallMs: number;
}

const ROOT = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === 'bench' ? '../../..' : '..');
const WORK = path.join(ROOT, '.tmp', 'bench-runs');

function report(files: number): void {
  const usage = process.resourceUsage();
  const out: RunReport = { files, peakRssMb: Math.round(usage.maxRSS / 1024), cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** The library: build the fleet with the public API and synthesize it (validation, guardrails, audit, write). */
function runLibrary(size: string, outdir: string): void {
  // Loaded here so that the floor's process never loads the library.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PlatformApp } = require('../src') as typeof import('../src');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildPlatformFleet, FLEET_SIZES } = require('../test/helpers/platform-fleet') as typeof import('../test/helpers/platform-fleet');
  const { teams, apps } = FLEET_SIZES[size];
  const app = new PlatformApp({ outdir });
  buildPlatformFleet(app, teams, apps);
  app.synth();
  report(countFiles(outdir));
}

/** Every output file of the library's synth, as the floor's input: YAML files as plain objects, the rest as text. */
function runDump(size: string, dumpFile: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PlatformApp } = require('../src') as typeof import('../src');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildPlatformFleet, FLEET_SIZES } = require('../test/helpers/platform-fleet') as typeof import('../test/helpers/platform-fleet');
  const { teams, apps } = FLEET_SIZES[size];
  const app = new PlatformApp({ outdir: path.join(WORK, 'never-written') });
  buildPlatformFleet(app, teams, apps);
  // Manifests (in the chart folders) are objects; the artifacts at the root (reports, the values file) are text.
  const entries = Object.entries(app.render()).map(([file, text]) => (file.includes('/') && file.endsWith('.yaml') ? [file, parse(text)] : [file, text]));
  fs.writeFileSync(dumpFile, JSON.stringify(entries));
  report(entries.length);
}

/** The floor: the same objects, written with `yaml` (quoted as go-yaml needs), one file each. */
function runFloor(dumpFile: string, outdir: string): void {
  const entries = JSON.parse(fs.readFileSync(dumpFile, 'utf8')) as Array<[string, unknown]>;
  const made = new Set<string>();
  // The library's YAML writer (src/util/yaml.ts: `yaml`'s Document, with the strings go-yaml would read as
  // something else double-quoted), alone: no construct, no validation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { toYaml } = require('../src/util/yaml') as typeof import('../src/util/yaml');
  for (const [file, value] of entries) {
    const text = typeof value === 'string' ? value : toYaml(value);
    const target = path.join(outdir, file);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    fs.writeFileSync(target, text);
  }
  report(entries.length);
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : 1;
  return n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(samples: Sample[]): { wallMs: number; cpuMs: number; peakRssMb: number } {
  return {
    wallMs: median(samples.map(s => s.wallMs)),
    cpuMs: median(samples.map(s => s.cpuMs)),
    peakRssMb: Math.max(...samples.map(s => s.peakRssMb)),
  };
}

function child(args: string[]): { wallMs: number; report: RunReport } {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`benchmark run ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return { wallMs, report: JSON.parse(lines[lines.length - 1]) };
}

/** The files of two output folders differ: the first difference, or undefined. */
function firstDifference(a: string, b: string): string | undefined {
  const list = (dir: string, prefix = ''): string[] => fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? list(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)])).sort();
  const left = list(a);
  const right = list(b);
  if (left.join('\n') !== right.join('\n')) return `the file lists differ (${left.length} against ${right.length} files)`;
  for (const file of left) {
    if (!fs.readFileSync(path.join(a, file)).equals(fs.readFileSync(path.join(b, file)))) return `${file} differs`;
  }
  return undefined;
}

function main(): void {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === '--library') return runLibrary(rest[0], rest[1]);
  if (mode === '--floor') return runFloor(rest[0], rest[1]);
  if (mode === '--dump') return runDump(rest[0], rest[1]);

  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const size = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? 'large';
  if (!['small', 'large', 'xlarge'].includes(size)) throw new Error(`unknown size "${size}": small, large or xlarge`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer (got "${args[runsAt + 1]}")`);

  const batch = path.join(WORK, `${size}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(batch, { recursive: true });
  try {
    const dumpFile = path.join(batch, 'objects.json');
    const dump = child(['--dump', size, dumpFile]).report;
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate which variant goes first, so neither always runs after the other.
      const order: Array<'library' | 'floor'> = i % 2 === 0 ? ['library', 'floor'] : ['floor', 'library'];
      for (const variant of order) {
        const outdir = path.join(batch, `${variant}-${i}`);
        const r = variant === 'library' ? child(['--library', size, outdir]) : child(['--floor', dumpFile, outdir]);
        samples.push({ variant, wallMs: r.wallMs, ...r.report });
        if (!json) process.stderr.write(`  run ${i + 1}/${runs} ${variant}: ${(r.wallMs / 1000).toFixed(2)} s, ${r.report.peakRssMb} MB\n`);
      }
    }
    const difference = firstDifference(path.join(batch, 'library-0'), path.join(batch, 'floor-0'));
    if (difference) throw new Error(`the floor's output is not byte-identical to the library's: ${difference}`);

    const of = (variant: string) => samples.filter(s => s.variant === variant);
    const lib = of('library');
    const floor = of('floor');
    const pairRatios = lib.map((l, i) => l.wallMs / floor[i].wallMs);
    const result = {
      size,
      objects: dump.files,
      runs,
      library: summary(lib),
      floor: summary(floor),
      ratio: {
        wall: median(lib.map(s => s.wallMs)) / median(floor.map(s => s.wallMs)),
        cpu: median(lib.map(s => s.cpuMs)) / median(floor.map(s => s.cpuMs)),
        wallPairsMedian: median(pairRatios),
      },
      samples,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result, undefined, 2)}\n`);
      return;
    }
    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`${size}: ${dump.files} files, ${runs} interleaved runs each (fresh process, fresh folder), medians`);
    console.log('| variant | wall | CPU | peak RSS |');
    console.log('|---|---|---|---|');
    console.log(`| library (public API, synth) | ${fmt(result.library.wallMs)} | ${fmt(result.library.cpuMs)} | ${result.library.peakRssMb} MB |`);
    console.log(`| floor (\`yaml\`, one file each) | ${fmt(result.floor.wallMs)} | ${fmt(result.floor.cpuMs)} | ${result.floor.peakRssMb} MB |`);
    console.log(`| ratio | ${result.ratio.wall.toFixed(2)}× (pairs: ${result.ratio.wallPairsMedian.toFixed(2)}×) | ${result.ratio.cpu.toFixed(2)}× | |`);
  } finally {
    fs.rmSync(batch, { recursive: true, force: true });
  }
}

main();
