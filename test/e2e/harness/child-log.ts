// A child process's stdout and stderr, kept in order in one text (the log the tests search), with
// waits for a line to appear after a mark.
import type { ChildProcess } from 'node:child_process';

export class ChildLog {
  private text = '';
  private readonly waiters = new Set<() => void>();

  attach(child: ChildProcess): void {
    const add = (chunk: Buffer): void => {
      this.text += chunk.toString('utf8');
      for (const wake of [...this.waiters]) wake();
    };
    child.stdout?.on('data', add);
    child.stderr?.on('data', add);
  }

  /** Everything so far, or everything after `mark` (a value of `mark()`). */
  read(mark = 0): string {
    return this.text.slice(mark);
  }

  mark(): number {
    return this.text.length;
  }

  /** Adds a line of the harness's own (e.g. "restart"), so that a failing test's log reads in order. */
  note(line: string): void {
    this.text += `--- e2e harness: ${line}\n`;
  }

  /** Resolves with the first match of `pattern` after `mark`; rejects after `ms` or when `stopped` rejects. */
  waitFor(pattern: RegExp, mark: number, ms: number, stopped?: Promise<never>): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error, match?: RegExpMatchArray): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve(match as RegExpMatchArray);
      };
      const check = (): void => {
        const match = this.read(mark).match(pattern);
        if (match) finish(undefined, match);
      };
      const timer = setTimeout(() => finish(new Error(`no ${pattern} within ${ms} ms; log tail:\n${this.read(mark).slice(-2000)}`)), ms);
      stopped?.catch((error: Error) => finish(error));
      this.waiters.add(check);
      check();
    });
  }
}
