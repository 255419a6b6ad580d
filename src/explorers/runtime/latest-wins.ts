/**
 * Latest-wins request/reply over a worker-like port, per *channel* (one channel per thing on screen that a
 * request fills, e.g. 'convT-output' or an explorer's whole layer):
 *
 * - each request gets a generation number (increasing across the client);
 * - a channel has at most one request in flight and at most one waiting; a new request replaces the waiting
 *   one, which then resolves to `null` without ever being sent (no queue of outdated work builds up);
 * - a reply is delivered only if its generation is still the newest requested on its channel; otherwise it is
 *   stale and its promise resolves to `null`.
 *
 * Replies are handed back as they came (`ok: false` included): what an error means is the caller's business.
 * The port failing (an `error` event: the worker script did not load, or crashed) rejects everything outstanding
 * and every later request with a `WorkerFailedError`, so callers can tell "the worker is gone" from "this request
 * failed". Used by the kernel client (single kernel ops) and the explorer runner (a whole explorer's compute).
 */

/** The part of `Worker` the client uses (a fake in tests, an in-thread stand-in as fallback). */
export interface PortLike<Out, In> {
  postMessage(message: Out, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<In>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/** Every reply names the request it answers. */
export interface Tagged {
  channel: string;
  generation: number;
}

/** The worker is unusable (failed to load, crashed, or was disposed): nothing sent to it will be answered. */
export class WorkerFailedError extends Error {
  override name = 'WorkerFailedError';
}

interface Pending<Out, In> {
  generation: number;
  message: Out;
  transfer: Transferable[];
  settle: (reply: In | null, failure?: Error) => void;
}

interface Channel<Out, In> {
  newest: number;
  inFlight: Pending<Out, In> | null;
  next: Pending<Out, In> | null;
}

export class LatestWinsClient<Out, In extends Tagged> {
  private generation = 0;
  private readonly channels = new Map<string, Channel<Out, In>>();
  private failure: string | null = null;

  /** `name` goes into failure messages ("kernel worker failed", "… disposed"). */
  constructor(private readonly port: PortLike<Out, In>, private readonly name = 'worker') {
    port.addEventListener('message', (event) => this.receive(event.data));
    port.addEventListener('error', (event) => this.fail(event.message || `${name} failed`));
  }

  /**
   * Send the message `build(generation)` on `channel`; resolves to its reply, or to null if a newer request on
   * the channel made it obsolete before or after it was computed.
   */
  send(channel: string, build: (generation: number) => Out, transfer: Transferable[] = []): Promise<In | null> {
    if (this.failure !== null) return Promise.reject(new WorkerFailedError(this.failure));
    const generation = ++this.generation;
    const ch = this.channel(channel);
    ch.newest = generation;
    return new Promise<In | null>((resolve, reject) => {
      const pending: Pending<Out, In> = {
        generation,
        message: build(generation),
        transfer,
        settle: (reply, failure) => (failure ? reject(failure) : resolve(reply)),
      };
      ch.next?.settle(null); // replaced before it was sent: never computed
      ch.next = pending;
      this.pump(ch);
    });
  }

  /** Send a message outside any channel (e.g. new inputs every later request uses); ordered with the rest. */
  post(message: Out, transfer: Transferable[] = []): void {
    if (this.failure === null) this.port.postMessage(message, transfer);
  }

  /** Make everything outstanding on `channel` obsolete (e.g. its view was closed). */
  cancel(channel: string): void {
    const ch = this.channels.get(channel);
    if (!ch) return;
    ch.newest = ++this.generation;
    ch.next?.settle(null);
    ch.next = null;
  }

  /** The newest generation requested on `channel` (0 if none). */
  newestGeneration(channel: string): number {
    return this.channels.get(channel)?.newest ?? 0;
  }

  /** Why the port is unusable, or null while it works. */
  failed(): string | null {
    return this.failure;
  }

  /** Stop the worker; outstanding requests resolve to null, later ones reject. */
  dispose(): void {
    for (const ch of this.channels.values()) {
      ch.inFlight?.settle(null);
      ch.next?.settle(null);
      ch.inFlight = ch.next = null;
    }
    this.failure = `${this.name} disposed`;
    this.port.terminate();
  }

  private channel(name: string): Channel<Out, In> {
    let ch = this.channels.get(name);
    if (!ch) {
      ch = { newest: 0, inFlight: null, next: null };
      this.channels.set(name, ch);
    }
    return ch;
  }

  private pump(ch: Channel<Out, In>): void {
    if (ch.inFlight || !ch.next) return;
    ch.inFlight = ch.next;
    ch.next = null;
    try {
      this.port.postMessage(ch.inFlight.message, ch.inFlight.transfer);
    } catch (e) {
      // e.g. DataCloneError: this request cannot travel, but the port itself still works.
      const failed = ch.inFlight;
      ch.inFlight = null;
      failed.settle(null, new Error(`could not send to the ${this.name}: ${e instanceof Error ? e.message : String(e)}`));
      this.pump(ch);
    }
  }

  private receive(reply: In): void {
    const ch = this.channels.get(reply.channel);
    const pending = ch?.inFlight;
    if (!ch || !pending || pending.generation !== reply.generation) return; // not ours (any more)
    ch.inFlight = null;
    pending.settle(reply.generation === ch.newest ? reply : null);
    this.pump(ch);
  }

  private fail(message: string): void {
    if (this.failure !== null) return;
    this.failure = message;
    const error = new WorkerFailedError(message);
    for (const ch of this.channels.values()) {
      const outstanding = [ch.inFlight, ch.next];
      ch.inFlight = ch.next = null;
      for (const p of outstanding) p?.settle(null, error);
    }
  }
}
