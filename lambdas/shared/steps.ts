/** The ordered log of AWS changes of one finding's response, kept even when a later step throws. */
import type { Step } from './outcome';

/** Records each change as it is made (or planned), so a failure still reports what was done. */
export class StepLog {
  readonly steps: Step[] = [];

  /** Records a change that was made. */
  done(action: string, target: string, detail?: string): void {
    this.steps.push({ action, target, status: 'done', ...(detail ? { detail } : {}) });
  }

  /** Records a change that dry-run would make. */
  planned(action: string, target: string, detail?: string): void {
    this.steps.push({ action, target, status: 'planned', ...(detail ? { detail } : {}) });
  }

  /** Records a change that was attempted and failed. */
  failed(action: string, target: string, detail?: string): void {
    this.steps.push({ action, target, status: 'failed', ...(detail ? { detail } : {}) });
  }

  /** Runs `change` and records it as done, or as failed before rethrowing. */
  async run<T>(
    action: string,
    target: string,
    change: () => Promise<T>,
    detail?: string,
  ): Promise<T> {
    try {
      const out = await change();
      this.done(action, target, detail);
      return out;
    } catch (error) {
      this.failed(action, target, detail);
      throw error;
    }
  }
}
