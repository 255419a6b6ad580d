import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLayer, readOnnxModel } from '../onnx/index.ts';
import {
  clearImportedLayer, getImportedLayer, getLoadedModel, setImportedLayer, setLoadedModel, subscribeImportedLayer,
  type HeldLayer,
} from './imported-layer.ts';

const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'models', 'dcgan-block.onnx')));
const { model, summary } = readOnnxModel(bytes);
const layerOf = (index: number) => ({ source: 'dcgan-block.onnx', nodeLabel: summary.layers.find((l) => l.index === index)!.label, layer: extractLayer(model, index), model });

describe('imported layer holder', () => {
  it('holds nothing until a node is opened', () => {
    expect(getImportedLayer()).toBeNull();
    expect(getLoadedModel()).toBeNull();
  });

  it('setImportedLayer holds the layer with a fresh id and tells subscribers; unsubscribe stops that', () => {
    const seen: (HeldLayer | null)[] = [];
    const off = subscribeImportedLayer((l) => seen.push(l));
    const a = setImportedLayer(layerOf(0));
    const b = setImportedLayer(layerOf(1));
    expect(b.id).toBeGreaterThan(a.id);
    expect(getImportedLayer()).toBe(b);
    expect(getImportedLayer()?.layer.op).toBe('BatchNormalization');
    expect(seen.map((l) => l?.layer.op)).toEqual(['ConvTranspose', 'BatchNormalization']);
    off();
    setImportedLayer(layerOf(0));
    expect(seen).toHaveLength(2);
  });

  it('clearImportedLayer empties it and notifies once', () => {
    const seen: (HeldLayer | null)[] = [];
    const off = subscribeImportedLayer((l) => seen.push(l));
    clearImportedLayer();
    clearImportedLayer();
    expect(getImportedLayer()).toBeNull();
    expect(seen).toEqual([null]);
    off();
  });

  it('the loaded model is kept separately: replacing it leaves the held layer alone', () => {
    const held = setImportedLayer(layerOf(0));
    setLoadedModel({ fileName: 'dcgan-block.onnx', model, summary, reference: 'dcgan-block' });
    expect(getLoadedModel()?.summary.layers).toHaveLength(2);
    setLoadedModel(null);
    expect(getImportedLayer()).toBe(held);
  });
});
