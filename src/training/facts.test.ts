/**
 * The two training claims commonly made about these layers, measured with our own kernels over several seeds (not one lucky
 * seed), at the demos' default settings (presets.ts).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BnRace, CHANCE_LOSS } from './bn-race.ts';
import { CheckerboardSession } from './checkerboard.ts';
import { areaDownsample, type GreyImage } from './data.ts';
import { decodePng, toGrey } from './png.ts';
import { BN_RACE_DEFAULTS, CHECKERBOARD_DEFAULTS, CHECKERBOARD_TEST_STEPS, HIGH_LR, MODERATE_LR, TARGET_LOSS } from './presets.ts';
import { tailMean } from './stats.ts';

let images: GreyImage[];
beforeAll(async () => {
  const png = await decodePng(new Uint8Array(readFileSync(new URL('../../public/images/camera.png', import.meta.url))));
  images = [areaDownsample({ name: 'camera', width: png.width, height: png.height, data: toGrey(png) }, 2)];
});

describe('“transposed convolutions lead to checkerboard artifacts” — in what a network learns', () => {
  it(`after ${CHECKERBOARD_TEST_STEPS} steps the k3 s2 transposed-conv upsampler scores higher than nearest and bilinear resize-conv, on 5 seeds`, () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = new CheckerboardSession({ ...CHECKERBOARD_DEFAULTS, upsamplers: ['convT3', 'nearest', 'bilinear'], seed }, images);
      for (let i = 0; i < CHECKERBOARD_TEST_STEPS; i++) s.train();
      const [convT, nearest, bilinear] = s.contestants.map((c) => c.history[c.history.length - 1]);
      expect(convT.step).toBe(CHECKERBOARD_TEST_STEPS);
      // All three learned something (the evaluation MSE fell from its starting value)…
      for (const c of s.contestants) expect(c.history[c.history.length - 1].loss).toBeLessThan(c.history[0].loss);
      // …but the transposed conv still paints a stride-periodic pattern the resize-convs do not.
      expect(convT.score, `seed ${seed}`).toBeGreaterThan(2 * nearest.score);
      expect(convT.score, `seed ${seed}`).toBeGreaterThan(2 * bilinear.score);
      expect(convT.score, `seed ${seed}`).toBeGreaterThan(2 * s.targetScore);
    }
  });
});

describe('“batch normalization allows a higher learning rate” — and steadies a deep layer’s input', () => {
  it(`at lr ${HIGH_LR} (SGD, momentum 0.9) the BN network's loss falls below ${TARGET_LOSS} and the plain one's does not, on 3 seeds`, () => {
    for (const seed of [1, 2, 3]) {
      const race = new BnRace({ ...BN_RACE_DEFAULTS, lr: HIGH_LR, seed });
      // Test accuracy (eval mode, running statistics) dips for a few steps now and then at this rate, and where
      // a dip falls moves with float32 rounding (FMA or not, summation order): judge the last 10 steps, not one.
      const accuracy: number[] = [];
      for (let i = 0; i < 120; i++) {
        race.train();
        if (i >= 110) accuracy.push(race.evaluate(race.bn).accuracy);
      }
      const bn = tailMean(race.bn.losses, 20);
      const plain = tailMean(race.plain.losses, 20);
      expect(bn, `seed ${seed}`).toBeLessThan(TARGET_LOSS);
      // The plain network either diverges (NaN) or stalls near chance, ln 4.
      expect(Number.isNaN(plain) || plain > TARGET_LOSS, `seed ${seed}: plain ${plain}`).toBe(true);
      expect(tailMean(accuracy, 10), `seed ${seed}`).toBeGreaterThan(0.85);
    }
  }, 240_000); // CPU-bound: with the other training files running beside it on two cores, 60 s was too tight

  it(`at lr ${MODERATE_LR} both train, and the input of a deep layer drifts without BN but stays put with it`, () => {
    for (const seed of [1, 2]) {
      const race = new BnRace({ ...BN_RACE_DEFAULTS, lr: MODERATE_LR, seed });
      for (let i = 0; i < 121; i++) race.train();
      for (const r of race.racers) expect(tailMean(r.losses, 20), `seed ${seed}`).toBeLessThan(CHANCE_LOSS * 0.6);
      // Block depth − 1's ReLU output is the input of the last hidden conv.
      const deep = BN_RACE_DEFAULTS.depth - 1;
      const spread = (r: typeof race.plain) => {
        const first = r.activations[0].blocks[deep].std;
        const last = r.activations[r.activations.length - 1].blocks[deep].std;
        return Math.abs(Math.log(last / first));
      };
      expect(spread(race.plain), `seed ${seed}`).toBeGreaterThan(Math.log(2));
      expect(spread(race.bn), `seed ${seed}`).toBeLessThan(Math.log(1.3));
    }
  }, 240_000); // CPU-bound: with the other training files running beside it on two cores, 60 s was too tight
});
