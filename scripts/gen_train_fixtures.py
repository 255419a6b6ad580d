#!/usr/bin/python3
"""Generate src/training/cases/train-steps.json: PyTorch's losses over the first Adam steps of small versions of
the training page's networks (src/training/models.ts), from fixed initial weights and a fixed batch, so that
src/training/train-steps.test.ts can check that our training loop does the same computation.

Run from the repository root:  /usr/bin/python3 scripts/gen_train_fixtures.py
(torch 1.13, CPU). Deterministic. CI and the app never run this script.

Each case names the models.ts configuration it mirrors, gives every parameter in the order of our
`net.params` (names as models.ts gives them; 3-decimal values, so both sides read identical float32 numbers),
the batch, the Adam settings, and the loss of each step (the loss is computed before that step's update) —
computed twice: in float64 (the reference) and in float32 (what PyTorch itself would report), so the test's
tolerance can be compared with PyTorch's own float32 error.
"""
import copy
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_io import Draw, enc, num

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'src', 'training', 'cases', 'train-steps.json')
GENERATOR = 'scripts/gen_train_fixtures.py'
STEPS = 6
LR = 0.01


def upsampler(kind, channels):
    """models.ts upsamplerNet with 2 stages: stem conv3×3 · ReLU · up(C→C) · ReLU · up(C→1)."""
    def up(cin, cout):
        if kind == 'convT3':
            return [nn.ConvTranspose2d(cin, cout, 3, stride=2, padding=1, output_padding=1)]
        if kind == 'bilinear':
            return [nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False), nn.Conv2d(cin, cout, 3, padding=1)]
        if kind == 'subpixel':
            return [nn.Conv2d(cin, cout * 4, 3, padding=1), nn.PixelShuffle(2)]
        raise ValueError(kind)
    layers = [nn.Conv2d(1, channels, 3, padding=1), nn.ReLU(), *up(channels, channels), nn.ReLU(), *up(channels, 1)]
    names = ['stem', 'up0', 'up1']
    return nn.Sequential(*layers), names


class Classifier(nn.Module):
    """models.ts classifier with BN: [conv3×3 (no bias) · BN · ReLU] × (depth + 1) · conv1×1 · global mean."""

    def __init__(self, depth, channels, classes):
        super().__init__()
        blocks = []
        for b in range(depth + 1):
            blocks += [nn.Conv2d(1 if b == 0 else channels, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels), nn.ReLU()]
        self.body = nn.Sequential(*blocks)
        self.head = nn.Conv2d(channels, classes, 1)

    def forward(self, x):
        return F.adaptive_avg_pool2d(self.head(self.body(x)), 1).flatten(1)


def classifier_names(depth):
    names = []
    for b in range(depth + 1):
        names += ['block%d.weight' % b, 'bn%d.weight' % b, 'bn%d.bias' % b]
    return names + ['head.weight', 'head.bias']


def draw_params(dr, model, names):
    """Fresh 3-decimal values for every parameter (BN γ in [0.5, 1.5)), listed under our names."""
    params = list(model.parameters())
    assert len(params) == len(names), (len(params), names)
    out = []
    with torch.no_grad():
        for name, p in zip(names, params):
            lo, hi = (0.5, 1.5) if name.startswith('bn') and name.endswith('weight') else (-0.5, 0.5)
            p.copy_(dr.tensor(tuple(p.shape), lo, hi))
            out.append({'name': name, 'value': enc(p)})
    return out


def run(model, x, loss_fn, dtype):
    model = model.to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    model.train()
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_fn(model(x.to(dtype)))
        loss.backward()
        opt.step()
        losses.append(num(loss.item(), 10))
    return losses


def case(seed, name, config, model, names, x, loss_fn, extra):
    dr = Draw(seed)
    params = draw_params(dr, model, names)
    return {'name': name, 'config': config, 'params': params, 'input': enc(x), **extra, 'lr': LR,
            'losses': run(copy.deepcopy(model), x, lambda y: loss_fn(y, torch.float64), torch.float64),
            'lossesFloat32': run(copy.deepcopy(model), x, lambda y: loss_fn(y, torch.float32), torch.float32)}


def main():
    torch.set_num_threads(1)
    cases = []
    dr = Draw(9200)
    x_up = dr.tensor((2, 1, 4, 5))
    target = dr.tensor((2, 1, 16, 20))
    for i, kind in enumerate(['convT3', 'bilinear', 'subpixel']):
        model, stages = upsampler(kind, 3)
        names = [n for s in stages for n in (s + '.weight', s + '.bias')]
        cases.append(case(9210 + i, 'upsampler %s, 3 channels, 2 stages, batch 2, 4×5 → 16×20, MSE' % kind,
                          {'kind': 'upsampler', 'upsampler': kind, 'stages': 2, 'channels': 3},
                          model, names, x_up, lambda y, dt: F.mse_loss(y, target.to(dt)),
                          {'target': enc(target)}))
    x_cls = dr.tensor((6, 1, 6, 7), -1.0, 3.0)
    labels = torch.tensor([0, 3, 1, 2, 2, 0])
    cases.append(case(9220, 'classifier + BN, depth 1, 4 channels, batch 6, 6×7, cross-entropy',
                      {'kind': 'classifier', 'depth': 1, 'channels': 4, 'batchNorm': True, 'classes': 4},
                      Classifier(1, 4, 4), classifier_names(1), x_cls, lambda y, dt: F.cross_entropy(y, labels),
                      {'labels': labels.tolist()}))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    doc = {'generator': GENERATOR, 'torch': torch.__version__, 'steps': STEPS, 'cases': cases}
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print('%s: %d cases, %d bytes' % (os.path.relpath(OUT, ROOT), len(cases), os.path.getsize(OUT)))


if __name__ == '__main__':
    main()
