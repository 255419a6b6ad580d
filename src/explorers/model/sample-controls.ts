/**
 * The model page's "Sample input" row: a photograph, the user's image, or seeded noise, and the sentence saying what
 * the model ran on. `feeds(model)` turns the choice into the model's feeds (sample-input.ts), or says why the model
 * is checked node by node on seeded inputs instead.
 */
import type { Tensor } from '../../kernels/index.ts';
import type { ModelProto } from '../../onnx/index.ts';
import { imagePixels, imageTensor, noiseTensor, PHOTOS, samplePlan } from './sample-input.ts';

type Choice = { photo: string } | { file: Blob; name: string } | { noise: true };

export interface SampleControls {
  el: HTMLElement;
  /** The chosen sample as the model's feeds, with the words for it ("cat.png resized to 24×24"), or why not. */
  feeds(model: ModelProto): Promise<{ feeds: Record<string, Tensor>; text: string } | { reason: string }>;
  /** Use the user's image (chosen here or dropped on the page). */
  useImage(f: Blob, name: string): void;
  note(text: string): void;
  /** The photograph choice means nothing for a model that is not run whole. */
  setDisabled(disabled: boolean): void;
}

export function createSampleControls(onChange: () => void): SampleControls {
  let choice: Choice = { photo: 'cat' };
  const select = document.createElement('select');
  select.id = 'mp-sample';
  select.dataset.testid = 'sample-photo';
  select.append(...PHOTOS.map((p) => new Option(`${p}.png`, p)), new Option('seeded random input', 'noise'));
  const file = document.createElement('input');
  Object.assign(file, { type: 'file', accept: 'image/*', id: 'mp-sample-file' });
  file.dataset.testid = 'sample-file';
  const note = document.createElement('span');
  note.className = 'mp-muted';
  note.dataset.testid = 'sample-note';
  const label = (forId: string, text: string) => Object.assign(document.createElement('label'), { htmlFor: forId, textContent: text });
  const el = document.createElement('div');
  el.className = 'mp-sample';
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', 'Sample input');
  el.append(label('mp-sample', 'Sample input'), select, label('mp-sample-file', 'or your image'), file, note);

  select.addEventListener('change', () => {
    choice = select.value === 'noise' ? { noise: true } : { photo: select.value };
    onChange();
  });
  const useImage = (f: Blob, name: string) => {
    choice = { file: f, name };
    onChange();
  };
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    file.value = '';
    if (f) useImage(f, f.name);
  });

  return {
    el,
    useImage,
    note(text) {
      note.textContent = text;
    },
    setDisabled(disabled) {
      select.disabled = disabled;
    },
    async feeds(model) {
      const plan = samplePlan(model);
      if ('reason' in plan) return plan;
      if (plan.kind === 'noise' || 'noise' in choice) {
        return { feeds: { [plan.name]: noiseTensor(plan.shape, 1) }, text: `a seeded N(0, 1) input ${JSON.stringify(plan.shape)}` };
      }
      const [n, c, h, w] = plan.shape;
      const source = 'photo' in choice ? new URL(`images/${choice.photo}.png`, document.baseURI).href : choice.file;
      const name = 'photo' in choice ? `${choice.photo}.png` : choice.name;
      const pixels = await imagePixels(source, w, h);
      return { feeds: { [plan.name]: imageTensor(pixels, w, h, n, c as 1 | 3) }, text: `${name} resized to ${w}×${h}` };
    },
  };
}
