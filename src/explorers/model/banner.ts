/**
 * The strip an explorer shows above its panels while it runs a layer opened from an .onnx file: which node of which
 * file, how it became this explorer's layer, and the way back to the model. Plain DOM, rendered from data only.
 */
import { buildHash } from '../../state/route.ts';
import { setProp } from '../../util/dom.ts';
import './banner.css';

export interface BannerContent {
  /** "ConvTranspose “up” from dcgan-block.onnx" */
  title: string;
  /** Sentences: how the node became this layer (transpose of a Conv, a channel slice, filler channels …). */
  notes: string[];
}

export function createImportedBanner(): { el: HTMLElement; show(content: BannerContent | null): void } {
  const el = document.createElement('section');
  el.className = 'onnx-banner';
  el.dataset.testid = 'onnx-layer';
  el.setAttribute('aria-label', 'Layer from your ONNX model');
  el.hidden = true;
  let key = '';
  return {
    el,
    show(content) {
      setProp(el, 'hidden', content === null);
      const next = content ? JSON.stringify(content) : '';
      if (!content || next === key) return;
      key = next;
      const head = document.createElement('p');
      head.className = 'onnx-banner-title';
      const strong = document.createElement('strong');
      strong.textContent = 'From your ONNX model: ';
      const back = document.createElement('a');
      back.href = buildHash('model');
      back.textContent = 'back to the model';
      head.append(strong, content.title, ' · ', back);
      const list = document.createElement('ul');
      for (const n of content.notes) {
        const li = document.createElement('li');
        li.textContent = n;
        list.append(li);
      }
      el.replaceChildren(head, ...(content.notes.length ? [list] : []));
    },
  };
}
