/**
 * Progress of a long run on stderr, so stdout stays the result: on a terminal one line rewritten in
 * place; elsewhere (a pipe, a CI log) a line at every tenth of the way and at the end, so hundreds of
 * accounts make about ten lines.
 */
import type { Output } from './errors';

/** A stream that may be a terminal. */
export interface ProgressOutput extends Output {
  readonly isTTY?: boolean;
}

/** Returns `tick(detail?)`, to call once per item done; prints `<label>: done/total <detail>`. */
export function progress(
  err: ProgressOutput,
  label: string,
  total: number,
): (detail?: string) => void {
  let done = 0;
  let lastStep = -1;
  return (detail?: string) => {
    done++;
    const line = `${label}: ${done}/${total}${detail ? ` ${detail}` : ''}`;
    if (err.isTTY) {
      err.write(`\r\u001b[2K${line}${done === total ? '\n' : ''}`);
      return;
    }
    const step = Math.floor((done * 10) / Math.max(total, 1));
    if (step !== lastStep || done === total) {
      lastStep = step;
      err.write(`${line}\n`);
    }
  };
}
