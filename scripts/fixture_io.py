"""What every fixture generator shares: numbers written as the tests read them, and seeded 3-decimal inputs.

Imported by scripts/gen_*.py (run from the repository root with /usr/bin/python3; this folder is on sys.path).
"""
import math

import torch


def num(v, digits=7):
    """A float as JSON: `digits` significant digits, integers without a fraction, NaN/±Infinity as strings."""
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    r = float('%.*g' % (digits, v))
    return int(r) if r == int(r) and abs(r) < 1e15 else r


def enc(t, digits=7):
    """A tensor as {shape, data}; None stays None."""
    if t is None:
        return None
    t = t.detach().to(torch.float64).contiguous()
    return {'shape': list(t.shape), 'data': [num(v, digits) for v in t.flatten().tolist()]}


def vec(t):
    """A tensor's values as a flat list; None stays None."""
    return None if t is None else [num(v) for v in t.detach().to(torch.float64).flatten().tolist()]


class Draw:
    """Seeded inputs as 3-decimal numbers in [lo, hi): exactly representable the same way on both sides."""

    def __init__(self, seed):
        self.g = torch.Generator().manual_seed(seed)

    def tensor(self, shape, lo=-1.0, hi=1.0):
        u = torch.rand(shape, generator=self.g, dtype=torch.float64) * (hi - lo) + lo
        return torch.round(u * 1000).div(1000).to(torch.float32)

    def vec(self, n, lo=-1.0, hi=1.0):
        return self.tensor((n,), lo, hi)


def randomize_batchnorm(bn, gen):
    """Trained-looking running statistics and affine parameters (seeded), so eval-mode BN is not the identity and
    folding it into a conv changes the weights."""
    c = bn.num_features
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(c, generator=gen) * 0.5)
        bn.running_var.copy_(torch.rand(c, generator=gen) * 1.5 + 0.25)
        bn.weight.copy_(torch.rand(c, generator=gen) + 0.5)
        bn.bias.copy_(torch.randn(c, generator=gen) * 0.2)
