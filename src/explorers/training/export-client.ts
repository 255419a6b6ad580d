/**
 * The training page's export sources: each asks the worker for the networks' current weights (snapshot.ts runs
 * there) and resolves with its reply. Types only from the engine, so the page's bundle stays without it.
 */
import type { ExportGraph } from '../../onnx/export-graph.ts';
import type { SnapshotSources } from '../types.ts';
import type { ExportDemo, TrainRequest, TrainResponse } from './protocol.ts';

/** The page's side: export sources that ask the worker, and the handler for its replies. */
export function trainingExports(send: (req: TrainRequest) => void): { sources: SnapshotSources; received(m: TrainResponse & { kind: 'export' }): void } {
  let next = 0;
  const waiting = new Map<number, { resolve: (g: ExportGraph) => void; reject: (e: Error) => void }>();
  const ask = (demo: ExportDemo) => () =>
    new Promise<ExportGraph>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      send({ kind: 'export', gen: id, demo });
    });
  const board = ask('checkerboard');
  const race = ask('bn');
  return {
    // The panels that show these networks. The sweep trains networks of its own and the critic panel shows a
    // gradient, not a network: they offer images only.
    sources: { 'checkerboard-training': board, 'artifact-score': board, 'bn-race': race, activations: race },
    received(m) {
      const w = waiting.get(m.gen);
      if (!w) return;
      waiting.delete(m.gen);
      if (m.graph) w.resolve(m.graph);
      else w.reject(new Error(m.reason ?? 'the networks could not be exported'));
    },
  };
}
