/**
 * Test-only: one export of every kind the app offers, made by the explorers' own compute and snapshot code from
 * their default states (the numbers the pages show), for the ORT, onnx.checker and PyTorch tests.
 */
import { defaults } from '../../state/schema.ts';
import type { ExportGraph } from '../../onnx/export-graph.ts';
import { compute as convTransposeCompute, type LayerResults } from '../../explorers/conv-transpose/compute.ts';
import { convTransposeSchema } from '../../explorers/conv-transpose/schema.ts';
import type { Picture } from '../../explorers/conv-transpose/presets.ts';
import { layerSnapshot as convTLayer, shootoutSnapshot } from '../../explorers/conv-transpose/snapshot.ts';
import { BnComputer, type ComputeEnv } from '../../explorers/batch-norm/compute.ts';
import { bnSchema, type BnState } from '../../explorers/batch-norm/schema.ts';
import type { RgbImage } from '../../explorers/batch-norm/photo-data.ts';
import { foldingSnapshot, layerSnapshot as bnLayer, runningSnapshot } from '../../explorers/batch-norm/snapshot.ts';
import { checkerboardExport, raceExport } from '../../explorers/training/snapshot.ts';
import { BnRace } from '../../training/bn-race.ts';
import { CheckerboardSession } from '../../training/checkerboard.ts';
import { UPSAMPLERS } from '../../training/models.ts';
import { BN_RACE_DEFAULTS, CHECKERBOARD_DEFAULTS, HIGH_LR } from '../../training/presets.ts';

/** A smooth synthetic picture, so no image needs decoding. */
function plane(h: number, w: number, seed: number): Float32Array {
  return Float32Array.from({ length: h * w }, (_, i) => 0.5 + 0.4 * Math.sin(Math.floor(i / w) / (7 + seed)) * Math.cos((i % w) / (5 + seed)));
}

function rgb(name: string, h: number, w: number, seed: number): RgbImage {
  const p = plane(h, w, seed);
  const data = new Float32Array(3 * h * w);
  for (let c = 0; c < 3; c++) data.set(p.map((v) => v * (0.6 + 0.2 * c)), c * h * w);
  return { name, height: h, width: w, data };
}

export function panelCases(): [string, ExportGraph][] {
  const cases: [string, ExportGraph][] = [];
  const ct = defaults(convTransposeSchema);
  const photo: Picture = { width: 96, height: 96, r: plane(96, 96, 1), g: plane(96, 96, 1), b: plane(96, 96, 1) };
  const r = convTransposeCompute({ ...ct, shootSize: 24 }, { photo }) as LayerResults;
  cases.push(['transposed conv: the layer', convTLayer(r)]);
  const asym = convTransposeCompute({
    ...ct, cin: 2, cout: 4, groups: 2, kH: 3, kW: 2, sH: 3, sW: 2, padSym: false, pT: 0, pL: 1, pB: 2, pR: 0, opH: 2, opW: 0, dW: 2,
    bias: true, kernel: 'learned',
  }, { photo });
  if (!asym.ok) throw new Error(asym.message);
  cases.push(['transposed conv: groups, begin/end padding, output padding, bias', convTLayer(asym)]);
  cases.push(['transposed conv: the shoot-out', shootoutSnapshot(r, ct)!]);
  cases.push(['transposed conv: the shoot-out, ICNR', shootoutSnapshot(convTransposeCompute({ ...ct, shootSize: 16, icnr: true }, { photo }) as LayerResults, { ...ct, icnr: true })!]);

  const env: ComputeEnv = { photos: [rgb('a', 80, 90, 1), rgb('b', 70, 100, 2)], own: null, ownId: 0 };
  const bnState = (patch: Partial<BnState>): BnState => ({ ...defaults(bnSchema), size: 12, ...patch });
  const shown = (s: BnState) => ({ state: s, results: new BnComputer().compute(s, env) });
  const train = shown(bnState({ steps: 5, gamma: [2, 1, 0.5, -1], beta: [0, 1, -1, 0.5] }));
  cases.push(['batch norm: training mode (the default)', bnLayer(train)!]);
  cases.push(['batch norm: eval mode', bnLayer(shown(bnState({ mode: 'eval', steps: 20 })))!]);
  cases.push(['batch norm: folding', foldingSnapshot(train)!]);
  cases.push(['batch norm: running statistics', runningSnapshot(train)!]);

  const race = new BnRace({ ...BN_RACE_DEFAULTS, depth: 2, lr: HIGH_LR, seed: 1 });
  for (let i = 0; i < 3; i++) race.train();
  cases.push(['training: the two classifiers', raceExport(race)]);
  const board = new CheckerboardSession({ ...CHECKERBOARD_DEFAULTS, crop: 16, upsamplers: UPSAMPLERS, seed: 1 },
    [{ name: 'g', width: 64, height: 64, data: plane(64, 64, 3) }]);
  board.train();
  cases.push(['training: the six upsampler networks', checkerboardExport(board)]);
  return cases;
}
