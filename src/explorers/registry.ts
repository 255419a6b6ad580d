import type { ExplorerModule } from './types.ts';

/** Explorers are code-split: the start page never loads d3, three.js or ONNX Runtime. */
export const explorerLoaders: Record<ExplorerModule['id'], () => Promise<ExplorerModule>> = {
  'conv-transpose': async () => (await import('./conv-transpose/index.ts')).default as unknown as ExplorerModule,
  'batch-norm': async () => (await import('./batch-norm/index.ts')).default as unknown as ExplorerModule,
  normalization: async () => (await import('./normalization/index.ts')).default as unknown as ExplorerModule,
  training: async () => (await import('./training/index.ts')).default as unknown as ExplorerModule,
  model: async () => (await import('./model/index.ts')).default as unknown as ExplorerModule,
};

export const explorerCards: { id: ExplorerModule['id']; title: string; blurb: string; claims: string[] }[] = [
  {
    id: 'conv-transpose',
    title: 'Transposed convolution',
    blurb:
      'PyTorch ConvTranspose2d with every parameter. See it three equivalent ways — each input pixel painting a ' +
      'kernel-sized square, a convolution over a zero-inserted input, the transpose of a convolution matrix — and ' +
      'watch uneven overlap make checkerboard artifacts that resize-convolution avoids.',
    claims: [
      '“deconvolution” is a misnomer: the transpose is not an inverse',
      'zeros inserted between inputs: a fractionally strided convolution',
      'every input pixel paints a square in the output',
      'uneven overlap → checkerboard artifacts; resize-convolution avoids them',
    ],
  },
  {
    id: 'batch-norm',
    title: 'Batch normalization',
    blurb:
      'PyTorch BatchNorm2d on real feature maps: per-channel batch statistics, output = γ·x̂ + β with live sliders, ' +
      'train vs eval with running statistics, momentum and eps — and why γ and β let a network choose how much ' +
      'normalisation it wants.',
    claims: [
      'each channel gets zero mean and unit variance (not unit covariance)',
      'output = γ · normalised input + β',
      'γ = √(var + eps), β = mean gives back the input',
      'train and eval differ: running statistics',
    ],
  },
  {
    id: 'normalization',
    title: 'The normalization family',
    blurb:
      'BatchNorm, LayerNorm, InstanceNorm, GroupNorm and RMSNorm on the same feature maps: which values share one ' +
      'mean and variance, what each one removes, GroupNorm’s G as the knob from LayerNorm to InstanceNorm — and why ' +
      'only BatchNorm depends on the rest of the batch.',
    claims: [
      'they differ only in which values share μ and σ²',
      'GroupNorm: G = 1 is LayerNorm, G = C is InstanceNorm',
      'only BatchNorm’s output for a sample depends on the other samples',
      'RMSNorm is LayerNorm without the mean subtraction',
    ],
  },
  {
    id: 'training',
    title: 'Training in the browser',
    blurb:
      'Train tiny networks live with our own forward and backward kernels in a Web Worker: six upsamplers learning ' +
      'to paint photographs (transposed conv vs resize-conv vs sub-pixel), and the same CNN with and without ' +
      'BatchNorm2d at a learning rate you choose — plus the Lipschitz constant of a (transposed) conv.',
    claims: [
      'transposed convs learn checkerboards; strided convs put them in the gradients',
      'batch norm allows a higher learning rate',
      'without BN a deep layer’s input distribution drifts during training',
      'a layer’s Lipschitz constant by power iteration with its adjoint',
    ],
  },
  {
    id: 'model',
    title: 'Your ONNX model',
    blurb:
      'Open an .onnx file (or one of the shipped reference blocks): its ConvTranspose, Conv and BatchNormalization ' +
      'nodes with shapes, attributes and weights, each checked against ONNX Runtime as written in the file — and ' +
      'opened in its explorer with its real weights.',
    claims: [
      'parsed in the browser; the file never leaves the tab',
      'our kernel vs ONNX Runtime on every node',
      'a Conv opens as its transpose: the same weights, the adjoint',
    ],
  },
];
