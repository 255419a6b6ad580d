/** Messages between the page and the ONNX Runtime check worker (onnx-check.worker.ts). */
import type { SingleNodeModel } from '../builder.ts';
import type { CrossCheckRequest, CrossCheckResult, OursRun } from '../cross-check.ts';

/** Check a layer request (the worker builds the model), or run a model the page built (a node as written in a file). */
export type CheckRequestMessage =
  | { id: number; req: CrossCheckRequest; ours?: OursRun }
  | { id: number; model: SingleNodeModel; ours: OursRun };

export interface CheckReplyMessage {
  id: number;
  result: CrossCheckResult;
  /** ONNX Runtime finished loading in the worker (the badge stops saying "loading ONNX Runtime…"). */
  ortLoaded: boolean;
}
