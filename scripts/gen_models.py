#!/usr/bin/python3
"""Export Layer Lab's reference models from PyTorch into public/models/.

Run: /usr/bin/python3 scripts/gen_models.py [examples]     (torch 1.13, onnx 1.12; the app and CI never need Python)
      `examples` exports only the small whole architectures the model page offers as examples.

Each model is a small block from the upsampling literature, exported with torch.onnx.export (opset 17, eval
mode) and stored beside `<name>.io.json`: a fixed input (seeded) and PyTorch's output for it. Tests
(src/onnx/reference-models.test.ts) check that our kernels, composed node by node from the weights our
reader extracts, and ONNX Runtime Web reproduce PyTorch's output.
"""
import json
import os
import sys

import onnx
import torch
from torch import nn

from fixture_io import randomize_batchnorm

OPSET = 17
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'public', 'models')


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


def dcgan_init(m: nn.Module, gen: torch.Generator) -> None:
    """As in the DCGAN paper and PyTorch's DCGAN tutorial: conv weights N(0, 0.02), BN weight N(1, 0.02), bias 0."""
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, (nn.Conv2d, nn.ConvTranspose2d)):
                mod.weight.copy_(torch.randn(mod.weight.shape, generator=gen) * 0.02)
            elif isinstance(mod, nn.BatchNorm2d):
                mod.weight.copy_(1 + torch.randn(mod.weight.shape, generator=gen) * 0.02)
                mod.bias.zero_()


class DcganGenerator(nn.Module):
    """DCGAN generator (Radford et al. 2015), small: latent 16×1×1 → 3×32×32 through four ConvTranspose 4×4 layers."""

    def __init__(self, gen: torch.Generator, nz: int = 16, ngf: int = 8):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),
            nn.ConvTranspose2d(ngf, 3, 4, 2, 1, bias=False), nn.Tanh())
        dcgan_init(self, gen)

    def forward(self, z):
        return self.main(z)


class Espcn(nn.Module):
    """ESPCN super-resolution (Shi et al. 2016), as in the paper: 5×5 64, 3×3 32, 3×3 r² on the Y channel, PixelShuffle(3)."""

    def __init__(self, r: int = 3):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 5, padding=2)
        self.conv2 = nn.Conv2d(64, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, r * r, 3, padding=1)
        self.shuffle = nn.PixelShuffle(r)

    def forward(self, x):
        return self.shuffle(self.conv3(torch.tanh(self.conv2(torch.tanh(self.conv1(x))))))


class UnetBlock(nn.Module):
    """One U-Net level (Ronneberger et al. 2015): conv–BN–ReLU, max-pool, conv–BN–ReLU, ConvTranspose 2×2 stride 2 up,
    concatenation with the skip, conv–BN–ReLU, 1×1 conv to 3 channels."""

    def __init__(self, gen: torch.Generator):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.mid = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU())
        self.up = nn.ConvTranspose2d(16, 8, 2, stride=2)
        self.dec = nn.Sequential(nn.Conv2d(16, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 3, 1))
        for m in self.modules():
            if isinstance(m, nn.BatchNorm2d):
                randomize_batchnorm(m, gen)

    def forward(self, x):
        skip = self.enc(x)
        return self.dec(torch.cat([self.up(self.mid(skip)), skip], dim=1))


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


def examples() -> None:
    """Small whole architectures the model page offers as examples (each well under 200 KB)."""
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(4321)
    export('dcgan-generator', DcganGenerator(gen), (1, 16, 1, 1), gen)
    export('espcn', Espcn(), (1, 1, 24, 24), gen)
    export('unet-block', UnetBlock(gen), (1, 3, 32, 32), gen)


def main() -> None:
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.manual_seed(0)  # module initialisers
    gen = torch.Generator().manual_seed(1234)  # inputs and BN statistics
    export('dcgan-block', DcganBlock(gen), (1, 8, 4, 4), gen)
    export('resize-conv-block', ResizeConvBlock(), (1, 4, 5, 5), gen)
    export('subpixel-block', SubPixelBlock(), (1, 4, 5, 5), gen)
    export('odd-conv-transpose', OddConvTranspose(), (2, 4, 3, 4), gen)


if __name__ == '__main__':
    if sys.argv[1:] == ['examples']:
        examples()
    else:
        main()
        examples()
