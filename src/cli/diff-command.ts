import type { CliIo } from './rbac-commands';

export const DIFF_USAGE = 'Usage: argocd-platform diff BASE HEAD\n';

/** `argocd-platform diff`. */
export async function diffCommand(_argv: string[], _io: CliIo): Promise<number> {
  return 2;
}
