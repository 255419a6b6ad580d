/**
 * Layer Lab ⇄ ONNX: the public API of src/onnx. Everything ONNX Runtime-related is lazy: importing this module
 * loads no ORT code; the first crossCheck() does (dynamic import + our own copy of its .wasm).
 *
 * ── Parity badge in an explorer ────────────────────────────────────────────────────────────────────────────
 *   import { createLatestCrossChecker, isOrtLoaded } from '../onnx/index.ts';
 *   import { renderParityBadge } from '../views/parity-badge.ts';
 *   import { badgeStateFromResult } from '../explorers/parity-badge-state.ts';
 *   const check = createLatestCrossChecker();            // one per panel: newer requests replace waiting ones
 *   renderParityBadge(el, { status: 'loading', ortLoaded: isOrtLoaded() });
 *   const result = await check(
 *     { op: 'ConvTranspose', input, weight, bias, options },   // same arguments as convTranspose2d()
 *     { outputs: [ourOutput], ms: ourMs });                     // optional: the kernel result you already have
 *   if (result && generation === currentGeneration) renderParityBadge(el, badgeStateFromResult(result));
 * Requests: ConvTranspose | Conv {input, weight, bias, options} · BatchNormalization {input, options}
 * (outputs: [output] in eval; [output, runningMean, runningVar] in training with running stats) ·
 * Resize {input, options: UpsampleOptions} · DepthToSpace {input, upscaleFactor}.
 * Results: {kind:'compared', ok, maxAbsDiff, oursMs, ortMs, outputs, note?} | {kind:'unavailable', reason}
 * | {kind:'error', message}. crossCheck never throws.
 *
 * ── Bring your own .onnx ───────────────────────────────────────────────────────────────────────────────────
 *   const opened = await openOnnxFile(file);             // rejects with "Could not open "x.onnx": <why>"
 *   opened.summary.layers  → [{index, label, opType, attributes, inputs, inputShape, outputShape, inputDims, outputDims,
 *                              spatialRank, training, seededParams, problem}]   (every text capped: text.ts)
 *   noLayersMessage(opened.summary)                      // a sentence when there is nothing to explore
 *   const layer = extractLayer(opened.model, index, inputShape?, {seedGraphInputs?})   // throws "<label> cannot be opened: <why>"
 *   layer: {op:'ConvTranspose'|'Conv', weight, bias, options, inputShape, fileRank, seeded, ortLimitation, onnxAttributes}
 *   (a 1-D node comes back as the 2-D layer with H = 1; fileRank 3 says so)
 *        | {op:'BatchNormalization', options: BatchNormOptions (weight, bias, runningMean, runningVar, eps, momentum)}
 *   const result = await crossCheckLayer(opened.model, layer, input, ours?)   // ORT runs the node as written
 *   const acts = await layerInputs(model, bytes, {input: x}, indices)   // what really reaches each node (one ORT run)
 *
 * ── Models and mapping ─────────────────────────────────────────────────────────────────────────────────────
 *   build*Model(...) → {bytes, feeds, outputNames}: single-node .onnx for the same arguments as our kernels.
 *   mapping.ts: PyTorch ⇄ ONNX attributes, incl. auto_pad and ConvTranspose output_shape per the ONNX spec.
 */
export {
  crossCheck, createLatestCrossChecker, crossCheckModel, compareOutputs, runKernel, ATOL, RTOL,
  type CrossCheckRequest, type CrossCheckResult, type OursRun,
} from './cross-check.ts';
export { isOrtLoaded, loadOrt } from './ort-loader.ts';
export { layerInputs, withGraphOutputs } from './activations.ts';
export { runSingleNodeModel, runModelOnce, releaseOrtSessions, type OrtRun } from './ort-runner.ts';
export {
  buildConvTransposeModel, buildConvModel, buildBatchNormModel, buildResizeModel, buildDepthToSpaceModel,
  OPSET, type SingleNodeModel, type ParameterStorage,
} from './builder.ts';
export {
  convInfoToOnnx, batchNormToOnnx, upsampleToOnnx, pixelShuffleToOnnx, onnxToConvTransposeOptions, onnxToConvOptions,
  onnxToBatchNorm, onnxToUpsample, onnxToPixelShuffle, ortLimitation, ortNodeLimitation, upsampleOrtLimitation,
  type AutoPad, type OnnxConvAttributes, type OnnxBatchNormAttributes, type OnnxResizeAttributes,
} from './mapping.ts';
export { openOnnxFile, crossCheckLayer, requestForLayer, noLayersMessage, type OpenedModel } from './open-model.ts';
export {
  readOnnxModel, extractLayer, summarizeModel, parseOnnx, MAX_ONNX_BYTES,
  type ExtractedLayer, type ExtractOptions, type OnnxLayerSummary, type OnnxModelSummary, type LayerOp,
} from './reader.ts';
export { capText, listText, MAX_TEXT } from './text.ts';
export { encodeModel } from './encode.ts';
export { decodeModel } from './decode.ts';
export { OnnxFormatError } from './wire.ts';
export type { ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, Dim } from './proto.ts';
