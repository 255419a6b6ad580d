/** Step / run / pause / reset buttons and a status line for one demo. */
import { el } from './dom.ts';
import type { DemoRunner } from './runner.ts';

export interface Transport {
  element: HTMLElement;
  sync(runner: DemoRunner, extra: string): void;
}

export function createTransport(prefix: string, runner: () => DemoRunner): Transport {
  const bar = el('div', { class: 'tr-transport', role: 'group', 'aria-label': 'Training controls' });
  const button = (label: string, action: string, onClick: () => void) => {
    const b = el('button', { type: 'button', 'data-testid': `${prefix}-${action}` }, label);
    b.addEventListener('click', onClick);
    bar.append(b);
    return b;
  };
  const step = button('Step', 'step', () => runner().stepOnce());
  const run = button('Run', 'run', () => runner().run());
  const pause = button('Pause', 'pause', () => runner().pause());
  button('Reset', 'reset', () => runner().reset());
  const status = el('span', { class: 'tr-status', 'data-testid': `${prefix}-status`, 'aria-live': 'polite' });
  bar.append(status);
  return {
    element: bar,
    sync(r, extra) {
      const running = r.running;
      run.disabled = running || r.status === 'error';
      pause.disabled = !running;
      step.disabled = running || r.status === 'error' || r.status === 'starting';
      const word = r.status === 'starting' ? 'preparing…' : r.status === 'error' ? 'stopped by an error' : r.status;
      status.textContent = `step ${r.step} · ${word}${extra ? ' · ' + extra : ''}`;
    },
  };
}
