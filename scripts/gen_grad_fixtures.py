#!/usr/bin/python3
"""Generate the PyTorch gradient fixtures in src/kernels/backward/cases/*.json that the backward-kernel and
optimiser tests compare against.

Run from the repository root:  /usr/bin/python3 scripts/gen_grad_fixtures.py
(torch 1.13, CPU). Deterministic: a fixed seed per family. CI and the app never run this script.

Every case holds the forward inputs (3-decimal numbers, so both sides read identical float32 values), the
incoming gradient ∂L/∂y ("gradOutput", also 3-decimal) and what torch.autograd returns for each input,
computed in float64 and rounded to 7 significant digits. Tensor encoding, seeds' helpers and the asymmetric
padding trick (conv_transpose_ref: run with the smaller pad, then crop — autograd differentiates the crop)
are shared with scripts/gen_fixtures.py.
"""
import json
import os

import torch
import torch.nn.functional as F

from gen_fixtures import Draw, conv_transpose_ref, enc, enc_vec, pads4, pair

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'src', 'kernels', 'backward', 'cases')
GENERATOR = 'scripts/gen_grad_fixtures.py'


def write(family, cases):
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, family + '.json')
    doc = {'generator': GENERATOR, 'torch': torch.__version__, 'family': family, 'cases': cases}
    with open(path, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print('%-28s %3d cases %7d bytes' % (family + '.json', len(cases), os.path.getsize(path)))


def leaf(t):
    """A float64 copy that autograd tracks (the float32 values are exactly representable in float64)."""
    return t.to(torch.float64).requires_grad_(True)


def grads_of(y, grad_output, *tensors):
    return torch.autograd.grad(y, tensors, grad_output.to(torch.float64))


# ---------------------------------------------------------------- transposed convolution
CONV_T = [
    # name, N, Cin, H, W, Cout, kH, kW, options
    ('k3 s2 p1 op1 (the checkerboard upsampler)', 2, 2, 3, 3, 2, 3, 3, {'stride': 2, 'padding': 1, 'outputPadding': 1}),
    ('k4 s2 p1', 1, 2, 3, 4, 3, 4, 4, {'stride': 2, 'padding': 1}),
    ('groups 2, dilation 2, stride [2, 1]', 1, 4, 3, 3, 4, 2, 3, {'groups': 2, 'stride': [2, 1], 'dilation': 2}),
    ('outputPadding 1 ≥ stride 1, allowed by dilation 2', 1, 1, 3, 3, 2, 3, 3, {'dilation': 2, 'outputPadding': 1}),
    ('asymmetric padding [1, 0, 2, 1]', 1, 2, 4, 3, 2, 3, 3, {'stride': 2, 'padding': [1, 0, 2, 1]}),
]


def gen_conv_transpose():
    dr = Draw(9001)
    cases = []
    for name, n, cin, h, w, cout, kh, kw, opts in CONV_T:
        g = opts.get('groups', 1)
        x, wt, b = dr.tensor((n, cin, h, w)), dr.tensor((cin, cout // g, kh, kw)), dr.vec(cout)
        xl, wl, bl = leaf(x), leaf(wt), leaf(b)
        y = conv_transpose_ref(xl, wl, bl, opts.get('stride', 1), opts.get('padding', 0),
                               opts.get('outputPadding', 0), opts.get('dilation', 1), g)
        gy = dr.tensor(tuple(y.shape))
        gx, gw, gb = grads_of(y, gy, xl, wl, bl)
        cases.append({'name': name, 'opts': opts, 'input': enc(x), 'weight': enc(wt), 'gradOutput': enc(gy),
                      'gradInput': enc(gx), 'gradWeight': enc(gw), 'gradBias': enc_vec(gb)})
    write('conv-transpose2d-backward', cases)


# ---------------------------------------------------------------- convolution
CONV = [
    ('k3 s2 p1, one input row never read', 2, 2, 6, 5, 3, 3, 3, {'stride': 2, 'padding': 1}),
    ('k4 s2 p1 (a discriminator layer)', 1, 2, 6, 6, 2, 4, 4, {'stride': 2, 'padding': 1}),
    ('stride 3 leaves trailing rows unused', 1, 1, 8, 7, 2, 2, 2, {'stride': 3}),
    ('groups 2, dilation [1, 2]', 1, 4, 5, 6, 2, 3, 2, {'groups': 2, 'dilation': [1, 2], 'padding': 1}),
    ('asymmetric padding [1, 0, 2, 3] with stride 2', 1, 2, 5, 4, 2, 3, 3, {'padding': [1, 0, 2, 3], 'stride': 2}),
]


def gen_conv2d():
    dr = Draw(9002)
    cases = []
    for name, n, cin, h, w, cout, kh, kw, opts in CONV:
        g = opts.get('groups', 1)
        x, wt, b = dr.tensor((n, cin, h, w)), dr.tensor((cout, cin // g, kh, kw)), dr.vec(cout)
        xl, wl, bl = leaf(x), leaf(wt), leaf(b)
        top, left, bottom, right = pads4(opts.get('padding', 0))
        y = F.conv2d(F.pad(xl, (left, right, top, bottom)), wl, bl, stride=pair(opts.get('stride', 1)),
                     dilation=pair(opts.get('dilation', 1)), groups=g)
        gy = dr.tensor(tuple(y.shape))
        gx, gw, gb = grads_of(y, gy, xl, wl, bl)
        cases.append({'name': name, 'opts': opts, 'input': enc(x), 'weight': enc(wt), 'gradOutput': enc(gy),
                      'gradInput': enc(gx), 'gradWeight': enc(gw), 'gradBias': enc_vec(gb)})
    write('conv2d-backward', cases)


# ---------------------------------------------------------------- resize-convolution
RESIZE_CONV = [
    ('k3 p1 (the training page\'s nearest upsampler), batch 2', 2, 2, 3, 4, 3, 3, 3, {'padding': 1}),
    ('k4 padding [1, 2, 2, 1], groups 2', 1, 4, 3, 3, 2, 4, 4, {'padding': [1, 2, 2, 1], 'groups': 2}),
    ('k3 dilation 2 padding [2, 0, 5, 1] (output padding in the derived layer)', 1, 1, 3, 3, 2, 3, 2, {'padding': [2, 0, 5, 1], 'dilation': 2}),
]


def gen_resize_conv():
    dr = Draw(9007)
    cases = []
    for name, n, cin, h, w, cout, kh, kw, opts in RESIZE_CONV:
        g = opts.get('groups', 1)
        x, wt, b = dr.tensor((n, cin, h, w)), dr.tensor((cout, cin // g, kh, kw)), dr.vec(cout)
        xl, wl, bl = leaf(x), leaf(wt), leaf(b)
        top, left, bottom, right = pads4(opts.get('padding', 0))
        up = F.interpolate(xl, scale_factor=2.0, mode='nearest')
        y = F.conv2d(F.pad(up, (left, right, top, bottom)), wl, bl, dilation=pair(opts.get('dilation', 1)), groups=g)
        gy = dr.tensor(tuple(y.shape))
        gx, gw, gb = grads_of(y, gy, xl, wl, bl)
        cases.append({'name': name, 'opts': opts, 'input': enc(x), 'weight': enc(wt), 'gradOutput': enc(gy),
                      'gradInput': enc(gx), 'gradWeight': enc(gw), 'gradBias': enc_vec(gb)})
    write('resize-conv-backward', cases)


# ---------------------------------------------------------------- batch norm
def gen_batch_norm():
    dr = Draw(9003)
    cases = []
    for name, shape, training, eps, scale, shift in [
        ('training, eps 1e-5', (2, 3, 3, 3), True, 1e-5, 1.0, 0.0),
        ('training on shifted, scaled data', (4, 2, 2, 3), True, 1e-5, 10.0, 5.0),
        ('training with 1×1 spatial (statistics over the batch)', (5, 2, 1, 1), True, 1e-3, 1.0, 0.0),
        ('eval: running statistics are constants', (2, 2, 3, 2), False, 1e-5, 1.0, 0.0),
    ]:
        c = shape[1]
        x = torch.round((dr.tensor(shape) * scale + shift) * 1000) / 1000
        gamma, beta = dr.vec(c, 0.5, 2.0), dr.vec(c)
        rm, rv = dr.vec(c, -0.5, 0.5), dr.vec(c, 0.5, 2.0)
        xl, gl, bl = leaf(x), leaf(gamma), leaf(beta)
        y = F.batch_norm(xl, rm.to(torch.float64).clone(), rv.to(torch.float64).clone(), gl, bl,
                         training=training, eps=eps)
        gy = dr.tensor(shape)
        gx, gg, gb = grads_of(y, gy, xl, gl, bl)
        cases.append({'name': name, 'opts': {'training': training, 'eps': eps}, 'input': enc(x),
                      'weight': enc_vec(gamma), 'bias': enc_vec(beta), 'runningMean': enc_vec(rm),
                      'runningVar': enc_vec(rv), 'gradOutput': enc(gy), 'gradInput': enc(gx),
                      'gradWeight': enc_vec(gg), 'gradBias': enc_vec(gb)})
    write('batch-norm-backward', cases)


# ---------------------------------------------------------------- interpolate, pixel shuffle, relu
def upsample_case(dr, shape, scale, mode, align):
    x = dr.tensor(shape)
    xl = leaf(x)
    sf = tuple(float(v) for v in scale) if isinstance(scale, list) else float(scale)
    kwargs = {} if align is None else {'align_corners': align}
    y = F.interpolate(xl, scale_factor=sf, mode=mode, **kwargs)
    gy = dr.tensor(tuple(y.shape))
    (gx,) = grads_of(y, gy, xl)
    opts = {'scale': scale, 'mode': mode}
    if align is not None:
        opts['alignCorners'] = align
    return {'name': '%s scale %s%s' % (mode, json.dumps(scale), '' if align is None else ' alignCorners ' + str(align).lower()),
            'op': 'upsample2d', 'opts': opts, 'input': enc(x), 'gradOutput': enc(gy), 'gradInput': enc(gx)}


def pixel_shuffle_case(dr, shape, r):
    x = dr.tensor(shape)
    xl = leaf(x)
    y = F.pixel_shuffle(xl, r)
    gy = dr.tensor(tuple(y.shape))
    (gx,) = grads_of(y, gy, xl)
    return {'name': 'pixel shuffle r %d' % r, 'op': 'pixelShuffle', 'upscaleFactor': r, 'input': enc(x),
            'gradOutput': enc(gy), 'gradInput': enc(gx)}


def gen_resample():
    dr = Draw(9004)
    cases = []
    for shape, scale, mode, align in [
        ((1, 2, 3, 4), 2, 'nearest', None),
        ((1, 1, 4, 5), 1.5, 'nearest', None),
        ((1, 1, 5, 5), 2.1, 'nearest', None),
        ((2, 1, 3, 3), 2, 'bilinear', False),
        ((1, 2, 3, 4), 2, 'bilinear', True),
        ((1, 1, 4, 5), [1.5, 0.6], 'bilinear', False),
    ]:
        cases.append(upsample_case(dr, shape, scale, mode, align))
    for shape, r in [((1, 8, 2, 3), 2), ((1, 9, 2, 2), 3)]:
        cases.append(pixel_shuffle_case(dr, shape, r))
    x = dr.tensor((1, 2, 3, 3))
    x[0, 0, 1, 1] = 0.0  # PyTorch passes no gradient at exactly 0
    xl = leaf(x)
    y = torch.relu(xl)
    gy = dr.tensor(tuple(y.shape))
    (gx,) = grads_of(y, gy, xl)
    cases.append({'name': 'relu (zero input gets zero gradient)', 'op': 'relu', 'input': enc(x), 'gradOutput': enc(gy),
                  'gradInput': enc(gx)})
    # Wider layers, appended so that the cases above keep their draws: the vectorised ×2 paths of the wasm
    # backward kernels with tails, larger and fractional scales, downscaling.
    for shape, scale, mode, align in [
        ((1, 1, 3, 9), 2, 'nearest', None),
        ((2, 2, 4, 11), 2, 'bilinear', False),
        ((1, 1, 3, 5), 3, 'bilinear', True),
        ((1, 2, 5, 7), 1.5, 'bilinear', False),
        ((1, 1, 6, 9), 0.5, 'bilinear', False),
        ((1, 1, 4, 7), 3, 'nearest', None),
    ]:
        cases.append(upsample_case(dr, shape, scale, mode, align))
        cases[-1]['name'] += ', x %s' % json.dumps(list(shape))
    cases.append(pixel_shuffle_case(dr, (1, 4, 3, 9), 2))
    cases[-1]['name'] += ', x [1, 4, 3, 9]'
    write('resample-backward', cases)


# ---------------------------------------------------------------- losses
def gen_losses():
    dr = Draw(9005)
    cases = []
    p, t = dr.tensor((2, 1, 3, 3)), dr.tensor((2, 1, 3, 3))
    pl = leaf(p)
    loss = F.mse_loss(pl, t.to(torch.float64))
    (g,) = torch.autograd.grad(loss, pl)
    cases.append({'name': 'mse, mean reduction', 'op': 'mse', 'prediction': enc(p), 'target': enc(t),
                  'loss': loss.item(), 'grad': enc(g)})
    for name, shape in [('cross-entropy, N×C×1×1', (4, 3, 1, 1)), ('cross-entropy per pixel, N×C×H×W', (2, 4, 2, 3))]:
        z = dr.tensor(shape, -4.0, 4.0)
        n, c, h, w = shape
        targets = torch.randint(0, c, (n, h, w), generator=dr.g)
        zl = leaf(z)
        loss = F.cross_entropy(zl, targets)
        (g,) = torch.autograd.grad(loss, zl)
        cases.append({'name': name, 'op': 'crossEntropy', 'logits': enc(z), 'targets': targets.flatten().tolist(),
                      'loss': loss.item(), 'grad': enc(g)})
    write('loss', cases)


# ---------------------------------------------------------------- optimisers
def gen_optim():
    """Five steps of torch.optim on float32 parameters with given gradients; parameters after every step."""
    dr = Draw(9006)
    cases = []
    for name, kind, opts in [
        ('SGD', 'sgd', {'lr': 0.1}),
        ('SGD momentum 0.9', 'sgd', {'lr': 0.05, 'momentum': 0.9}),
        ('SGD momentum 0.9, nesterov, weight decay 0.01', 'sgd', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True, 'weightDecay': 0.01}),
        ('Adam', 'adam', {'lr': 0.01}),
        ('Adam betas (0.5, 0.99), eps 1e-6, weight decay 0.1', 'adam', {'lr': 0.02, 'betas': [0.5, 0.99], 'eps': 1e-6, 'weightDecay': 0.1}),
    ]:
        p0 = dr.tensor((7,))
        grads = [dr.tensor((7,)) for _ in range(5)]
        p = torch.nn.Parameter(p0.clone())
        if kind == 'sgd':
            opt = torch.optim.SGD([p], lr=opts['lr'], momentum=opts.get('momentum', 0), nesterov=opts.get('nesterov', False),
                                  weight_decay=opts.get('weightDecay', 0))
        else:
            opt = torch.optim.Adam([p], lr=opts['lr'], betas=tuple(opts.get('betas', (0.9, 0.999))), eps=opts.get('eps', 1e-8),
                                   weight_decay=opts.get('weightDecay', 0))
        after = []
        for gr in grads:
            p.grad = gr.clone()
            opt.step()
            after.append(enc_vec(p.detach()))
        cases.append({'name': name, 'kind': kind, 'opts': opts, 'initial': enc_vec(p0),
                      'grads': [enc_vec(gr) for gr in grads], 'after': after})
    write('optim', cases)


if __name__ == '__main__':
    torch.set_num_threads(1)
    gen_conv_transpose()
    gen_conv2d()
    gen_resize_conv()
    gen_batch_norm()
    gen_resample()
    gen_losses()
    gen_optim()
