/**
 * The one error type of the kernel library's parameter checks. `param` names what was wrong, so a page can put
 * the message next to the control it is about without reading the message: an option key (`'stride'`,
 * `'outputPadding'`, `'eps'`, …), a positional argument (`'input'`, `'weight'`, `'bias'`, `'options'`), or
 * `'output'` when the combination asks for more than the library computes (the message names the limit).
 * Messages keep the shape `invalid stride: 0 (must be a positive integer)`.
 */
export class ParamError extends Error {
  readonly param: string;

  constructor(param: string, message: string) {
    super(message);
    this.name = 'ParamError';
    this.param = param;
  }
}
