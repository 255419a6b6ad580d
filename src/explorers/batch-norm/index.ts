// Temporary module so the shell builds; replaced by the real explorer.
import type { ExplorerModule } from '../types.ts';

const explorer: ExplorerModule<{}> = {
  id: 'batch-norm',
  title: 'batch-norm',
  schema: {},
  mount(root) {
    root.textContent = 'Coming in this release.';
    return () => root.replaceChildren();
  },
};
export default explorer;
