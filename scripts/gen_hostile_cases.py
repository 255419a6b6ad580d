#!/usr/bin/python3
"""PyTorch answers for hostile-geometry and edge-semantics kernel cases (src/kernels/hostile.test.ts).

Run from the repository root:  /usr/bin/python3 scripts/gen_hostile_cases.py   (torch 1.13, CPU).
Writes src/kernels/cases/hostile.json with:
  - conv: conv2d / conv_transpose2d with strides, dilations and paddings far larger than the image
  - bn_eps0: F.batch_norm in training mode, eps 0, a constant channel (PyTorch's inverse std is 0 there: output β)
  - bn_cumulative: nn.BatchNorm2d(momentum=None) over three batches (cumulative running averages)
Inputs are 3-decimal numbers so both sides read identical float32 values; outputs keep 7 significant digits.
"""
import json
import os

import torch
import torch.nn.functional as F

from fixture_io import enc, num, vec

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'src', 'kernels', 'cases', 'hostile.json')


def ramp(shape, scale=0.001):
    n = 1
    for d in shape:
        n *= d
    v = [round(((i * 37) % 101 - 50) * scale * 10, 3) for i in range(n)]
    return torch.tensor(v, dtype=torch.float32).reshape(shape)


def conv_case(name, op, x, w, bias, **kw):
    f = F.conv_transpose2d if op == 'convTranspose2d' else F.conv2d
    y = f(x, w, bias, **kw)
    opts = {'stride': list(kw.get('stride', (1, 1))), 'padding': list(kw.get('padding', (0, 0))),
            'dilation': list(kw.get('dilation', (1, 1)))}
    if 'output_padding' in kw:
        opts['outputPadding'] = list(kw['output_padding'])
    return {'name': name, 'op': op, 'x': enc(x), 'w': enc(w), 'bias': None if bias is None else vec(bias),
            'options': opts, 'y': enc(y)}


def main():
    one = lambda v: torch.tensor([[[[v]]]], dtype=torch.float32)
    conv = [
        conv_case('conv2d stride 7e7 (issue 24: wasm returned 0)', 'conv2d', one(0.5), one(3.0), torch.tensor([0.25]),
                  stride=(70000000, 70000000)),
        conv_case('convTranspose2d stride 1e9', 'convTranspose2d', one(0.5), one(3.0), None, stride=(1000000000, 1000000000)),
        conv_case('convTranspose2d stride [3, 2000] on a 2×2 input: 4 of 2002 columns receive taps', 'convTranspose2d',
                  ramp([1, 1, 2, 2]), ramp([1, 1, 2, 2]), torch.tensor([0.125]), stride=(3, 2000)),
        conv_case('convTranspose2d dilation [1, 2.8e5], padding [0, 279990] on a 20×1 input (1 tap of 3 lands)',
                  'convTranspose2d', ramp([1, 1, 20, 1]), ramp([1, 1, 1, 3]), None, dilation=(1, 280000), padding=(0, 279990)),
        conv_case('conv2d padding [0, 1e8], dilation [1, 5e7], stride [1, 1e8]', 'conv2d', ramp([1, 1, 2, 1]),
                  ramp([1, 1, 1, 3]), None, padding=(0, 100000000), dilation=(1, 50000000), stride=(1, 100000000)),
        conv_case('conv2d stride [2, 3e7] on a 4×5 input with a 2×2 kernel', 'conv2d', ramp([1, 2, 4, 5]), ramp([3, 2, 2, 2]),
                  torch.tensor([1.0, 0.0, -1.0]), stride=(2, 30000000)),
    ]
    x = torch.full((2, 2, 2, 2), 3.0)
    x[:, 1:2] = ramp([2, 1, 2, 2])
    gamma, beta = torch.tensor([2.0, 1.5]), torch.tensor([0.5, -0.25])
    rm, rv = torch.zeros(2), torch.ones(2)
    y = F.batch_norm(x, rm, rv, gamma, beta, training=True, momentum=0.1, eps=0.0)
    bn_eps0 = {'x': enc(x), 'gamma': vec(gamma), 'beta': vec(beta), 'y': enc(y), 'runningMean': vec(rm), 'runningVar': vec(rv)}

    bn = torch.nn.BatchNorm2d(2, momentum=None)
    steps = []
    for k in range(3):
        xb = ramp([3, 2, 2, 2]) * (k + 1) + k
        out = bn(xb)
        steps.append({'x': enc(xb), 'y': enc(out), 'runningMean': vec(bn.running_mean), 'runningVar': vec(bn.running_var),
                      'numBatchesTracked': int(bn.num_batches_tracked)})
    doc = {'torch': torch.__version__, 'conv': conv, 'bn_eps0': bn_eps0, 'bn_cumulative': steps}
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
