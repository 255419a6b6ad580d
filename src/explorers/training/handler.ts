/**
 * The training worker's logic, without the Worker plumbing (train-worker.ts) so that Node tests can drive it:
 * it owns the demo sessions, answers each request with a snapshot, and reports errors as messages (an exception
 * here must never leave the page waiting for a reply).
 */
import { ready } from '../../kernels/backend.ts';
import { convTranspose2dInfo, conv2dInfo } from '../../kernels/params.ts';
import type { Tensor } from '../../kernels/tensor.ts';
import { BnRace, sweepPoint } from '../../training/bn-race.ts';
import { CheckerboardSession } from '../../training/checkerboard.ts';
import { criticGradient } from '../../training/critic-gradient.ts';
import { areaDownsample, type GreyImage } from '../../training/data.ts';
import { convWeight } from '../../training/init.ts';
import { denseOperatorNorm, operatorNorm, reshapedWeightSigma, spectrallyNormalised, type ConvLayer } from '../../training/lipschitz.ts';
import { UPSAMPLERS } from '../../training/models.ts';
import { checkerboardExport, raceExport } from './snapshot.ts';
import { decodePng, toGrey } from '../../training/png.ts';
import { BN_RACE_DEFAULTS, CHECKERBOARD_DEFAULTS } from '../../training/presets.ts';
import { Rng } from '../../util/random.ts';
import { MAX_DENSE_SIDE } from '../../training/singular.ts';
import { createBatchSizeSession } from './batch-size-session.ts';
import type {
  BnSetup, BnSnapshot, CheckerboardSetup, CheckerboardSnapshot, CriticSetup, LipschitzResult, LipschitzSetup, TrainRequest, TrainResponse,
} from './protocol.ts';

/** Reads the bytes of a sample photograph (fetch in the browser, the file system in tests). */
export type ImageReader = (url: string) => Promise<Uint8Array>;

interface CheckerboardState {
  gen: number;
  session: CheckerboardSession;
  /** History entries already sent, per contestant. */
  sent: number;
  sentImages: boolean;
}

interface BnState {
  gen: number;
  race: BnRace;
  sentLosses: number;
  sentRecords: number;
}

/** The photo as the demo uses it: greyscale, shrunk 2× by area averaging (so a 32-pixel crop holds a whole object). */
export async function loadGreyImage(read: ImageReader, url: string, name: string): Promise<GreyImage> {
  const png = await decodePng(await read(url));
  return areaDownsample({ name, width: png.width, height: png.height, data: toGrey(png) }, 2);
}

export function lipschitzLayer(s: LipschitzSetup): ConvLayer {
  const shape = [s.channels, s.channels, s.kernel, s.kernel];
  const weight: Tensor = { shape, data: convWeight(new Rng(s.seed * 31 + 5), shape, 'pytorch') };
  const opts = { stride: s.stride, padding: s.padding, dilation: s.dilation, ...(s.op === 'convTranspose2d' ? { outputPadding: s.outputPadding } : {}) };
  return { op: s.op, inputShape: [s.channels, s.size, s.size], weight, opts };
}

export function computeLipschitz(s: LipschitzSetup): LipschitzResult {
  let layer = lipschitzLayer(s);
  const probe: Tensor = { shape: [1, s.channels, s.size, s.size], data: new Float32Array(s.channels * s.size * s.size) };
  const info = s.op === 'convTranspose2d' ? convTranspose2dInfo(probe, layer.weight, null, layer.opts) : conv2dInfo(probe, layer.weight, null, layer.opts);
  let normalisedSigma: number | null = null;
  // A budget of about 10⁹ multiply-adds keeps the worker (shared with the demos) responsive on the largest layers.
  const macsPerIteration = 2 * info.outChannels * info.inPerGroup * info.kH * info.kW * (s.op === 'convTranspose2d' ? info.inH * info.inW : info.outH * info.outW);
  const power = { seed: s.seed, maxIterations: Math.max(50, Math.min(3000, Math.floor(1e9 / macsPerIteration))) };
  let r = operatorNorm(layer, power);
  if (s.spectralNorm) {
    layer = { ...layer, weight: spectrallyNormalised(layer.weight, r.sigma) };
    r = operatorNorm(layer, power);
    normalisedSigma = r.sigma;
  }
  const inSize = s.channels * s.size * s.size;
  const outSize = info.outChannels * info.outH * info.outW;
  const dense = Math.min(inSize, outSize) <= MAX_DENSE_SIDE
    ? { sigma: denseOperatorNorm(layer) }
    : { skipped: `the matrix is ${outSize}×${inSize}; the dense check runs up to ${MAX_DENSE_SIDE} on the smaller side` };
  return {
    sigma: r.sigma, iterations: r.iterations, converged: r.converged, history: r.history, dense,
    reshapedSigma: reshapedWeightSigma(s.op, layer.weight), normalisedSigma,
    weight: { shape: [...layer.weight.shape], data: layer.weight.data }, outShape: [...info.outShape],
  };
}

export function createTrainingHandler(post: (msg: TrainResponse, transfer?: Transferable[]) => void, read: ImageReader) {
  let board: CheckerboardState | null = null;
  let race: BnState | null = null;
  const batchSize = createBatchSizeSession();
  const images = new Map<string, Promise<GreyImage>>();

  function boardSnapshot(b: CheckerboardState, critic: CriticSetup, ms: number): CheckerboardSnapshot {
    const s = b.session;
    const crop = s.config.crop;
    const outs = s.outputs();
    const firstImage = (t: Tensor) => t.data.slice(0, crop * crop);
    const shown = s.contestants.findIndex((c) => c.kind === critic.view);
    const image: Tensor = { shape: [1, 1, crop, crop], data: firstImage(outs[Math.max(0, shown)]) };
    const cg = criticGradient({ kernel: critic.kernel, stride: critic.stride, channels: 8, seed: s.config.seed }, image);
    const snap: CheckerboardSnapshot = {
      step: s.step, crop, factor: s.factor, targetScore: s.targetScore,
      input: b.sentImages ? null : s.evalBatch.input.data.slice(0, (crop / s.factor) ** 2),
      target: b.sentImages ? null : firstImage(s.evalBatch.target),
      contestants: s.contestants.map((c, i) => ({ kind: c.kind, trainLoss: c.trainLoss, history: c.history.slice(b.sent), output: firstImage(outs[i]) })),
      critic: { ...critic, gradient: cg.gradient.data, score: cg.score, stride1Score: cg.stride1Score, period: cg.period },
      ms,
    };
    b.sent = s.contestants[0].history.length;
    b.sentImages = true;
    return snap;
  }

  function raceSnapshot(r: BnState, ms: number): BnSnapshot {
    const from = r.sentLosses;
    const snap: BnSnapshot = {
      step: r.race.step, from, ms,
      racers: r.race.racers.map((x) => ({
        batchNorm: x.batchNorm, losses: x.losses.slice(from), activations: x.activations.slice(r.sentRecords), diverged: x.diverged, test: r.race.evaluate(x),
      })),
    };
    r.sentLosses = r.race.step;
    r.sentRecords = r.race.racers[0].activations.length;
    return snap;
  }

  async function resetBoard(gen: number, setup: CheckerboardSetup): Promise<CheckerboardState> {
    let img = images.get(setup.imageUrl);
    if (!img) {
      img = loadGreyImage(read, setup.imageUrl, setup.imageName);
      images.set(setup.imageUrl, img);
      img.catch(() => images.delete(setup.imageUrl));
    }
    const session = new CheckerboardSession({
      ...CHECKERBOARD_DEFAULTS, upsamplers: UPSAMPLERS, crop: setup.crop, channels: setup.channels, lr: setup.lr, seed: setup.seed,
    }, [await img]);
    return { gen, session, sent: 0, sentImages: false };
  }

  function newRace(gen: number, setup: BnSetup): BnState {
    return { gen, race: new BnRace({ ...BN_RACE_DEFAULTS, depth: setup.depth, lr: setup.lr, seed: setup.seed }), sentLosses: 0, sentRecords: 0 };
  }

  async function handle(req: TrainRequest): Promise<void> {
    const t0 = performance.now();
    switch (req.kind) {
      case 'checkerboard-reset': {
        await ready();
        board = await resetBoard(req.gen, req.setup);
        post({ kind: 'checkerboard', gen: req.gen, snapshot: boardSnapshot(board, req.critic, performance.now() - t0) });
        return;
      }
      case 'checkerboard-train': {
        if (!board || board.gen !== req.gen) return; // a reset is on its way; this request is stale
        board.session.setLearningRate(req.lr);
        for (let i = 0; i < req.steps; i++) board.session.train();
        post({ kind: 'checkerboard', gen: req.gen, snapshot: boardSnapshot(board, req.critic, performance.now() - t0) });
        return;
      }
      case 'bn-reset': {
        await ready();
        race = newRace(req.gen, req.setup);
        post({ kind: 'bn', gen: req.gen, snapshot: raceSnapshot(race, performance.now() - t0) });
        return;
      }
      case 'bn-train': {
        if (!race || race.gen !== req.gen) return;
        race.race.setLearningRate(req.lr);
        for (let i = 0; i < req.steps; i++) race.race.train();
        post({ kind: 'bn', gen: req.gen, snapshot: raceSnapshot(race, performance.now() - t0) });
        return;
      }
      case 'sweep': {
        await ready();
        const config = { ...BN_RACE_DEFAULTS, depth: req.setup.depth, lr: req.lrs[0], seed: req.setup.seed };
        req.lrs.forEach((lr, index) => {
          post({ kind: 'sweep-point', gen: req.gen, point: sweepPoint(config, lr, req.steps, req.target), index, total: req.lrs.length });
        });
        return;
      }
      case 'lipschitz':
        post({ kind: 'lipschitz', gen: req.gen, result: computeLipschitz(req.setup) });
        break;
      case 'export': {
        // Answered even when it fails: the page waits for this reply, not for a demo's next snapshot.
        let reply: TrainResponse;
        try {
          const graph = req.demo === 'checkerboard' ? board && checkerboardExport(board.session) : race && raceExport(race.race);
          reply = { kind: 'export', gen: req.gen, graph, reason: graph ? null : `the ${req.demo === 'checkerboard' ? 'upsampler networks' : 'classifiers'} are still being built` };
        } catch (err) {
          reply = { kind: 'export', gen: req.gen, graph: null, reason: err instanceof Error ? err.message : String(err) };
        }
        post(reply);
        return;
      }
      case 'batch-size-reset':
        await ready();
        post({ kind: 'batch-size', gen: req.gen, snapshot: batchSize.reset(req.gen, req.setup) });
        return;
      case 'batch-size-train': {
        const snapshot = batchSize.train(req.gen, req.steps);
        if (snapshot) post({ kind: 'batch-size', gen: req.gen, snapshot });
        return;
      }
    }
  }

  return async (req: TrainRequest): Promise<void> => {
    try {
      await handle(req);
    } catch (err) {
      const about = req.kind.startsWith('checkerboard') ? 'checkerboard' : req.kind.startsWith('bn') ? 'bn' : req.kind === 'sweep' ? 'sweep'
        : req.kind.startsWith('batch-size') ? 'batch-size' : 'lipschitz';
      post({ kind: 'error', gen: req.gen, about, message: err instanceof Error ? err.message : String(err) });
    }
  };
}

