// Temporary module so the shell builds; replaced by the real explorer.
import type { ExplorerModule } from '../types.ts';

const explorer: ExplorerModule<{}> = {
  id: 'conv-transpose',
  title: 'conv-transpose',
  schema: {},
  mount(root) {
    root.textContent = 'Coming in this release.';
    return () => root.replaceChildren();
  },
};
export default explorer;
