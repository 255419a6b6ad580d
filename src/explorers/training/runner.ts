/**
 * Step / run / pause / reset for one demo, on the page side. At most one request per demo is in flight: when
 * running, the next chunk of `speed` steps is asked for only after the previous snapshot arrived, so the worker
 * never builds a backlog and "pause" takes effect after at most one chunk. A reset starts a new generation;
 * replies of older generations are ignored.
 */
import type { TrainRequest } from './protocol.ts';

export type RunnerStatus = 'starting' | 'idle' | 'running' | 'paused' | 'finished' | 'error';

export interface RunnerHooks {
  send(req: TrainRequest): void;
  resetRequest(gen: number): TrainRequest;
  trainRequest(gen: number, steps: number): TrainRequest;
  speed(): number;
  stopAt(): number;
  /** Called whenever status or step changed. */
  changed(): void;
}

let generations = 0;

export class DemoRunner {
  gen = 0;
  step = 0;
  status: RunnerStatus = 'starting';
  error: string | null = null;
  private busy = false;
  private wantRun = false;

  constructor(private readonly hooks: RunnerHooks) {}

  reset(): void {
    this.gen = ++generations;
    this.step = 0;
    this.wantRun = false;
    this.error = null;
    this.busy = true;
    this.status = 'starting';
    this.hooks.send(this.hooks.resetRequest(this.gen));
    this.hooks.changed();
  }

  stepOnce(): void {
    this.wantRun = false;
    if (this.busy || this.status === 'error') return;
    this.busy = true;
    this.hooks.send(this.hooks.trainRequest(this.gen, 1));
    this.status = 'paused';
    this.hooks.changed();
  }

  run(): void {
    if (this.status === 'error') return;
    if (this.step >= this.hooks.stopAt()) return;
    this.wantRun = true;
    this.status = 'running';
    this.pump();
    this.hooks.changed();
  }

  pause(): void {
    this.wantRun = false;
    if (this.status === 'running') this.status = 'paused';
    this.hooks.changed();
  }

  get running(): boolean {
    return this.wantRun;
  }

  /** A snapshot arrived. Returns false (and does nothing) when it belongs to an older generation. */
  received(gen: number, step: number): boolean {
    if (gen !== this.gen) return false;
    this.busy = false;
    this.step = step;
    if (this.status === 'starting') this.status = 'idle';
    if (this.wantRun && step >= this.hooks.stopAt()) {
      this.wantRun = false;
      this.status = 'finished';
    }
    this.pump();
    this.hooks.changed();
    return true;
  }

  failed(gen: number, message: string): boolean {
    if (gen !== this.gen) return false;
    this.busy = false;
    this.wantRun = false;
    this.status = 'error';
    this.error = message;
    this.hooks.changed();
    return true;
  }

  private pump(): void {
    if (this.busy || !this.wantRun) return;
    const n = Math.min(this.hooks.speed(), this.hooks.stopAt() - this.step);
    if (n <= 0) {
      this.wantRun = false;
      this.status = 'finished';
      return;
    }
    this.busy = true;
    this.hooks.send(this.hooks.trainRequest(this.gen, n));
  }
}
