#!/usr/bin/python3
"""PyTorch fixtures for the batch-normalization explorer's analysis code (src/explorers/batch-norm/*.test.ts).

Run from the repository root:  /usr/bin/python3 scripts/gen_bn_fixtures.py   (torch 1.13, CPU, deterministic).
Writes src/explorers/batch-norm/cases/bn-explorer.json with:
  - running: BatchNorm2d in training mode over many steps (a distribution shift half way), running stats after each
  - folding: torch.nn.utils.fusion.fuse_conv_bn_eval on a conv → BN pair, folded weights and both paths' outputs
  - identity: BatchNorm2d with weight = sqrt(batch_var + eps), bias = batch_mean returns its input
Inputs are 3-decimal numbers so both sides read identical float32 values; outputs keep 7 significant digits.
"""
import json
import os

import torch
import torch.nn.functional as F

from fixture_io import Draw, enc, num, vec
from torch.nn.utils.fusion import fuse_conv_bn_eval

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'src', 'explorers', 'batch-norm', 'cases', 'bn-explorer.json')


def running_sequence(dr, name, shape, steps, shift_at, momentum):
    c = shape[1]
    bn = torch.nn.BatchNorm2d(c, momentum=momentum)
    bn.train()
    seq = []
    for k in range(steps):
        x = dr.tensor(shape, -1, 1)
        # Channels with different means and spreads; after shift_at the data moves (a distribution shift).
        x = x * torch.tensor([0.5, 2.0, 0.1][:c]).view(1, c, 1, 1) + torch.tensor([1.0, -2.0, 0.3][:c]).view(1, c, 1, 1)
        if k >= shift_at:
            x = x * 1.5 + 0.75
        x = torch.round(x * 1000) / 1000
        with torch.no_grad():
            bn(x)
        seq.append({'input': enc(x), 'runningMean': vec(bn.running_mean), 'runningVar': vec(bn.running_var)})
    return {'name': name, 'momentum': momentum, 'shiftAt': shift_at, 'steps': seq}


def folding_case(dr):
    x = dr.tensor((2, 3, 6, 6), 0, 1)
    conv = torch.nn.Conv2d(3, 4, 3)
    bn = torch.nn.BatchNorm2d(4, eps=1e-5)
    with torch.no_grad():
        conv.weight.copy_(dr.tensor((4, 3, 3, 3)))
        conv.bias.copy_(dr.tensor((4,)))
        bn.weight.copy_(dr.tensor((4,), 0.5, 2))
        bn.bias.copy_(dr.tensor((4,)))
        bn.running_mean.copy_(dr.tensor((4,), -0.5, 0.5))
        bn.running_var.copy_(dr.tensor((4,), 0.2, 2))
    conv.eval()
    bn.eval()
    fused = fuse_conv_bn_eval(conv, bn)
    with torch.no_grad():
        y = bn(conv(x))
        yf = fused(x)
    return {'input': enc(x), 'weight': enc(conv.weight), 'bias': vec(conv.bias), 'gamma': vec(bn.weight),
            'beta': vec(bn.bias), 'runningMean': vec(bn.running_mean), 'runningVar': vec(bn.running_var),
            'eps': bn.eps, 'foldedWeight': enc(fused.weight), 'foldedBias': vec(fused.bias),
            'expected': enc(y), 'expectedFolded': enc(yf)}


def identity_case(dr):
    eps = 1e-5
    x = dr.tensor((3, 2, 4, 4)) * torch.tensor([3.0, 0.2]).view(1, 2, 1, 1) + torch.tensor([2.0, -1.0]).view(1, 2, 1, 1)
    x = torch.round(x * 1000) / 1000
    mean = x.mean((0, 2, 3))
    var = x.var((0, 2, 3), unbiased=False)
    gamma = torch.sqrt(var + eps)
    y = F.batch_norm(x, None, None, gamma, mean, training=True, eps=eps)
    return {'input': enc(x), 'eps': eps, 'gamma': vec(gamma), 'beta': vec(mean), 'expected': enc(y),
            'maxAbsDiff': num((y - x).abs().max().item())}


def main():
    torch.set_num_threads(1)
    dr = Draw(4242)
    doc = {
        'generator': 'scripts/gen_bn_fixtures.py',
        'torch': torch.__version__,
        'running': [
            running_sequence(dr, '120 steps, momentum 0.1, shift at step 60', (2, 3, 2, 3), 120, 60, 0.1),
            running_sequence(dr, '150 steps, momentum 0.01 (slow to converge)', (3, 2, 2, 2), 150, 1000, 0.01),
        ],
        'folding': folding_case(dr),
        'identity': identity_case(dr),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
