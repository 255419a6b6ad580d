/** Seeded randomness for the ONNX tests: the app's one generator (util/random.ts). */
export { mulberry32, pick, randInt, randomData, randomTensor, type RandomSource as Rng } from '../../util/random.ts';
