/**
 * Runs an explorer's compute off the main thread, latest wins: the explorer calls `run(state)` on every state
 * change and renders what comes back, unless it is `null` (a newer state was asked for since — while one state is
 * computing, newer ones replace the waiting one, so a fast slider never builds a queue and never blocks the page).
 *
 * Where it runs: a dedicated module worker (`spawn`). If the worker cannot be created, its script fails to load,
 * or it crashes, the runner switches — once, for good — to the same program in this thread (in-thread-port.ts),
 * re-sends the inputs and re-runs the newest state, so the page keeps working, just with compute on the main
 * thread again. `where` and `fallbackReason` say which happened.
 */
import type { KernelBackend } from '../../kernels/index.ts';
import type { Detail, ExplorerProgram, ExplorerReply, ExplorerRequest, ExplorerResult } from './protocol.ts';
import { inThreadPort } from './in-thread-port.ts';
import { LatestWinsClient, WorkerFailedError, type PortLike } from './latest-wins.ts';
import { pack } from './reuse.ts';
import { unpackingPort } from './unpacking-port.ts';

export type ExplorerPort<S> = PortLike<ExplorerRequest<S>, ExplorerReply>;

export interface Computed<R> {
  result: R;
  /** Compute time where it ran (excludes messaging and cloning). */
  ms: number;
  backend: KernelBackend;
  where: 'worker' | 'main thread';
}

const CHANNEL = 'layer';

export class ExplorerRunner<S, I, R> {
  where: 'worker' | 'main thread' = 'worker';
  fallbackReason: string | null = null;
  private client!: LatestWinsClient<ExplorerRequest<S>, ExplorerResult<R>>;
  /** The inputs last sent to the current worker (or in-thread host): what the next ones are packed against. */
  private inputs: { value: I } | null = null;
  private newest = 0;
  private disposed = false;

  /**
   * @param spawn starts the worker (null: compute in this thread from the start, e.g. where `Worker` is missing)
   * @param program the same program, for the in-thread fallback
   */
  constructor(spawn: (() => ExplorerPort<S>) | null, private readonly program: () => ExplorerProgram<S, I, R>, private readonly name = 'explorer') {
    if (spawn === null) {
      this.fallBack('no Worker in this environment');
      return;
    }
    try {
      this.client = new LatestWinsClient(unpackingPort<S, R>(spawn()), `${name} worker`);
    } catch (e) {
      this.fallBack(`the worker could not be started: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * The complete decoded inputs (pictures …) for this and every later state. Only what changed since the last
   * call is copied to the worker; unchanged parts keep their identity there (compute caches rely on it).
   */
  setInputs(inputs: I): void {
    this.client.post({ kind: 'inputs', packed: pack(inputs, this.inputs?.value ?? null) });
    this.inputs = { value: inputs };
  }

  /**
   * Compute `state` (to `detail`: protocol.ts); resolves to null if a newer `run` (or `cancel`) made it
   * obsolete. Rejects with the message of an error thrown by the explorer's compute.
   */
  async run(state: S, detail: Detail = 'full'): Promise<Computed<R> | null> {
    const token = ++this.newest;
    const client = this.client;
    let reply: ExplorerResult<R> | null;
    try {
      reply = await client.send(CHANNEL, (generation) => ({ kind: 'compute', channel: CHANNEL, generation, state, detail }));
    } catch (e) {
      if (!(e instanceof WorkerFailedError) || this.disposed) throw e;
      if (client === this.client) this.fallBack(e.message);
      // Every outstanding run fails at once; only the newest is worth computing again.
      return token === this.newest ? this.run(state, detail) : null;
    }
    if (reply === null) return null;
    if (!reply.ok) throw new Error(reply.error);
    return { result: reply.result, ms: reply.ms, backend: reply.backend, where: this.where };
  }

  /** Drop whatever is outstanding (e.g. the state changed but cannot be computed yet). */
  cancel(): void {
    this.newest++;
    this.client.cancel(CHANNEL);
  }

  dispose(): void {
    this.disposed = true;
    this.client.dispose();
  }

  private fallBack(reason: string): void {
    this.where = 'main thread';
    this.fallbackReason = reason;
    console.warn(`Layer Lab: computing the ${this.name} explorer on the main thread (${reason})`);
    this.client = new LatestWinsClient(unpackingPort<S, R>(inThreadPort(this.program())), `${this.name} compute`);
    if (this.inputs) this.client.post({ kind: 'inputs', packed: pack(this.inputs.value, null) });
  }
}
