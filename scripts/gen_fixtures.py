#!/usr/bin/python3
"""Generate the PyTorch fixtures in src/kernels/cases/*.json that the kernel tests compare against.

Run from the repository root:  /usr/bin/python3 scripts/gen_fixtures.py
(torch 1.13, CPU). Deterministic: a fixed seed per family, so re-running reproduces the same files.
CI and the app never run this script; they only read the committed JSON.

Format of each file: {"generator", "torch", "family", "cases": [...]}. Every case carries its inputs in
the vocabulary of our TypeScript API (`opts` can be passed straight to the kernel) and PyTorch's output.
Tensors are {"shape": [...], "data": [...]} flattened row-major (NCHW). Inputs are drawn as 3-decimal
numbers, so that both sides parse exactly the same float32 values; outputs are rounded to 7 significant
digits. Non-finite numbers are written as the strings "NaN", "Infinity", "-Infinity" (JSON has no NaN).

Asymmetric padding: torch's ConvTranspose2d only takes symmetric padding. For begin/end pads
[top, left, bottom, right] we run conv_transpose2d with padding = (min(top, bottom), min(left, right)) and
crop the remaining (top − min) rows from the top and (bottom − min) from the bottom (likewise columns).
Padding a transposed conv crops its full output (PyTorch docs; ONNX ConvTranspose with explicit pads), and
output_padding adds rows at the end, so the crop that starts at `top − min` and keeps `outH` rows is exact.
For conv2d the asymmetric pad is F.pad(x, (left, right, top, bottom)) followed by an unpadded conv2d.
"""
import json
import os

import torch
import torch.nn.functional as F

from fixture_io import Draw, enc, num, vec as enc_vec

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'src', 'kernels', 'cases')
GENERATOR = 'scripts/gen_fixtures.py'


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def pads4(p):
    if isinstance(p, int):
        return (p, p, p, p)
    if len(p) == 2:
        return (p[0], p[1], p[0], p[1])
    return tuple(p)


def write(family, cases):
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, family + '.json')
    doc = {'generator': GENERATOR, 'torch': torch.__version__, 'family': family, 'cases': cases}
    with open(path, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print('%-28s %3d cases %7d bytes' % (family + '.json', len(cases), os.path.getsize(path)))


# ---------------------------------------------------------------- transposed convolution
def conv_transpose_ref(x, w, b, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    s, op, d = pair(stride), pair(output_padding), pair(dilation)
    top, left, bottom, right = pads4(padding)
    ph, pw = min(top, bottom), min(left, right)
    y = F.conv_transpose2d(x, w, b, stride=s, padding=(ph, pw), output_padding=op, groups=groups, dilation=d)
    kh, kw = w.shape[2], w.shape[3]
    out_h = (x.shape[2] - 1) * s[0] - top - bottom + d[0] * (kh - 1) + op[0] + 1
    out_w = (x.shape[3] - 1) * s[1] - left - right + d[1] * (kw - 1) + op[1] + 1
    return y[:, :, top - ph: top - ph + out_h, left - pw: left - pw + out_w]


CONV_T = [
    # name, N, Cin, H, W, Cout, kH, kW, options, bias
    ('stride 1, 3×3 kernel', 1, 1, 4, 4, 1, 3, 3, {}, False),
    ('stride 2 doubles-ish H and W, 2×2 kernel', 1, 2, 3, 3, 2, 2, 2, {'stride': 2}, True),
    ('stride 2, 3×3 kernel, padding 1', 1, 2, 4, 4, 3, 3, 3, {'stride': 2, 'padding': 1}, True),
    ('stride 2, padding 1, outputPadding 1', 2, 2, 3, 4, 2, 3, 3, {'stride': 2, 'padding': 1, 'outputPadding': 1}, True),
    ('stride 3, 4×4 kernel', 1, 1, 3, 3, 2, 4, 4, {'stride': 3}, False),
    ('stride 3, outputPadding 2', 1, 2, 3, 2, 1, 3, 3, {'stride': 3, 'outputPadding': 2}, True),
    ('non-square stride [1, 3] and kernel 2×4', 1, 2, 4, 3, 2, 2, 4, {'stride': [1, 3]}, True),
    ('non-square padding [2, 0] and stride [2, 1]', 1, 1, 5, 4, 2, 3, 2, {'stride': [2, 1], 'padding': [2, 0]}, True),
    ('dilation 2', 1, 2, 4, 4, 2, 3, 3, {'dilation': 2}, True),
    ('dilation [2, 3], stride 2, padding 2', 1, 1, 4, 5, 2, 3, 2, {'stride': 2, 'dilation': [2, 3], 'padding': 2}, False),
    ('outputPadding 1 allowed by dilation 2 at stride 1', 1, 1, 3, 3, 1, 3, 3, {'dilation': 2, 'outputPadding': 1}, True),
    ('groups 2', 1, 4, 3, 3, 6, 3, 3, {'groups': 2, 'stride': 2}, True),
    ('groups 3 (depthwise-style, 1 output per group)', 2, 3, 3, 4, 3, 2, 2, {'groups': 3, 'stride': 2, 'padding': 1}, True),
    ('groups 2 with dilation and outputPadding', 1, 4, 3, 3, 4, 2, 3, {'groups': 2, 'stride': [2, 3], 'dilation': [2, 1], 'outputPadding': [1, 2]}, True),
    ('asymmetric padding [top 1, left 0, bottom 2, right 1]', 1, 2, 4, 4, 2, 3, 3, {'stride': 2, 'padding': [1, 0, 2, 1]}, True),
    ('asymmetric padding [0, 2, 1, 0] with outputPadding', 1, 1, 3, 3, 2, 4, 4, {'stride': 2, 'padding': [0, 2, 1, 0], 'outputPadding': 1}, True),
    ('asymmetric padding with dilation and groups', 2, 2, 3, 3, 4, 3, 3, {'stride': 3, 'padding': [3, 1, 0, 2], 'dilation': 2, 'groups': 2}, True),
    ('padding larger than d·(k − 1) crops inside the stamps', 1, 1, 5, 5, 1, 2, 2, {'stride': 2, 'padding': 2}, False),
    ('1×1 input paints one kernel', 1, 1, 1, 1, 2, 3, 2, {'stride': 2}, True),
    ('1×1 kernel with stride 3 spaces pixels out', 1, 2, 3, 3, 1, 1, 1, {'stride': 3}, True),
    ('batch 3, tall input', 3, 1, 6, 2, 2, 2, 3, {'stride': [2, 1], 'padding': [0, 1]}, True),
]


def gen_conv_transpose():
    dr = Draw(1001)
    cases = []
    for name, n, cin, h, w, cout, kh, kw, opts, has_bias in CONV_T:
        g = opts.get('groups', 1)
        x = dr.tensor((n, cin, h, w))
        wt = dr.tensor((cin, cout // g, kh, kw))
        b = dr.vec(cout) if has_bias else None
        y = conv_transpose_ref(x, wt, b, opts.get('stride', 1), opts.get('padding', 0),
                               opts.get('outputPadding', 0), opts.get('dilation', 1), g)
        cases.append({'name': name, 'opts': opts, 'input': enc(x), 'weight': enc(wt), 'bias': enc_vec(b),
                      'expected': enc(y)})
    # Non-finite inputs: PyTorch propagates NaN/Inf through zero weights (0·Inf = NaN) — so must we.
    x = dr.tensor((1, 1, 2, 3))
    x[0, 0, 0, 1] = float('nan')
    x[0, 0, 1, 2] = float('inf')
    wt = dr.tensor((1, 2, 2, 2))
    wt[0, 0, 0, 0] = 0.0
    wt[0, 1, 1, 1] = 0.0
    y = conv_transpose_ref(x, wt, None, 2)
    cases.append({'name': 'NaN and Inf inputs propagate through zero weights', 'opts': {'stride': 2},
                  'input': enc(x), 'weight': enc(wt), 'bias': None, 'expected': enc(y)})
    write('conv-transpose2d', cases)


# ---------------------------------------------------------------- convolution
CONV = [
    ('3×3 kernel, no padding', 1, 1, 5, 5, 1, 3, 3, {}, False),
    ('stride 2, padding 1', 1, 2, 6, 5, 3, 3, 3, {'stride': 2, 'padding': 1}, True),
    ('stride 3 leaves trailing rows unused', 1, 1, 8, 7, 2, 2, 2, {'stride': 3}, True),
    ('non-square stride, kernel and padding', 2, 2, 5, 7, 2, 2, 4, {'stride': [2, 1], 'padding': [1, 2]}, True),
    ('dilation 2', 1, 2, 7, 7, 2, 3, 3, {'dilation': 2}, True),
    ('dilation [1, 3] with stride 2', 1, 1, 6, 9, 2, 2, 3, {'dilation': [1, 3], 'stride': 2}, False),
    ('groups 2', 1, 4, 4, 4, 6, 3, 3, {'groups': 2, 'padding': 1}, True),
    ('groups 3, depthwise', 2, 3, 5, 4, 3, 3, 3, {'groups': 3, 'stride': 2, 'padding': 1}, True),
    ('asymmetric padding [top 1, left 0, bottom 2, right 3]', 1, 2, 4, 4, 2, 3, 3, {'padding': [1, 0, 2, 3]}, True),
    ('asymmetric padding with stride and dilation', 1, 1, 5, 6, 2, 3, 2, {'padding': [0, 2, 1, 0], 'stride': [2, 3], 'dilation': 2}, True),
    ('kernel as large as the padded input gives 1×1', 1, 2, 3, 2, 1, 5, 4, {'padding': 1}, True),
    ('1×1 kernel', 1, 3, 3, 3, 2, 1, 1, {}, True),
]


def gen_conv2d():
    dr = Draw(2002)
    cases = []
    for name, n, cin, h, w, cout, kh, kw, opts, has_bias in CONV:
        g = opts.get('groups', 1)
        x = dr.tensor((n, cin, h, w))
        wt = dr.tensor((cout, cin // g, kh, kw))
        b = dr.vec(cout) if has_bias else None
        top, left, bottom, right = pads4(opts.get('padding', 0))
        xp = F.pad(x, (left, right, top, bottom))
        y = F.conv2d(xp, wt, b, stride=pair(opts.get('stride', 1)), dilation=pair(opts.get('dilation', 1)), groups=g)
        cases.append({'name': name, 'opts': opts, 'input': enc(x), 'weight': enc(wt), 'bias': enc_vec(b),
                      'expected': enc(y)})
    x = dr.tensor((1, 1, 3, 3))
    x[0, 0, 0, 0] = float('nan')
    x[0, 0, 2, 1] = float('-inf')
    wt = dr.tensor((1, 1, 2, 2))
    wt[0, 0, 0, 0] = 0.0
    wt[0, 0, 1, 0] = 0.0
    y = F.conv2d(x, wt)
    cases.append({'name': 'NaN and -Inf inputs propagate through zero weights', 'opts': {}, 'input': enc(x),
                  'weight': enc(wt), 'bias': None, 'expected': enc(y)})
    write('conv2d', cases)


# ---------------------------------------------------------------- interpolate
INTERP = [
    # shape, scale (number or [h, w]), mode, align_corners (None = not passed)
    ((1, 1, 3, 4), 2, 'nearest', None),
    ((1, 2, 3, 3), 3, 'nearest', None),
    ((1, 1, 4, 5), 1.5, 'nearest', None),
    ((1, 1, 5, 5), 0.5, 'nearest', None),
    ((1, 1, 5, 7), 0.7, 'nearest', None),
    ((1, 1, 4, 4), 1.2, 'nearest', None),  # floor(4·1.2) = 4: PyTorch copies (output size == input size)
    ((1, 1, 5, 5), 2.1, 'nearest', None),  # floor(5·2.1) = 10: PyTorch takes index >> 1 (output == 2·input)
    ((1, 1, 3, 6), 1.7, 'nearest', None),
    ((2, 1, 3, 4), [2, 1.5], 'nearest', None),
    ((1, 1, 6, 3), [0.6, 2.5], 'nearest', None),
    ((1, 1, 3, 4), 2, 'bilinear', None),
    ((1, 2, 3, 3), 2, 'bilinear', False),
    ((1, 2, 3, 3), 2, 'bilinear', True),
    ((1, 1, 4, 5), 1.5, 'bilinear', False),
    ((1, 1, 4, 5), 1.5, 'bilinear', True),
    ((1, 1, 3, 3), 3, 'bilinear', False),
    ((1, 1, 3, 3), 3, 'bilinear', True),
    ((1, 1, 6, 7), 0.5, 'bilinear', False),
    ((1, 1, 6, 7), 0.5, 'bilinear', True),
    ((1, 1, 5, 5), 0.7, 'bilinear', False),
    ((1, 1, 5, 5), 2.1, 'bilinear', False),
    ((2, 1, 3, 5), [2, 1.3], 'bilinear', False),
    ((1, 1, 4, 3), [1.25, 3], 'bilinear', True),
    ((1, 1, 2, 5), [0.5, 1], 'bilinear', True),  # one output row: align_corners takes row 0
    ((1, 1, 1, 1), 4, 'bilinear', True),
    # Rows wide enough for whole vectors plus a remainder (the wasm kernels' vector loops and scalar tails).
    ((2, 3, 7, 13), 2, 'bilinear', None),
    ((1, 2, 9, 21), 1.5, 'bilinear', True),
    ((1, 1, 8, 17), 0.5, 'bilinear', False),
    ((2, 2, 5, 9), 2, 'nearest', None),
    ((1, 2, 6, 11), 3, 'nearest', None),
]


def gen_interpolate():
    dr = Draw(3003)
    cases = []
    for shape, scale, mode, align in INTERP:
        x = dr.tensor(shape)
        sf = tuple(float(v) for v in scale) if isinstance(scale, list) else float(scale)
        kwargs = {} if align is None else {'align_corners': align}
        y = F.interpolate(x, scale_factor=sf, mode=mode, **kwargs)
        opts = {'scale': scale, 'mode': mode}
        if align is not None:
            opts['alignCorners'] = align
        name = '%s scale %s%s on %s×%s' % (mode, json.dumps(scale), '' if align is None else ' alignCorners ' + str(align).lower(),
                                           shape[2], shape[3])
        cases.append({'name': name, 'opts': opts, 'input': enc(x), 'expected': enc(y)})
    write('interpolate', cases)


# ---------------------------------------------------------------- resize-convolution
RESIZE_CONV = [
    # name, n, cin, h, w, cout, kh, kw, opts, bias
    ('k3 p1 (the training page\'s nearest upsampler)', 1, 2, 3, 4, 3, 3, 3, {'padding': 1}, True),
    ('k3 p0, batch 2', 2, 1, 4, 3, 2, 3, 3, {}, False),
    ('k4 asymmetric padding [1, 2, 2, 1] (the explorer\'s even kernel)', 1, 2, 3, 3, 1, 4, 4, {'padding': [1, 2, 2, 1]}, True),
    ('k5 p4 (the largest begin padding)', 1, 1, 2, 3, 2, 5, 5, {'padding': 4}, True),
    ('k3 padding [0, 1, 3, 3] (end padding d·(k − 1) + 1: output padding 1)', 1, 2, 3, 2, 2, 3, 3, {'padding': [0, 1, 3, 3]}, True),
    ('k2×3, padding [0, 2, 2, 1], groups 2', 1, 4, 3, 5, 2, 2, 3, {'padding': [0, 2, 2, 1], 'groups': 2}, True),
    ('k3 dilation 2 padding 2', 1, 2, 4, 4, 2, 3, 3, {'padding': 2, 'dilation': 2}, False),
    ('1×1 kernel on 1×1', 1, 3, 1, 1, 2, 1, 1, {}, True),
]


def gen_resize_conv():
    dr = Draw(4004)
    cases = []
    for name, n, cin, h, w, cout, kh, kw, opts, has_bias in RESIZE_CONV:
        g = opts.get('groups', 1)
        x = dr.tensor((n, cin, h, w))
        wt = dr.tensor((cout, cin // g, kh, kw))
        b = dr.vec(cout) if has_bias else None
        top, left, bottom, right = pads4(opts.get('padding', 0))
        up = F.pad(F.interpolate(x, scale_factor=2.0, mode='nearest'), (left, right, top, bottom))
        y = F.conv2d(up, wt, b, dilation=pair(opts.get('dilation', 1)), groups=g)
        cases.append({'name': name, 'opts': opts, 'input': enc(x), 'weight': enc(wt), 'bias': enc_vec(b),
                      'expected': enc(y)})
    write('resize-conv', cases)


# ---------------------------------------------------------------- pixel shuffle
def gen_pixel_shuffle():
    dr = Draw(4004)
    cases = []
    for shape, r in [((1, 4, 2, 3), 2), ((2, 8, 3, 2), 2), ((1, 9, 2, 2), 3), ((1, 18, 1, 2), 3), ((1, 3, 2, 2), 1),
                     ((1, 16, 1, 1), 4), ((2, 8, 3, 9), 2), ((1, 9, 4, 7), 3)]:
        x = dr.tensor(shape)
        cases.append({'name': 'r %d on %s' % (r, list(shape)), 'upscaleFactor': r, 'input': enc(x),
                      'expected': enc(F.pixel_shuffle(x, r))})
    write('pixel-shuffle', cases)


# ---------------------------------------------------------------- batch norm
def bn_case(dr, name, shape, training, momentum=0.1, eps=1e-5, affine=True, running=True, scale=1.0, shift=0.0):
    c = shape[1]
    x = dr.tensor(shape) * scale + shift
    x = torch.round(x * 1000) / 1000  # keep 3 decimals after scaling so both sides read identical inputs
    weight = dr.vec(c, 0.5, 2.0) if affine else None
    bias = dr.vec(c) if affine else None
    rm = dr.vec(c, -0.5, 0.5) if running else None
    rv = dr.vec(c, 0.5, 2.0) if running else None
    rm_after = rm.clone() if running else None
    rv_after = rv.clone() if running else None
    y = F.batch_norm(x, rm_after, rv_after, weight, bias, training=training, momentum=momentum, eps=eps)
    opts = {'training': training, 'momentum': momentum, 'eps': eps}
    case = {'name': name, 'opts': opts, 'input': enc(x), 'weight': enc_vec(weight), 'bias': enc_vec(bias),
            'runningMean': enc_vec(rm), 'runningVar': enc_vec(rv), 'expected': enc(y)}
    if training:
        case['batchMean'] = enc_vec(x.to(torch.float64).mean((0, 2, 3)))
        case['batchVar'] = enc_vec(x.to(torch.float64).var((0, 2, 3), unbiased=False))
        if running:
            case['runningMeanAfter'] = enc_vec(rm_after)
            case['runningVarAfter'] = enc_vec(rv_after)
    return case


def gen_batch_norm():
    dr = Draw(5005)
    cases = [
        bn_case(dr, 'training, default momentum 0.1 and eps 1e-5', (2, 3, 3, 4), True),
        bn_case(dr, 'training, momentum 0 keeps the running stats', (2, 2, 3, 3), True, momentum=0.0),
        bn_case(dr, 'training, momentum 1 replaces them with the batch stats', (3, 2, 2, 2), True, momentum=1.0),
        bn_case(dr, 'training, momentum 0.5, eps 1e-3', (2, 3, 2, 3), True, momentum=0.5, eps=1e-3),
        bn_case(dr, 'training, large eps 0.5 visibly shrinks the output', (2, 2, 3, 3), True, eps=0.5),
        bn_case(dr, 'training, eps 0', (2, 2, 3, 3), True, eps=0.0),
        bn_case(dr, 'training without affine parameters', (2, 3, 2, 2), True, affine=False),
        bn_case(dr, 'training without running stats', (2, 2, 3, 3), True, running=False),
        bn_case(dr, 'training on shifted, scaled data (mean 5, spread 10)', (4, 2, 3, 3), True, scale=10.0, shift=5.0),
        bn_case(dr, 'training with batch 1 (statistics over H·W only)', (1, 3, 4, 4), True, momentum=0.3),
        bn_case(dr, 'training with 1×1 spatial (statistics over the batch only)', (5, 3, 1, 1), True),
        bn_case(dr, 'eval uses the running statistics', (2, 3, 3, 3), False),
        bn_case(dr, 'eval without affine parameters, eps 1e-3', (1, 2, 3, 4), False, eps=1e-3, affine=False),
        bn_case(dr, 'eval with a single value per channel is allowed', (1, 4, 1, 1), False),
    ]
    write('batch-norm', cases)

    # Running statistics over many steps, as BatchNorm2d updates them during training.
    dr = Draw(5006)
    c, steps, momentum, eps = 3, 20, 0.1, 1e-5
    bn = torch.nn.BatchNorm2d(c, eps=eps, momentum=momentum)
    with torch.no_grad():
        bn.weight.copy_(dr.vec(c, 0.5, 2.0))
        bn.bias.copy_(dr.vec(c))
    bn.train()
    seq = []
    for step in range(steps):
        # Drifting data: the running mean must chase a moving target, which makes the lag visible.
        x = dr.tensor((4, c, 3, 3)) * (1 + step / 10) + torch.tensor([step / 5, -1.0, 2.0]).view(1, c, 1, 1)
        x = torch.round(x * 1000) / 1000
        with torch.no_grad():
            y = bn(x)
        seq.append({'input': enc(x), 'expected': enc(y), 'runningMean': enc_vec(bn.running_mean),
                    'runningVar': enc_vec(bn.running_var)})
    bn.eval()
    x_eval = torch.round(dr.tensor((2, c, 3, 3)) * 1000) / 1000
    with torch.no_grad():
        y_eval = bn(x_eval)
    doc = {'name': '%d training steps of BatchNorm2d(%d, momentum=%g, eps=%g), then one eval pass' % (steps, c, momentum, eps),
           'channels': c, 'momentum': momentum, 'eps': eps, 'weight': enc_vec(bn.weight), 'bias': enc_vec(bn.bias),
           'initialRunningMean': [0] * c, 'initialRunningVar': [1] * c, 'steps': seq,
           'eval': {'input': enc(x_eval), 'expected': enc(y_eval)}}
    write('batch-norm-sequence', [doc])


if __name__ == '__main__':
    torch.set_num_threads(1)
    gen_conv_transpose()
    gen_conv2d()
    gen_interpolate()
    gen_resize_conv()
    gen_pixel_shuffle()
    gen_batch_norm()
