/**
 * Runs the CLI with its output captured (no files, no terminal), for the CLI's tests:
 * one place instead of a copy of the same `CliIo` in each test file.
 */
import { runCli, type CliIo } from './cli';

export function runCliCapturing(argv: string[], withProgress = false) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readFile: () => {
      throw new Error('no files here');
    },
    ...(withProgress ? { progress: (text: string) => progress.push(text) } : {}),
  };
  const code = runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n'), progress };
}
