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
import { createBnPanels, emptyRace, applyRaceSnapshot, type RaceView } from './panels/bn.ts';
import { recentLoss } from './view-model.ts';
import { applyBoardSnapshot, createBoardPanels, emptyBoard, latestScores, type BoardView } from './panels/checkerboard.ts';
import { createCriticPanel } from './panels/critic.ts';
import { createLipschitzPanel } from './panels/lipschitz.ts';
import { createSweepPanel, type SweepView } from './panels/sweep.ts';
import { createBatchSizeDemo } from './panels/batch-size.ts';
import type { CriticSetup, LipschitzResult, TrainRequest, TrainResponse } from './protocol.ts';
import { DemoRunner } from './runner.ts';
import { BN_KEYS, CHECKERBOARD_KEYS, LIPSCHITZ_KEYS, trainingSchema, type TrainingSchema, type TrainingState } from './schema.ts';
import { createTransport } from './transport.ts';
import { createStatusPublisher } from '../runtime/status.ts';
import { trainingPresenter } from './presenter-keys.ts';
import type { Panel } from '../runtime/panel.ts';
import { trainingExports } from './export-client.ts';

const SWEEP_LRS = logSpaced(0.001, 3, 9);
const SWEEP_STEPS = 150;

function startWorker(): Worker {
  return new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
}

/** What the page's panels draw from: the demos' latest snapshots, the sweep and the Lipschitz constant. */
interface TrainingView {
  board: BoardView;
  race: RaceView;
  sweep: SweepView;
  lr2: number;
  lipschitz: LipschitzResult | null;
  lipschitzError: string | null;
}

function intro(): HTMLElement {
  const header = el('header', { class: 'tr-intro' });
  header.append(el('h1', {}, 'Training in the browser'));
  const lede = el('p', { class: 'lede' });
  lede.innerHTML = `Two claims often made about these layers are about <i>training</i>, not one forward pass: transposed
convolutions <b>lead to checkerboard artifacts</b> in what a network learns, and batch normalization <b>allows a
higher learning rate</b> by keeping each layer’s input distribution steady. Test both, live (what a panel says about
a run is computed from the run on screen): every forward and
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
  const exports = trainingExports(send);
  ctx.registerSnapshot?.(exports.sources);

  const critic = (): CriticSetup => ({ kernel: Number(state().ck), stride: Number(state().cs), view: state().view });
  const imageUrl = (name: string) => new URL(`images/${name}.png`, document.baseURI).href;

  let board = emptyBoard();
  let raceView = emptyRace(state().lr2, state().depth);
  let lipschitz: LipschitzResult | null = null;
  let lipschitzError: string | null = null;
  let lipschitzGen = 0;
  /** A Lipschitz request is out (its answer or error has not come back). */
  let lipschitzPending = false;
  const contract = createStatusPublisher(ctx);
  let sweepGen = 0;
  const sweep: SweepView = { points: [], total: SWEEP_LRS.length, running: false, error: null, lrs: SWEEP_LRS, steps: SWEEP_STEPS, target: TARGET_LOSS };

  const boardTransport = createTransport('board', () => boardRunner);
  const raceTransport = createTransport('bn', () => raceRunner);
  /** Every panel draws from this one view (runtime/panel.ts); each worker message redraws the panels it changed. */
  const view = (): TrainingView => ({ board, race: raceView, sweep, lr2: state().lr2, lipschitz, lipschitzError });
  const panels: Panel<TrainingView>[] = [
    ...createBoardPanels(boardTransport), createCriticPanel(), ...createBnPanels(raceTransport), createSweepPanel(() => runSweep()), createLipschitzPanel(),
  ];
  const draw = (...ids: string[]) => {
    const v = view();
    for (const p of panels) if (ids.includes(p.id)) p.render(v, 'data');
  };
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
    lipschitzPending = true;
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
      contract.advance();
      if (m.kind === 'sweep-point') {
        sweep.points.push(m.point);
        sweep.running = m.index + 1 < m.total;
      } else if (m.kind === 'error') {
        sweep.running = false;
        sweep.error = m.message;
      }
      draw('lr-sweep');
      publish();
    };
    sweepWorker.postMessage({ kind: 'sweep', gen, setup: { depth: state().depth, lr: state().lr2, seed: state().seed }, lrs: SWEEP_LRS, steps: SWEEP_STEPS, target: TARGET_LOSS } satisfies TrainRequest);
    draw('lr-sweep');
    publish();
  }

  worker.onmessage = (e: MessageEvent<TrainResponse>) => {
    const m = e.data;
    contract.advance();
    if (batchSize.receive(m)) return;
    switch (m.kind) {
      case 'checkerboard':
        if (m.gen !== boardRunner.gen) return;
        applyBoardSnapshot(board, m.snapshot);
        draw('checkerboard-training', 'artifact-score', 'critic-gradient');
        boardRunner.received(m.gen, m.snapshot.step);
        return;
      case 'bn':
        if (m.gen !== raceRunner.gen) return;
        applyRaceSnapshot(raceView, m.snapshot);
        draw('bn-race', 'activations');
        raceRunner.received(m.gen, m.snapshot.step);
        return;
      case 'export':
        exports.received(m);
        return;
      case 'lipschitz':
        if (m.gen !== lipschitzGen) return;
        lipschitzPending = false;
        lipschitz = m.result;
        lipschitzError = null;
        draw('lipschitz');
        publish();
        return;
      case 'error':
        if (m.about === 'checkerboard') boardRunner.failed(m.gen, m.message);
        else if (m.about === 'bn') raceRunner.failed(m.gen, m.message);
        else if (m.about === 'lipschitz' && m.gen === lipschitzGen) {
          lipschitzPending = false;
          lipschitzError = m.message;
          draw('lipschitz');
          publish();
        }
        return;
      default:
        return;
    }
  };
  worker.onerror = (e) => ctx.notify(`The training worker failed: ${e.message}`);

  /**
   * The runtime's ready contract (runtime/status.ts): 'computing' while a demo prepares or runs, the sweep runs, or
   * the Lipschitz constant is on its way; 'ready' once every demo is paused, idle or finished.
   */
  function publish(): void {
    const busy = [boardRunner, raceRunner].some((r) => r.status === 'starting' || r.status === 'running') || lipschitzPending || sweep.running;
    const failed = boardRunner.status === 'error' || raceRunner.status === 'error' || lipschitzError !== null;
    contract.publish(busy ? 'computing' : failed ? 'error' : 'ready', {
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
  // The batch-size experiment drives its own section (panels/batch-size.ts); it sits before the Lipschitz panel.
  const sections = panels.map((p) => p.el);
  sections.splice(panels.findIndex((p) => p.id === 'lipschitz'), 0, batchSize.section);
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
  draw('lr-sweep');
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
    if (changed(['lr2'], next, prev)) draw('lr-sweep');
    syncTransports();
  });

  ctx.registerPresenter?.(trainingPresenter(store, [boardRunner, raceRunner]));

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
