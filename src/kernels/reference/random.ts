/** The property tests' seeded randomness: the app's one generator (util/random.ts) under the tests' usual name. */
export { mulberry32, Rng as Random } from '../../util/random.ts';
