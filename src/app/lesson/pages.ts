/**
 * The pages a lesson step may open, with what the lesson validator checks a step against: the page's URL schema
 * (the same table its links are read with) and its panel ids.
 */
import { convTransposeSchema } from '../../explorers/conv-transpose/schema.ts';
import { PANEL_IDS as CT_PANELS } from '../../explorers/conv-transpose/panels/panel.ts';
import { bnSchema } from '../../explorers/batch-norm/schema.ts';
import { PANEL_IDS as BN_PANELS } from '../../explorers/batch-norm/view-model.ts';
import { trainingSchema } from '../../explorers/training/schema.ts';
import { normSchema } from '../../explorers/normalization/schema.ts';
import { PANEL_IDS as NORM_PANELS } from '../../explorers/normalization/view.ts';
import type { LessonPage } from '../../state/lesson.ts';

/** The training page builds its sections in panels/*.ts (panelSection ids); listed here as it has no list of its own. */
export const TRAINING_PANELS = [
  'checkerboard-training', 'artifact-score', 'critic-gradient', 'bn-race', 'activations', 'lr-sweep', 'batch-size', 'lipschitz',
] as const;

export const LESSON_PAGES: Record<'conv-transpose' | 'batch-norm' | 'normalization' | 'training', LessonPage> = {
  'conv-transpose': { schema: convTransposeSchema, panels: CT_PANELS },
  'batch-norm': { schema: bnSchema, panels: BN_PANELS },
  normalization: { schema: normSchema, panels: NORM_PANELS },
  training: { schema: trainingSchema, panels: TRAINING_PANELS },
};
