/** The lesson page's URL state: which step is shown (the lesson's id is in the link's path). */
import { MAX_STEPS } from '../../state/lesson.ts';
import type { Schema, ValueOf } from '../../state/schema.ts';

export const lessonSchema = {
  step: { kind: 'int', default: 1, min: 1, max: MAX_STEPS, label: 'lesson step' },
} as const satisfies Schema;
export type LessonState = ValueOf<typeof lessonSchema>;
