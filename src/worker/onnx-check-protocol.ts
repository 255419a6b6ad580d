/** Messages between the page and the ONNX Runtime check worker (onnx-check.worker.ts). */
import type { CrossCheckRequest, CrossCheckResult, OursRun } from '../onnx/cross-check.ts';

export interface CheckRequestMessage {
  id: number;
  req: CrossCheckRequest;
  ours?: OursRun;
}

export interface CheckReplyMessage {
  id: number;
  result: CrossCheckResult;
  /** ONNX Runtime finished loading in the worker (the badge stops saying "loading ONNX Runtime…"). */
  ortLoaded: boolean;
}
