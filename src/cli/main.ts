#!/usr/bin/env node
import { InputError } from './cli-inputs';
import { DIFF_USAGE, diffCommand } from './diff-command';
import { INIT_USAGE, initCommand } from './init-command';
import { lintCommand } from './lint-command';
import { auditCommand, canCommand, CliIo, USAGE, UsageError, validateCommand, whoCanCommand } from './rbac-commands';
import { terminalSafe } from './terminal';

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  'can': canCommand,
  'validate': validateCommand,
  'who-can': whoCanCommand,
  'audit': auditCommand,
};

/** A top-level command with its usage text. */
interface ConsumerCommand {
  readonly run: (argv: string[], io: CliIo) => Promise<number>;
  readonly usage: string;
}

/** Top-level commands for repositories that use the library: starters and the review summary. */
const CONSUMER_COMMANDS: Record<string, ConsumerCommand> = {
  init: { run: initCommand, usage: INIT_USAGE },
  diff: { run: diffCommand, usage: DIFF_USAGE },
};

async function runConsumerCommand(command: ConsumerCommand, argv: string[], io: CliIo): Promise<number> {
  try {
    return await command.run(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    io.err(`${e instanceof InputError ? '' : 'error: '}${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}

const TOP_USAGE = `Usage: argocd-platform <group> <command> [flags]

Groups:
  rbac   check, validate and audit Argo CD RBAC exactly as Argo CD 3.5 evaluates it
  lint   run the guardrails on any YAML files or folders (argocd-platform lint --help)
  init   write a platform or team repository (argocd-platform init --help)
  diff   summarize what changes between two synthesized outputs, for review (argocd-platform diff --help)

Run 'argocd-platform rbac --help' for its commands.
`;

const processIo: CliIo = {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
};

/**
 * Runs the CLI and returns the exit code: 0 yes/valid, 1 no/invalid/input error, 2 usage error.
 * Never throws for bad input; unexpected errors are reported as one line on stderr.
 */
export async function main(argv: string[], rawIo: CliIo = processIo): Promise<number> {
  // Everything printed passes here: text from input files can neither move the cursor nor hide itself.
  const io: CliIo = { out: text => rawIo.out(terminalSafe(text)), err: text => rawIo.err(terminalSafe(text)) };
  const [group, command, ...rest] = argv;
  if (group === undefined || group === '--help' || group === '-h') {
    (group === undefined ? io.err : io.out)(TOP_USAGE);
    return group === undefined ? 2 : 0;
  }
  if (group === 'lint') return lintCommand(argv.slice(1), io);
  const consumer = CONSUMER_COMMANDS[group];
  if (consumer) return runConsumerCommand(consumer, argv.slice(1), io);
  if (group !== 'rbac') {
    io.err(`unknown command group ${JSON.stringify(group)}\n\n${TOP_USAGE}`);
    return 2;
  }
  if (command === undefined || command === '--help' || command === '-h') {
    (command === undefined ? io.err : io.out)(USAGE.rbac);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`unknown command "rbac ${command}"\n\n${USAGE.rbac}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${USAGE[command]}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    io.err(`error: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // `argocd-platform rbac audit ... | head` closes the pipe early: stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
