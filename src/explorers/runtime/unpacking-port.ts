/**
 * Wraps an explorer worker's port so that every reply arrives unpacked (reuse.ts): unchanged parts of a result
 * are put back as the previous result's objects. It sees every reply in order — delivered or about to be dropped
 * as stale — because the worker packs each reply against the one it sent before, whatever the page does with it.
 * If a reply cannot be unpacked the two sides disagree about what was sent, so the port reports itself failed
 * (the runner then computes in the page) rather than show numbers of unknown origin.
 */
import type { ExplorerReply, ExplorerRequest, ExplorerResult } from './protocol.ts';
import type { PortLike } from './latest-wins.ts';
import { unpack } from './reuse.ts';

export function unpackingPort<S, R>(port: PortLike<ExplorerRequest<S>, ExplorerReply>): PortLike<ExplorerRequest<S>, ExplorerResult<R>> {
  const previous = new Map<string, R>();
  const onMessage: ((event: MessageEvent<ExplorerResult<R>>) => void)[] = [];
  const onError: ((event: ErrorEvent) => void)[] = [];
  let broken = false;
  port.addEventListener('message', (event) => {
    if (broken) return;
    const reply = event.data;
    let result: ExplorerResult<R>;
    if (reply.ok) {
      try {
        const value = unpack<R>(reply.packed, previous.get(reply.channel) ?? null);
        previous.set(reply.channel, value);
        result = { channel: reply.channel, generation: reply.generation, ok: true, result: value, ms: reply.ms, backend: reply.backend };
      } catch (e) {
        broken = true;
        const message = `explorer worker out of step: ${e instanceof Error ? e.message : String(e)}`;
        for (const l of onError) l({ message } as ErrorEvent);
        return;
      }
    } else {
      previous.delete(reply.channel);
      result = reply;
    }
    for (const l of onMessage) l({ data: result } as MessageEvent<ExplorerResult<R>>);
  });
  port.addEventListener('error', (event) => {
    for (const l of onError) l(event);
  });
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer),
    addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<ExplorerResult<R>>) => void) | ((event: ErrorEvent) => void)): void {
      if (type === 'message') onMessage.push(listener as (event: MessageEvent<ExplorerResult<R>>) => void);
      else onError.push(listener as (event: ErrorEvent) => void);
    },
    terminate: () => port.terminate(),
  };
}
