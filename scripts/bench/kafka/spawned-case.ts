// One benchmark case as its own process: started, watched, stopped. Its output is kept (bounded) so a
// case that dies or refuses its config can say why.
import { spawn, type ChildProcess } from 'node:child_process';

export class SpawnedCase {
  private readonly child: ChildProcess;
  private output = '';

  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Colour codes (the original's logger writes them) would only garble a reason in the table.
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString().replace(/\x1b\[[0-9;]*m/g, '')).slice(-8000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  tail(chars = 1500): string {
    return this.output.slice(-chars);
  }

  /** The first line the process logged as an error, else its last output: why a case did nothing. */
  reason(): string {
    const error = this.output.split('\n').find((line) => /\bERROR\b|"level":(50|60)/.test(line));
    return (error ?? this.tail(600)).trim();
  }

  /**
   * Ends the case and waits (bounded): SIGKILL, as nothing of the process is needed once it is
   * measured — or SIGTERM when profiling, since Node writes a --cpu-prof profile only on a clean exit.
   */
  async kill(graceful = false): Promise<void> {
    if (!this.alive) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(graceful ? 'SIGTERM' : 'SIGKILL');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 15_000))]);
    if (this.alive) this.child.kill('SIGKILL');
  }
}
