import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLayer, readOnnxModel } from '../onnx/index.ts';
import { createImportedLayers, type HeldLayer } from './imported-layer.ts';

const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'models', 'dcgan-block.onnx')));
const { model, summary } = readOnnxModel(bytes);
const layerOf = (index: number) => ({ source: 'dcgan-block.onnx', nodeLabel: summary.layers.find((l) => l.index === index)!.label, layer: extractLayer(model, index), model });

describe('imported layer holder', () => {
  const holder = createImportedLayers();
  it('holds nothing until a node is opened', () => {
    expect(holder.get()).toBeNull();
    expect(holder.loaded()).toBeNull();
  });

  it('setImportedLayer holds the layer with a fresh id and tells subscribers; unsubscribe stops that', () => {
    const seen: (HeldLayer | null)[] = [];
    const off = holder.subscribe((l) => seen.push(l));
    const a = holder.set(layerOf(0));
    const b = holder.set(layerOf(1));
    expect(b.id).toBeGreaterThan(a.id);
    expect(holder.get()).toBe(b);
    expect(holder.get()?.layer.op).toBe('BatchNormalization');
    expect(seen.map((l) => l?.layer.op)).toEqual(['ConvTranspose', 'BatchNormalization']);
    off();
    holder.set(layerOf(0));
    expect(seen).toHaveLength(2);
  });

  it('clearImportedLayer empties it and notifies once', () => {
    const seen: (HeldLayer | null)[] = [];
    const off = holder.subscribe((l) => seen.push(l));
    holder.clear();
    holder.clear();
    expect(holder.get()).toBeNull();
    expect(seen).toEqual([null]);
    off();
  });

  it('the loaded model is kept separately: replacing it leaves the held layer alone', () => {
    const held = holder.set(layerOf(0));
    holder.setLoaded({ fileName: 'dcgan-block.onnx', model, summary, reference: 'dcgan-block' });
    expect(holder.loaded()?.summary.layers).toHaveLength(2);
    holder.setLoaded(null);
    expect(holder.get()).toBe(held);
  });
});
