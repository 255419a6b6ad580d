import { afterAll, describe, expect, it } from 'vitest';
import { crossCheck } from '../../onnx/cross-check.ts';
import { releaseOrtSessions } from '../../onnx/ort-runner.ts';
import { defaults } from '../../state/schema.ts';
import type { SlotCheck } from '../parity-slots.ts';
import { NormComputer } from './compute.ts';
import { parityRequests } from './parity.ts';
import { normSchema, type NormState } from './schema.ts';
import { PANEL_IDS } from './view.ts';

afterAll(releaseOrtSessions);

/** The ops each panel's frame has a slot for (panels/*.ts): every slot gets a request, and nothing else does. */
const SLOTS = {
  share: ['norm'], cube: ['norm'], 'side-by-side': ['bn', 'ln', 'in', 'gn', 'rms'], knob: ['group-norm', 'layer-norm', 'instance-norm'],
  batch: ['batch-norm', 'instance-norm-eval'], rms: ['rms-norm', 'layer-norm'],
};

describe('the normalization page’s parity requests', () => {
  for (const patch of [{ norm: 'gn', affine: true }, { norm: 'rms', affine: true, g: 4 }, { norm: 'bn', n: 1 }] as Partial<NormState>[]) {
    it(`${JSON.stringify(patch)}: every slot's check agrees with ONNX Runtime, IN eval is unavailable with its reason`, async () => {
      const state: NormState = { ...defaults(normSchema), source: 'synthetic', ...patch };
      const r = new NormComputer().compute(state, { photos: null, own: null, ownId: 0 });
      for (const panel of PANEL_IDS) {
        const requests = parityRequests(panel, r, state);
        expect(Object.keys(requests).sort(), panel).toEqual([...SLOTS[panel]].sort());
        for (const [op, req] of Object.entries(requests)) {
          const result = await crossCheck((req as SlotCheck).req, (req as SlotCheck).ours);
          if (op === 'instance-norm-eval') {
            expect(result).toMatchObject({ kind: 'unavailable' });
            continue;
          }
          expect(result, `${panel}/${op}`).toMatchObject({ kind: 'compared', ok: true });
        }
      }
    }, 60_000);
  }
});
