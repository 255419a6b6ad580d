#!/usr/bin/python3
"""Export Layer Lab's reference models from PyTorch into public/models/.

Run: /usr/bin/python3 scripts/gen_models.py      (torch 1.13, onnx 1.12; the app and CI never need Python)

Each model is a small block from the upsampling literature, exported with torch.onnx.export (opset 17, eval
mode) and stored beside `<name>.io.json`: a fixed input (seeded) and PyTorch's output for it. Tests
(src/onnx/reference-models.test.ts) check that our kernels, composed node by node from the weights our
reader extracts, and ONNX Runtime Web reproduce PyTorch's output.
"""
import json
import os

import onnx
import torch
from torch import nn

OPSET = 17
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'public', 'models')


def randomize_batchnorm(bn: nn.BatchNorm2d, gen: torch.Generator) -> None:
    """Non-trivial statistics and affine parameters, so eval-mode BN is not the identity."""
    c = bn.num_features
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(c, generator=gen) * 0.5)
        bn.running_var.copy_(torch.rand(c, generator=gen) * 1.5 + 0.25)
        bn.weight.copy_(torch.rand(c, generator=gen) + 0.5)
        bn.bias.copy_(torch.randn(c, generator=gen) * 0.2)


class DcganBlock(nn.Module):
    """DCGAN generator block (Radford et al. 2015): ConvTranspose 4×4 stride 2 pad 1 doubles H and W, then BN, ReLU."""

    def __init__(self, gen: torch.Generator):
        super().__init__()
        self.up = nn.ConvTranspose2d(8, 4, kernel_size=4, stride=2, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(4)
        randomize_batchnorm(self.bn, gen)

    def forward(self, x):
        return torch.relu(self.bn(self.up(x)))


class ResizeConvBlock(nn.Module):
    """Resize-convolution (Odena et al. 2016, "Deconvolution and Checkerboard Artifacts"): nearest ×2, then 3×3 conv."""

    def __init__(self):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode='nearest')
        self.conv = nn.Conv2d(4, 3, kernel_size=3, padding=1)

    def forward(self, x):
        return self.conv(self.up(x))


class SubPixelBlock(nn.Module):
    """Sub-pixel convolution (Shi et al. 2016, ESPCN): 3×3 conv to C·r² channels, then PixelShuffle(r)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 3 * 2 * 2, kernel_size=3, padding=1)
        self.shuffle = nn.PixelShuffle(2)

    def forward(self, x):
        return self.shuffle(self.conv(x))


class OddConvTranspose(nn.Module):
    """Every ConvTranspose attribute at a non-default value: groups, rectangular kernel, stride, padding,
    output_padding and dilation — the cases mapping code gets wrong first."""

    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(4, 6, kernel_size=(3, 2), stride=(2, 3), padding=(1, 0),
                                     output_padding=(1, 2), dilation=(1, 2), groups=2)

    def forward(self, x):
        return self.up(x)


def export(name: str, model: nn.Module, input_shape, gen: torch.Generator) -> None:
    model.eval()
    x = torch.randn(*input_shape, generator=gen)
    with torch.no_grad():
        y = model(x)
    path = os.path.join(OUT_DIR, f'{name}.onnx')
    torch.onnx.export(model, x, path, opset_version=OPSET, input_names=['input'], output_names=['output'],
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    io = {
        'generator': 'scripts/gen_models.py',
        'torch': torch.__version__,
        'model': f'{name}.onnx',
        'description': (model.__doc__ or '').strip().split('\n')[0],
        'ops': [n.op_type for n in onnx.load(path).graph.node],
        'input': {'shape': list(x.shape), 'data': [float(v) for v in x.flatten()]},
        'output': {'shape': list(y.shape), 'data': [float(v) for v in y.flatten()]},
    }
    with open(os.path.join(OUT_DIR, f'{name}.io.json'), 'w') as f:
        json.dump(io, f)
        f.write('\n')
    print(f'{name}: {io["ops"]} {list(x.shape)} -> {list(y.shape)}, {os.path.getsize(path)} bytes')


def main() -> None:
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.manual_seed(0)  # module initialisers
    gen = torch.Generator().manual_seed(1234)  # inputs and BN statistics
    export('dcgan-block', DcganBlock(gen), (1, 8, 4, 4), gen)
    export('resize-conv-block', ResizeConvBlock(), (1, 4, 5, 5), gen)
    export('subpixel-block', SubPixelBlock(), (1, 4, 5, 5), gen)
    export('odd-conv-transpose', OddConvTranspose(), (2, 4, 3, 4), gen)


if __name__ == '__main__':
    main()
