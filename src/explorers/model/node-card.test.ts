import { describe, expect, it } from 'vitest';
import type { OnnxLayerSummary } from '../../onnx/index.ts';
import { openInput, readingNotes } from './node-card.ts';

const summary = (over: Partial<OnnxLayerSummary>): OnnxLayerSummary => ({
  index: 0, label: 'n', opType: 'Conv', attributes: {}, inputs: [], inputShape: null, outputShape: null, inputDims: null,
  outputDims: null, spatialRank: 2, training: null, seededParams: [], problem: null, ...over,
});

describe('what a node card says about how the file is read', () => {
  it('names exactly the dimensions the file leaves open, and nothing when every size is fixed', () => {
    expect(openInput(summary({ inputShape: [1, 3, 8, 8], inputDims: [1, 3, 8, 8] }))).toBeNull();
    expect(openInput(summary({ inputDims: ['batch_size', 3, 8, 8] }))).toBe('batch (batch_size)');
    expect(openInput(summary({ inputDims: [null, 3, null, 8] }))).toBe('batch, height');
    expect(openInput(summary({ inputDims: [1, 2, 'time'] }))).toBe('length (time)');
    expect(openInput(summary({}))).toBe('the input size');
  });

  it('1-D layers, training-mode batch norm and graph-input weights are said so', () => {
    expect(readingNotes(summary({ spatialRank: 1 }))[0]).toMatch(/^A 1-D layer \(Conv1d, input \[N, C, L\]\): opened as 2-D with H = 1/);
    expect(readingNotes(summary({ opType: 'BatchNormalization', spatialRank: 2, training: true }))).toEqual([
      'Training mode in the file: it normalises with the batch\'s statistics and updates the running ones.',
    ]);
    expect(readingNotes(summary({ seededParams: ['W'] }))).toEqual(['"W" is a graph input: its values come with the test data, not the model.']);
  });
});
