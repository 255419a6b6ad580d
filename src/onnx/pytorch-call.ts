/**
 * The `nn.ConvTranspose2d(…)` call that builds a layer, as the shape panel shows it and the .py export runs it.
 * PyTorch pads symmetrically only, so a begin/end padding becomes the smaller side as `padding` plus a crop of the
 * rest from the larger side — exact, since transposed-conv padding only removes output rows and columns.
 */
export interface ConvTransposeCallParams {
  inChannels: number;
  outChannels: number;
  kernelSize: readonly [number, number];
  stride: readonly [number, number];
  /** [top, left, bottom, right] */
  padding: readonly [number, number, number, number];
  outputPadding: readonly [number, number];
  dilation: readonly [number, number];
  groups: number;
  bias: boolean;
}

export interface ConvTransposeCall {
  /** `nn.ConvTranspose2d(…)` with keyword arguments. */
  call: string;
  /** Rows/columns to crop from the output after the call, or null when the padding is symmetric. */
  crop: { top: number; bottom: number; left: number; right: number } | null;
}

const pair = (p: readonly number[]) => `(${p[0]}, ${p[1]})`;

export function convTranspose2dCall(p: ConvTransposeCallParams): ConvTransposeCall {
  const [top, left, bottom, right] = p.padding;
  const padH = Math.min(top, bottom);
  const padW = Math.min(left, right);
  const symmetric = top === bottom && left === right;
  const call = `nn.ConvTranspose2d(${p.inChannels}, ${p.outChannels}, kernel_size=${pair(p.kernelSize)}, ` +
    `stride=${pair(p.stride)}, padding=${pair([padH, padW])}, output_padding=${pair(p.outputPadding)}, ` +
    `groups=${p.groups}, bias=${p.bias ? 'True' : 'False'}, dilation=${pair(p.dilation)})`;
  return {
    call,
    crop: symmetric ? null : { top: top - padH, bottom: bottom - padH, left: left - padW, right: right - padW },
  };
}
