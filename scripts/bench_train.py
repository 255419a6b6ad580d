#!/usr/bin/python3
"""PyTorch side of `npm run bench:train` (scripts/bench-train.ts starts it; never needed by `npm test`).

    /usr/bin/python3 scripts/bench_train.py DIR

DIR holds nets.json (each network as layer descriptions, see scripts/bench-train-nets.ts) and data.f32 (the
initial weights, inputs and targets as little-endian float32), so both sides start from identical numbers.
CPU, one thread. Then a line protocol on stdin/stdout, one JSON reply per command:
    losses ID STEPS   a fresh copy of the network, STEPS Adam steps: the loss of each
    time ID STEPS     STEPS more steps of a long-lived copy: milliseconds of each
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


def layer_fn(spec, p):
    """A function x → y for one layer spec; `p` maps parameter names to tensors."""
    t = spec['type']
    if t == 'conv2d':
        o = spec['opts']
        w, b = p[spec['params'][0]], (p[spec['params'][1]] if len(spec['params']) > 1 else None)
        for k in o:
            assert k in ('padding', 'stride', 'dilation'), k
        return lambda x, train: F.conv2d(x, w, b, pair(o.get('stride', 1)), pair(o.get('padding', 0)), pair(o.get('dilation', 1)))
    if t == 'convTranspose2d':
        o = spec['opts']
        w, b = p[spec['params'][0]], (p[spec['params'][1]] if len(spec['params']) > 1 else None)
        for k in o:
            assert k in ('padding', 'stride', 'outputPadding', 'dilation'), k
        return lambda x, train: F.conv_transpose2d(x, w, b, pair(o.get('stride', 1)), pair(o.get('padding', 0)),
                                                   pair(o.get('outputPadding', 0)), 1, pair(o.get('dilation', 1)))
    if t == 'batchNorm2d':
        g, b = p[spec['params'][0]], p[spec['params'][1]]
        rm, rv = torch.zeros(g.shape[0]), torch.ones(g.shape[0])
        return lambda x, train: F.batch_norm(x, rm, rv, g, b, train, spec['momentum'], spec['eps'])
    if t == 'relu':
        return lambda x, train: F.relu(x)
    if t == 'globalAvgPool':
        return lambda x, train: F.adaptive_avg_pool2d(x, 1)
    if t == 'upsample':
        align = False if spec['mode'] == 'bilinear' else None
        return lambda x, train: F.interpolate(x, scale_factor=spec['scale'], mode=spec['mode'], align_corners=align)
    if t == 'pixelShuffle':
        return lambda x, train: F.pixel_shuffle(x, spec['factor'])
    raise ValueError('unknown layer ' + t)


class Net:
    def __init__(self, spec, data):
        def take(shape_at):
            shape, at = shape_at
            n = int(np.prod(shape))
            return torch.from_numpy(data[at:at + n].copy()).reshape(shape)

        self.params = {name: take(sa).requires_grad_(True) for name, sa in spec['params'].items()}
        self.layers = [layer_fn(l, self.params) for l in spec['layers']]
        self.input = take(spec['input'])
        if spec['loss'] == 'mse':
            self.target = take(spec['target'])
            self.loss = lambda y: F.mse_loss(y, self.target)
        else:
            self.target = torch.tensor(spec['target'], dtype=torch.long)
            self.loss = lambda y: F.cross_entropy(y.flatten(1), self.target)
        self.opt = torch.optim.Adam(list(self.params.values()), lr=spec['lr'])

    def step(self):
        self.opt.zero_grad(set_to_none=True)
        y = self.input
        for f in self.layers:
            y = f(y, True)
        loss = self.loss(y)
        loss.backward()
        self.opt.step()
        return loss.item()


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, 'nets.json')) as f:
        specs = {s['id']: s for s in json.load(f)}
    data = np.fromfile(os.path.join(folder, 'data.f32'), dtype='<f4')
    timed = {i: Net(s, data) for i, s in specs.items()}
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        cmd, net_id, steps = line.split()
        steps = int(steps)
        if cmd == 'losses':
            net = Net(specs[net_id], data)
            reply = [net.step() for _ in range(steps)]
        else:
            net = timed[net_id]
            reply = []
            for _ in range(steps):
                t0 = time.perf_counter()
                net.step()
                reply.append((time.perf_counter() - t0) * 1000)
        print(json.dumps(reply), flush=True)


if __name__ == '__main__':
    main()
