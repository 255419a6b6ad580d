/** The explorer's introduction: what it shows, and the source note's claims, each linked to the panel that checks it. */
import { el, PANEL_IDS, type PanelId } from './panels/panel.ts';

const CLAIMS: [string, PanelId][] = [
  ['“a deconvolution layer maps from a lower to higher dimension, a sort of upsampling”', 'shape'],
  ['“every point in the small image ‘paints’ a square in the larger one”', 'paint'],
  ['“the transpose of a non-padded convolution is equivalent to convolving a zero-padded input”', 'zero-insertion'],
  ['“zeroes are inserted between inputs … hence also called fractionally strided convolution”', 'zero-insertion'],
  ['torch.nn.ConvTranspose2d is the transpose of a convolution matrix', 'matrix'],
  ['“uneven overlap in the output, conv layers have overlap in the input”', 'overlap'],
  ['“leads to the problem of checkerboard artifacts”', 'checkerboard'],
  ['“resize-convolution instead … to avoid checkerboard artifacts”', 'checkerboard'],
  ['“ambiguous name, no deconvolutions”', 'not-inverse'],
];

export function createIntro(show: (id: PanelId) => void): HTMLElement {
  const header = el('header', { class: 'ct-intro' });
  header.append(el('h1', {}, 'Transposed convolution'));
  const lede = el('p', { class: 'lede' });
  lede.innerHTML = `PyTorch’s <code>ConvTranspose2d</code>, every parameter live, seen three equivalent ways — each input
pixel painting a square, a convolution over a zero-inserted input, the transpose of a convolution matrix — and why
its uneven overlap makes checkerboard artifacts that resize-convolution avoids. Every number is computed by Layer
Lab’s own kernels; hover any grid to link them all.`;
  const claims = el('details', { class: 'ct-claims' });
  claims.append(el('summary', {}, 'What tutorials claim about transposed convolution, and where to check each claim'));
  const list = el('ul');
  for (const [claim, id] of CLAIMS) {
    const li = el('li');
    const b = el('button', { type: 'button', class: 'ct-link' }, `panel ${PANEL_IDS.indexOf(id) + 1}`);
    b.addEventListener('click', () => show(id));
    li.append(claim, ' → ', b);
    list.append(li);
  }
  claims.append(list);
  header.append(lede, claims);
  return header;
}
