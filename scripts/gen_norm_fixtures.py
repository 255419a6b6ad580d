#!/usr/bin/python3
"""PyTorch fixtures for the normalization family's kernels (src/kernels/norms-fixtures.test.ts).

Run from the repository root:  /usr/bin/python3 scripts/gen_norm_fixtures.py   (torch 1.13, CPU, deterministic).
Writes src/kernels/cases/norms.json: for F.group_norm, F.layer_norm and F.instance_norm (with and without affine,
running statistics, eval with running statistics), the output and autograd's gradients of sum(output * r) for a
random r (∂x, ∂weight, ∂bias). PyTorch 1.13 has no F.rms_norm (it arrived in 2.4): its cases are the definition,
x / sqrt(mean(x², trailing dims) + eps) * weight, computed in float64 with float64 autograd, eps defaulting to
torch.finfo(torch.float32).eps as F.rms_norm's eps=None does for float32 input.
Inputs are 3-decimal numbers so both sides read identical float32 values; outputs keep 7 significant digits.
"""
import json
import os

import torch
import torch.nn.functional as F

from fixture_io import Draw, enc, num

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'src', 'kernels', 'cases', 'norms.json')
GENERATOR = 'scripts/gen_norm_fixtures.py'


def grads(fn, x, weight, bias, r):
    x = x.clone().requires_grad_(True)
    w = None if weight is None else weight.clone().requires_grad_(True)
    b = None if bias is None else bias.clone().requires_grad_(True)
    y = fn(x, w, b)
    (y * r).sum().backward()
    return y, x.grad, None if w is None else w.grad, None if b is None else b.grad


def case(name, op, opts, x, weight, bias, y, r, gx, gw, gb, extra=None):
    c = {'name': name, 'op': op, 'options': opts, 'input': enc(x), 'weight': enc(weight), 'bias': enc(bias),
         'output': enc(y), 'gradOutput': enc(r), 'gradInput': enc(gx), 'gradWeight': enc(gw), 'gradBias': enc(gb)}
    if extra:
        c.update(extra)
    return c


def main():
    torch.manual_seed(0)
    d = Draw(2025)
    cases = []
    # GroupNorm: G = 1 (LayerNorm-like), 2, C (InstanceNorm-like), with and without affine, offsets far from 0.
    for shape, g, affine, eps in [((2, 4, 3, 3), 2, True, 1e-5), ((3, 6, 2, 4), 3, False, 1e-5), ((1, 4, 5, 5), 1, True, 1e-3),
                                  ((2, 4, 2, 2), 4, True, 0.1), ((2, 8, 3, 2), 8, False, 1e-5)]:
        x = d.tensor(shape, -2, 2) * 3 + 5
        c = shape[1]
        w = d.tensor((c,), 0.5, 2) if affine else None
        b = d.tensor((c,)) if affine else None
        r = d.tensor(shape)
        y, gx, gw, gb = grads(lambda x, w, b: F.group_norm(x, g, w, b, eps), x, w, b, r)
        cases.append(case('group_norm %s G=%d%s eps=%g' % (list(shape), g, ' affine' if affine else '', eps), 'groupNorm2d',
                          {'numGroups': g, 'eps': eps}, x, w, b, y, r, gx, gw, gb))
    # LayerNorm over 1, 2 and 3 trailing dims.
    for shape, norm, affine, eps in [((2, 4, 3, 3), (4, 3, 3), True, 1e-5), ((3, 5), (5,), True, 1e-5),
                                     ((2, 3, 4), (3, 4), False, 1e-3), ((4, 2, 2, 3), (3,), True, 0.1)]:
        x = d.tensor(shape, -2, 2) * 2 - 1
        n = 1
        for k in norm:
            n *= k
        w = d.tensor(norm, 0.5, 2) if affine else None
        b = d.tensor(norm) if affine else None
        r = d.tensor(shape)
        y, gx, gw, gb = grads(lambda x, w, b: F.layer_norm(x, norm, w, b, eps), x, w, b, r)
        cases.append(case('layer_norm %s over %s%s eps=%g' % (list(shape), list(norm), ' affine' if affine else '', eps), 'layerNorm',
                          {'normalizedShape': list(norm), 'eps': eps}, x, w, b, y, r, gx, gw, gb))
    # InstanceNorm: instance statistics, running-stat updates, eval with running statistics.
    for shape, affine, running, use, momentum in [((2, 3, 4, 4), True, False, True, 0.1), ((3, 2, 3, 5), False, True, True, 0.1),
                                                  ((2, 4, 2, 3), True, True, True, 0.5), ((2, 3, 3, 3), True, True, False, 0.1)]:
        x = d.tensor(shape, -2, 2) * 1.5 + 0.5
        c = shape[1]
        w = d.tensor((c,), 0.5, 2) if affine else None
        b = d.tensor((c,)) if affine else None
        rm = d.tensor((c,), -0.5, 0.5) if running else None
        rv = d.tensor((c,), 0.5, 2) if running else None
        rm_after = None if rm is None else rm.clone()
        rv_after = None if rv is None else rv.clone()
        r = d.tensor(shape)
        y, gx, gw, gb = grads(lambda x, w, b: F.instance_norm(x, rm_after, rv_after, w, b, use, momentum, 1e-5), x, w, b, r)
        extra = {'runningMean': enc(rm), 'runningVar': enc(rv),
                 'runningMeanAfter': enc(rm_after) if running and use else None, 'runningVarAfter': enc(rv_after) if running and use else None}
        cases.append(case('instance_norm %s%s%s%s' % (list(shape), ' affine' if affine else '', ' running m=%g' % momentum if running else '',
                                                     '' if use else ' eval'), 'instanceNorm2d',
                          {'useInputStats': use, 'momentum': momentum, 'eps': 1e-5}, x, w, b, y, r, gx, gw, gb, extra))
    # RMSNorm from its definition in float64 (PyTorch 1.13 has no F.rms_norm).
    f32eps = torch.finfo(torch.float32).eps
    for shape, norm, affine, eps in [((2, 4, 3, 3), (4, 3, 3), True, None), ((3, 6), (6,), True, 1e-6), ((2, 3, 4), (4,), False, None)]:
        x = d.tensor(shape, -2, 2)
        w = d.tensor(norm, 0.5, 2) if affine else None
        r = d.tensor(shape)
        dims = tuple(range(len(shape) - len(norm), len(shape)))
        e = f32eps if eps is None else eps

        def rms(x, w, _b, dims=dims, e=e):
            y = x / torch.sqrt((x * x).mean(dim=dims, keepdim=True) + e)
            return y if w is None else y * w
        x64, w64, r64 = x.double(), None if w is None else w.double(), r.double()
        y, gx, gw, _ = grads(rms, x64, w64, None, r64)
        opts = {'normalizedShape': list(norm)}
        if eps is not None:
            opts['eps'] = eps
        cases.append(case('rms_norm (definition, float64) %s over %s%s eps=%s' % (list(shape), list(norm), ' affine' if affine else '',
                                                                               'default' if eps is None else '%g' % eps), 'rmsNorm',
                          opts, x, w, None, y, r, gx, gw, None))
    doc = {'generator': GENERATOR, 'torch': torch.__version__, 'family': 'norms', 'cases': cases}
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print('norms.json %d cases %d bytes' % (len(cases), os.path.getsize(OUT)))


if __name__ == '__main__':
    main()
