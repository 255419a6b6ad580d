import { buildHash } from '../../state/route.ts';
import { h } from './ui.ts';
import type { PanelId } from './view-model.ts';

/** What is commonly claimed about batch norm, each with the panel where it can be checked (or the honest reason it cannot). */
const TRAINING = buildHash('training');
const CLAIMS: { claim: string; verdict: string; panel: PanelId | null; page?: string }[] = [
  { claim: '“normalizes the data in each batch to have zero mean and unit covariance”', verdict: 'zero mean and unit variance per channel — yes; unit covariance — no, correlations survive', panel: 'scatter' },
  { claim: '“output of batchnorm = gamma * normalized_input + beta”', verdict: 'exactly: move γ and β and watch the output histograms', panel: 'histograms' },
  { claim: '“gamma and beta allow the network to choose how much normalization it wants”', verdict: 'γ = √(σ²+eps), β = μ gives the input back; a slider walks from none to full', panel: 'identity' },
  { claim: '“consistency between layers by reducing internal covariate shift”', verdict: 'the steadiness is visible here; a deep layer’s drift during training is on the training page; that it is why BN helps is disputed', panel: 'histograms', page: TRAINING },
  { claim: 'training vs inference', verdict: 'batch statistics vs running statistics, and how they drift apart', panel: 'running-stats' },
  { claim: '“allows a higher learning rate to be used”', verdict: 'needs training a network: the same CNN with and without BatchNorm2d races at a learning rate you choose on the training page', panel: null, page: TRAINING },
];

export function createIntro(goTo: (panel: PanelId) => void): HTMLElement {
  const list = h('ul', { class: 'claims' }, ...CLAIMS.map((c) => {
    const link = c.panel
      ? (() => {
        const b = h('button', { type: 'button', class: 'link' }, 'check it');
        b.addEventListener('click', () => goTo(c.panel!));
        return b;
      })()
      : null;
    const page = c.page ? h('a', { href: c.page }, 'training page') : null;
    return h('li', {}, h('span', { class: 'claim' }, c.claim), ' — ', h('span', { class: 'verdict' }, c.verdict),
      link ? ' ' : '', link ?? '', page ? ' · ' : '', page ?? '');
  }));
  return h('header', { class: 'bn-intro' },
    h('h1', {}, 'Batch normalization'),
    h('p', { class: 'lede' }, 'What ', h('code', {}, 'torch.nn.BatchNorm2d'), ' does to real feature maps — six photographs through a fixed 3×3 conv ',
      '(brightness, red − blue, vertical and diagonal edges) — with every number computed by Layer Lab’s own kernel. ',
      'Each channel is normalised on its own: x̂ = (x − μ)/√(σ² + eps), then y = γ·x̂ + β.'),
    h('details', { class: 'claims-box' }, h('summary', {}, 'What is commonly claimed about batch norm, and where to check each claim'), list));
}
