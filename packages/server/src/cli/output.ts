import { SingleBar } from 'cli-progress';
import { ConfigError } from '../config';
import { isAppError } from '../errors';

/** Progress on stderr: a bar on a terminal, nothing otherwise (and never in --json mode). */
export interface Progress {
  start(total: number, note?: string): void;
  update(done: number, note?: string): void;
  stop(): void;
}

export function progressBar(enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) {
    return { start: () => undefined, update: () => undefined, stop: () => undefined };
  }
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {value}/{total} | {note}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    stream: process.stderr,
  });
  let started = false;
  return {
    start(total, note = '') {
      bar.start(total, 0, { note });
      started = true;
    },
    update(done, note) {
      if (started) bar.update(done, note === undefined ? undefined : { note });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** The message an operator reads when a command fails; internals only with AIKOM_DEBUG=1. */
export function describeFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (isAppError(error)) return `Помилка ${error.code}: ${error.detail ?? error.title}`;
  const e = error as Error;
  if (process.env.AIKOM_DEBUG === '1') return e.stack ?? String(e);
  return `Помилка: ${e.message ?? String(e)}`;
}
