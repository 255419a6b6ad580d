import { explorerCards } from '../explorers/registry.ts';
import { buildHash } from '../state/route.ts';

/** The start page: what Layer Lab is, and a card per explorer. Plain DOM: no d3, three.js or ONNX here. */
export function renderHome(root: HTMLElement): void {
  root.replaceChildren();
  const intro = document.createElement('section');
  intro.className = 'home-intro';
  intro.innerHTML = `
    <h1>Layer Lab</h1>
    <p class="lede">Explore two neural-network layers live, with every number computed by hand-written kernels
    that follow PyTorch exactly and are checked against ONNX Runtime Web.</p>`;
  const cards = document.createElement('div');
  cards.className = 'home-cards';
  for (const card of explorerCards) {
    const a = document.createElement('a');
    a.className = 'home-card';
    a.href = buildHash(card.id);
    a.dataset.testid = `open-${card.id}`;
    const h = document.createElement('h2');
    h.textContent = card.title;
    const p = document.createElement('p');
    p.textContent = card.blurb;
    const ul = document.createElement('ul');
    for (const c of card.claims) {
      const li = document.createElement('li');
      li.textContent = c;
      ul.append(li);
    }
    const go = document.createElement('span');
    go.className = 'home-card-go';
    go.textContent = 'Open explorer →';
    a.append(h, p, ul, go);
    cards.append(a);
  }
  root.append(intro, cards);
}
