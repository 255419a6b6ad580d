#!/usr/bin/python3
"""Generate the PyTorch fixtures for conv1d / convTranspose1d: src/kernels/cases/conv1d.json and
conv-transpose1d.json, forward outputs and autograd gradients in one case.

Run from the repository root:  /usr/bin/python3 scripts/gen_conv1d_fixtures.py
(torch 1.13, CPU). Deterministic (fixed seeds); CI and the app only read the committed JSON.

Each case: {name, opts (our API's spelling), input, weight, bias, expected, gradOutput, gradInput, gradWeight,
gradBias}. The gradients are PyTorch autograd's for L = Σ expected · gradOutput, taken with the layer's own
functional (F.conv1d / F.conv_transpose1d): no 2-D detour on this side, so the H = 1 mapping is what is tested.
Asymmetric padding [begin, end]: conv1d pads with F.pad first; conv_transpose1d runs with padding min(begin, end)
and crops the rest (padding crops a transposed conv's full output, output_padding adds at the end).
"""
import json
import os

import torch
import torch.nn.functional as F

from fixture_io import Draw, enc, vec as enc_vec

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'src', 'kernels', 'cases')
GENERATOR = 'scripts/gen_conv1d_fixtures.py'


def pads2(p):
    return (p, p) if isinstance(p, int) else tuple(p)


def conv1d_ref(x, w, b, stride=1, padding=0, dilation=1, groups=1):
    begin, end = pads2(padding)
    if begin == end:
        return F.conv1d(x, w, b, stride=stride, padding=begin, dilation=dilation, groups=groups)
    return F.conv1d(F.pad(x, (begin, end)), w, b, stride=stride, dilation=dilation, groups=groups)


def conv_transpose1d_ref(x, w, b, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    begin, end = pads2(padding)
    p = min(begin, end)
    y = F.conv_transpose1d(x, w, b, stride=stride, padding=p, output_padding=output_padding, groups=groups,
                           dilation=dilation)
    k = w.shape[2]
    out_len = (x.shape[2] - 1) * stride - begin - end + dilation * (k - 1) + output_padding + 1
    return y[:, :, begin - p: begin - p + out_len]


# name, N, Cin, L, Cout, k, options, bias
CONV = [
    ('k3, no padding', 1, 1, 7, 1, 3, {}, False),
    ('k3 p1 keeps the length', 2, 3, 9, 4, 3, {'padding': 1}, True),
    ('stride 2, padding 1, odd length', 1, 2, 11, 3, 3, {'stride': 2, 'padding': 1}, True),
    ('stride 3 leaves trailing samples unused', 1, 2, 10, 2, 2, {'stride': 3}, True),
    ('dilation 2', 1, 2, 9, 2, 3, {'dilation': 2}, True),
    ('dilation 3, stride 2, padding 3', 2, 1, 13, 2, 3, {'dilation': 3, 'stride': 2, 'padding': 3}, False),
    ('groups 2', 1, 4, 8, 6, 3, {'groups': 2, 'padding': 1}, True),
    ('depthwise (groups = channels)', 2, 3, 7, 3, 5, {'groups': 3, 'padding': 2}, True),
    ('asymmetric padding [begin 2, end 0] (causal)', 1, 2, 6, 2, 3, {'padding': [2, 0]}, True),
    ('asymmetric padding [0, 3] with stride 2', 1, 1, 5, 2, 2, {'padding': [0, 3], 'stride': 2}, True),
    ('length 1 with padding 1', 3, 2, 1, 2, 3, {'padding': 1}, True),
    ('kernel as long as the input gives length 1', 1, 2, 5, 3, 5, {}, True),
    ('k1 (pointwise)', 2, 5, 4, 3, 1, {}, True),
]

# name, N, Cin, L, Cout, k, options, bias
CONV_T = [
    ('k3, stride 1', 1, 1, 5, 1, 3, {}, False),
    ('k4 s2 p1 doubles the length', 2, 3, 7, 2, 4, {'stride': 2, 'padding': 1}, True),
    ('k3 s2 p1 op1', 1, 2, 6, 3, 3, {'stride': 2, 'padding': 1, 'outputPadding': 1}, True),
    ('stride 3, outputPadding 2', 1, 2, 4, 1, 3, {'stride': 3, 'outputPadding': 2}, True),
    ('dilation 2, outputPadding 1 allowed at stride 1', 1, 1, 5, 2, 3, {'dilation': 2, 'outputPadding': 1}, True),
    ('dilation 3, stride 2, padding 2', 2, 2, 5, 2, 3, {'dilation': 3, 'stride': 2, 'padding': 2}, False),
    ('groups 2', 1, 4, 5, 6, 3, {'groups': 2, 'stride': 2}, True),
    ('depthwise, stride 2', 2, 3, 6, 3, 4, {'groups': 3, 'stride': 2, 'padding': 1}, True),
    ('asymmetric padding [1, 2]', 1, 2, 6, 2, 4, {'stride': 2, 'padding': [1, 2]}, True),
    ('length 1 paints one kernel', 3, 2, 1, 2, 3, {'stride': 2}, True),
    ('k1 stride 3 spaces samples out', 1, 2, 5, 1, 1, {'stride': 3}, True),
    ('padding larger than d·(k − 1) crops inside the stamps', 1, 1, 9, 1, 2, {'stride': 2, 'padding': 2}, False),
]


def gen(family, table, transposed, seed):
    dr = Draw(seed)
    cases = []
    for name, n, cin, length, cout, k, opts, has_bias in table:
        g = opts.get('groups', 1)
        x = dr.tensor((n, cin, length)).requires_grad_()
        w = (dr.tensor((cin, cout // g, k)) if transposed else dr.tensor((cout, cin // g, k))).requires_grad_()
        b = dr.vec(cout).requires_grad_() if has_bias else None
        common = dict(stride=opts.get('stride', 1), padding=opts.get('padding', 0), dilation=opts.get('dilation', 1),
                      groups=g)
        if transposed:
            y = conv_transpose1d_ref(x, w, b, output_padding=opts.get('outputPadding', 0), **common)
        else:
            y = conv1d_ref(x, w, b, **common)
        gy = dr.tensor(tuple(y.shape))
        grads = torch.autograd.grad(y, [x, w], gy)
        gb = gy.sum(dim=(0, 2))
        cases.append({'name': name, 'opts': opts, 'input': enc(x), 'weight': enc(w), 'bias': enc_vec(b),
                      'expected': enc(y), 'gradOutput': enc(gy), 'gradInput': enc(grads[0]),
                      'gradWeight': enc(grads[1]), 'gradBias': enc_vec(gb)})
    path = os.path.join(OUT_DIR, family + '.json')
    doc = {'generator': GENERATOR, 'torch': torch.__version__, 'family': family, 'cases': cases}
    with open(path, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print('%-24s %3d cases %7d bytes' % (family + '.json', len(cases), os.path.getsize(path)))


if __name__ == '__main__':
    gen('conv1d', CONV, False, 3003)
    gen('conv-transpose1d', CONV_T, True, 3004)
