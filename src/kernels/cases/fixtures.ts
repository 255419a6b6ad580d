/**
 * Typed access to the PyTorch fixtures in this folder. They are written by `scripts/gen_fixtures.py`
 * (torch 1.13, run by hand with /usr/bin/python3); tests only read them, so CI never needs Python.
 */
import { readFileSync } from 'node:fs';
import type { Tensor } from '../tensor.ts';

export const FIXTURE_GENERATOR = 'scripts/gen_fixtures.py';

/** JSON has no NaN or ±Infinity, so the generator writes those as strings. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';
export interface JsonTensor {
  shape: number[];
  data: JsonNumber[];
}

export interface FixtureFile<Case> {
  generator: string;
  torch: string;
  family: string;
  cases: Case[];
}

export function loadFixtures<Case>(family: string): FixtureFile<Case> {
  const text = readFileSync(new URL(`./${family}.json`, import.meta.url), 'utf8');
  return JSON.parse(text) as FixtureFile<Case>;
}

function decode(v: JsonNumber): number {
  return typeof v === 'number' ? v : Number(v);
}

/** A fixture tensor as a kernel input (float32, exactly the values PyTorch saw). */
export function toTensor(t: JsonTensor): Tensor {
  return { shape: [...t.shape], data: Float32Array.from(t.data, decode) };
}

/** Expected values kept in float64: they were rounded to 7 significant digits, no need to round again. */
export function toNumbers(values: readonly JsonNumber[]): number[] {
  return values.map(decode);
}

export function toVector(values: readonly JsonNumber[]): Float32Array;
export function toVector(values: readonly JsonNumber[] | null | undefined): Float32Array | undefined;
export function toVector(values: readonly JsonNumber[] | null | undefined): Float32Array | undefined {
  return values === null || values === undefined ? undefined : Float32Array.from(values, decode);
}

// ---- the shape of each family's cases (see the generator for how each was computed)

export interface ConvFixture {
  name: string;
  opts: { stride?: number | [number, number]; padding?: number | [number, number] | [number, number, number, number];
    dilation?: number | [number, number]; groups?: number; outputPadding?: number | [number, number] };
  input: JsonTensor;
  weight: JsonTensor;
  bias: JsonNumber[] | null;
  expected: JsonTensor;
}

export interface InterpolateFixture {
  name: string;
  opts: { scale: number | [number, number]; mode: 'nearest' | 'bilinear'; alignCorners?: boolean };
  input: JsonTensor;
  expected: JsonTensor;
}

export interface PixelShuffleFixture {
  name: string;
  upscaleFactor: number;
  input: JsonTensor;
  expected: JsonTensor;
}

export interface BatchNormFixture {
  name: string;
  opts: { training: boolean; momentum: number; eps: number };
  input: JsonTensor;
  weight: JsonNumber[] | null;
  bias: JsonNumber[] | null;
  runningMean: JsonNumber[] | null;
  runningVar: JsonNumber[] | null;
  expected: JsonTensor;
  batchMean?: JsonNumber[];
  batchVar?: JsonNumber[];
  runningMeanAfter?: JsonNumber[];
  runningVarAfter?: JsonNumber[];
}

export interface BatchNormSequenceFixture {
  name: string;
  channels: number;
  momentum: number;
  eps: number;
  weight: JsonNumber[];
  bias: JsonNumber[];
  initialRunningMean: JsonNumber[];
  initialRunningVar: JsonNumber[];
  steps: { input: JsonTensor; expected: JsonTensor; runningMean: JsonNumber[]; runningVar: JsonNumber[] }[];
  eval: { input: JsonTensor; expected: JsonTensor };
}
