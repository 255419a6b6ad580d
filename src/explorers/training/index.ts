/**
 * "Training in the browser": two live training demos and the Lipschitz constant, all computed by Layer Lab's own
 * kernels and their backward passes in Web Workers. Data flows one way: a control writes the store → the URL and
 * this page react → requests go to the worker → snapshots come back with a generation number (stale ones are
 * dropped) → panels render. Running/paused and the step count are page-local, not URL state.
 */
import '../../views/views.css';
import './training.css';
import type { ExplorerContext, ExplorerModule } from '../types.ts';
import type { Store } from '../../state/store.ts';
import { logSpaced } from '../../training/bn-race.ts';
import { TARGET_LOSS } from '../../training/presets.ts';
import { createControls } from './controls.ts';
import { el } from './dom.ts';
import { createBnPanels, emptyRace, applyRaceSnapshot } from './panels/bn.ts';
import { recentLoss } from './view-model.ts';
import { applyBoardSnapshot, createBoardPanels, emptyBoard, latestScores } from './panels/checkerboard.ts';
import { createCriticPanel } from './panels/critic.ts';
import { createLipschitzPanel } from './panels/lipschitz.ts';
import { createSweepPanel, type SweepView } from './panels/sweep.ts';
import { createBatchSizeDemo } from './panels/batch-size.ts';
import type { CriticSetup, LipschitzResult, TrainRequest, TrainResponse } from './protocol.ts';
import { DemoRunner } from './runner.ts';
import { BN_KEYS, CHECKERBOARD_KEYS, LIPSCHITZ_KEYS, trainingSchema, type TrainingSchema, type TrainingState } from './schema.ts';
import { createTransport } from './transport.ts';

const SWEEP_LRS = logSpaced(0.001, 3, 9);
const SWEEP_STEPS = 150;

function startWorker(): Worker {
  return new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
}

function intro(): HTMLElement {
  const header = el('header', { class: 'tr-intro' });
  header.append(el('h1', {}, 'Training in the browser'));
  const lede = el('p', { class: 'lede' });
  lede.innerHTML = `Two claims of the source notes are about <i>training</i>, not one forward pass: transposed
convolutions <b>lead to checkerboard artifacts</b> in what a network learns, and batch normalization <b>allows a
higher learning rate</b> by keeping each layer’s input distribution steady. Watch both happen, live: every forward and
backward pass below runs on Layer Lab’s own kernels (hand-written backward passes checked against PyTorch autograd), in
a Web Worker, seeded and reproducible.`;
  header.append(lede);
  return header;
}

function mount(root: HTMLElement, store: Store<TrainingState>, ctx: ExplorerContext): () => void {
  const worker = startWorker();
  let sweepWorker: Worker | null = null;
  const state = () => store.get();
  const send = (req: TrainRequest) => worker.postMessage(req);

  const critic = (): CriticSetup => ({ kernel: Number(state().ck), stride: Number(state().cs), view: state().view });
  const imageUrl = (name: string) => new URL(`images/${name}.png`, document.baseURI).href;

  let board = emptyBoard();
  let raceView = emptyRace(state().lr2, state().depth);
  let lipschitz: LipschitzResult | null = null;
  let lipschitzError: string | null = null;
  let lipschitzGen = 0;
  let sweepGen = 0;
  const sweep: SweepView = { points: [], total: SWEEP_LRS.length, running: false, error: null, lrs: SWEEP_LRS, steps: SWEEP_STEPS, target: TARGET_LOSS };

  const boardTransport = createTransport('board', () => boardRunner);
  const raceTransport = createTransport('bn', () => raceRunner);
  const boardPanels = createBoardPanels(boardTransport);
  const criticPanel = createCriticPanel();
  const bnPanels = createBnPanels(raceTransport);
  const sweepPanel = createSweepPanel(() => runSweep());
  const lipschitzPanel = createLipschitzPanel();
  const batchSize = createBatchSizeDemo({ send, state, changed: () => publish() });

  const boardRunner: DemoRunner = new DemoRunner({
    send,
    resetRequest: (gen) => {
      const s = state();
      board = emptyBoard();
      return { kind: 'checkerboard-reset', gen, setup: { imageUrl: imageUrl(s.image), imageName: s.image, crop: Number(s.crop), channels: s.ch, lr: s.lr1, seed: s.seed }, critic: critic() };
    },
    trainRequest: (gen, steps) => ({ kind: 'checkerboard-train', gen, steps, lr: state().lr1, critic: critic() }),
    speed: () => state().speed,
    stopAt: () => state().stop,
    changed: () => syncTransports(),
  });
  const raceRunner: DemoRunner = new DemoRunner({
    send,
    resetRequest: (gen) => {
      raceView = emptyRace(state().lr2, state().depth);
      return { kind: 'bn-reset', gen, setup: { depth: state().depth, lr: state().lr2, seed: state().seed } };
    },
    trainRequest: (gen, steps) => ({ kind: 'bn-train', gen, steps, lr: state().lr2 }),
    speed: () => state().speed,
    stopAt: () => state().stop,
    changed: () => syncTransports(),
  });

  function syncTransports(): void {
    boardTransport.sync(boardRunner, boardRunner.error ?? (board.ms ? `${Math.round(board.ms)} ms per update` : ''));
    raceTransport.sync(raceRunner, raceRunner.error ?? (raceView.ms ? `${Math.round(raceView.ms)} ms per update` : ''));
    publish();
  }

  function requestLipschitz(): void {
    const s = state();
    send({ kind: 'lipschitz', gen: ++lipschitzGen, setup: {
      op: s.lop, kernel: s.lk, stride: s.ls, dilation: s.ld, padding: s.lp, outputPadding: s.lo, channels: s.lc, size: s.ln, spectralNorm: s.lsn, seed: s.seed,
    } });
  }

  function runSweep(): void {
    sweepWorker?.terminate();
    sweepWorker = startWorker();
    const gen = ++sweepGen;
    Object.assign(sweep, { points: [], running: true, error: null });
    sweepWorker.onmessage = (e: MessageEvent<TrainResponse>) => {
      const m = e.data;
      if (m.gen !== sweepGen) return;
      if (m.kind === 'sweep-point') {
        sweep.points.push(m.point);
        sweep.running = m.index + 1 < m.total;
      } else if (m.kind === 'error') {
        sweep.running = false;
        sweep.error = m.message;
      }
      sweepPanel.render(sweep, state().lr2);
      publish();
    };
    sweepWorker.postMessage({ kind: 'sweep', gen, setup: { depth: state().depth, lr: state().lr2, seed: state().seed }, lrs: SWEEP_LRS, steps: SWEEP_STEPS, target: TARGET_LOSS } satisfies TrainRequest);
    sweepPanel.render(sweep, state().lr2);
    publish();
  }

  worker.onmessage = (e: MessageEvent<TrainResponse>) => {
    const m = e.data;
    if (batchSize.receive(m)) return;
    switch (m.kind) {
      case 'checkerboard':
        if (m.gen !== boardRunner.gen) return;
        applyBoardSnapshot(board, m.snapshot);
        boardPanels.render(board);
        criticPanel.render(board);
        boardRunner.received(m.gen, m.snapshot.step);
        return;
      case 'bn':
        if (m.gen !== raceRunner.gen) return;
        applyRaceSnapshot(raceView, m.snapshot);
        bnPanels.renderRace(raceView);
        bnPanels.renderDrift(raceView);
        raceRunner.received(m.gen, m.snapshot.step);
        return;
      case 'lipschitz':
        if (m.gen !== lipschitzGen) return;
        lipschitz = m.result;
        lipschitzError = null;
        lipschitzPanel.render(lipschitz, null);
        publish();
        return;
      case 'error':
        if (m.about === 'checkerboard') boardRunner.failed(m.gen, m.message);
        else if (m.about === 'bn') raceRunner.failed(m.gen, m.message);
        else if (m.about === 'lipschitz' && m.gen === lipschitzGen) {
          lipschitzError = m.message;
          lipschitzPanel.render(lipschitz, m.message);
          publish();
        }
        return;
      default:
        return;
    }
  };
  worker.onerror = (e) => ctx.notify(`The training worker failed: ${e.message}`);

  function publish(): void {
    ctx.publish({
      boardStep: board.step,
      boardStatus: boardRunner.status,
      boardScores: latestScores(board),
      boardTargetScore: board.targetScore,
      criticScore: board.critic?.score ?? null,
      criticStride1Score: board.critic?.stride1Score ?? null,
      bnStep: raceView.step,
      bnStatus: raceRunner.status,
      bnLoss: { plain: recentLoss(raceView.plain), bn: recentLoss(raceView.bn) },
      bnDiverged: { plain: raceView.plain.diverged, bn: raceView.bn.diverged },
      sweepPoints: sweep.points,
      sweepRunning: sweep.running,
      lipschitz: lipschitz && { sigma: lipschitz.sigma, dense: 'sigma' in lipschitz.dense ? lipschitz.dense.sigma : null, reshaped: lipschitz.reshapedSigma, normalised: lipschitz.normalisedSigma, iterations: lipschitz.iterations },
      lipschitzError,
      ...batchSize.published(),
    });
  }

  const controls = createControls(store);
  const page = el('div', { class: 'tr-explorer', 'data-testid': 'training' });
  const column = el('div', { class: 'tr-panels' });
  const sections = [...boardPanels.sections, criticPanel.section, ...bnPanels.sections, sweepPanel.section, batchSize.section, lipschitzPanel.section];
  const embed = ctx.presentation.embed;
  const wanted = ctx.presentation.panels;
  for (const s of sections) {
    if (embed && wanted.length && !wanted.includes(s.dataset.panel ?? '')) continue;
    column.append(s);
  }
  if (!embed) page.append(intro());
  const body = el('div', { class: 'tr-body' });
  body.append(controls.element, column);
  page.append(body);
  root.replaceChildren(page);

  controls.sync(state());
  sweepPanel.render(sweep, state().lr2);
  boardRunner.reset();
  raceRunner.reset();
  batchSize.runner.reset();
  requestLipschitz();

  const changed = (keys: readonly (keyof TrainingState)[], a: TrainingState, b: TrainingState) => keys.some((k) => a[k] !== b[k]);
  const unsubscribe = store.subscribe((next, prev) => {
    controls.sync(next);
    if (changed([...CHECKERBOARD_KEYS, 'lr1'], next, prev)) boardRunner.reset();
    else if (changed(['ck', 'cs', 'view'], next, prev) && !boardRunner.running && boardRunner.status !== 'starting') {
      send({ kind: 'checkerboard-train', gen: boardRunner.gen, steps: 0, lr: next.lr1, critic: critic() });
    }
    if (changed([...BN_KEYS, 'lr2'], next, prev)) raceRunner.reset();
    if (changed(LIPSCHITZ_KEYS, next, prev)) requestLipschitz();
    batchSize.settingsChanged(next, prev);
    if (changed(['lr2'], next, prev)) sweepPanel.render(sweep, next.lr2);
    syncTransports();
  });

  ctx.registerPresenter?.({
    step(delta) {
      if (delta < 0) return 'training cannot step backwards; press r to reset';
      boardRunner.stepOnce();
      raceRunner.stepOnce();
      return 'one training step for both demos';
    },
    togglePlay() {
      const running = boardRunner.running || raceRunner.running;
      for (const r of [boardRunner, raceRunner]) (running ? r.pause() : r.run());
      return running ? 'paused' : 'running';
    },
    reset() {
      boardRunner.reset();
      raceRunner.reset();
    },
    help: [
      { keys: '→', does: 'one training step of both demos' },
      { keys: 'space', does: 'run or pause both demos' },
      { keys: 'r', does: 'reset both demos to step 0' },
    ],
  });

  return () => {
    unsubscribe();
    worker.terminate();
    sweepWorker?.terminate();
  };
}

const explorer: ExplorerModule<TrainingSchema> = {
  id: 'training',
  title: 'Training in the browser',
  schema: trainingSchema,
  mount,
};
export default explorer;
