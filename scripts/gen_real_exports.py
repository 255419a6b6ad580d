#!/usr/bin/python3
"""Export small PyTorch models the way users export theirs, into src/onnx/cases/exports/.

Run: /usr/bin/python3 scripts/gen_real_exports.py      (torch 1.13, onnx 1.12; the app and CI never need Python)

These files are what `torch.onnx.export` really writes at opsets 9–17 — parameters fed through Identity (the
exporter stores a repeated tensor once), folded and unfolded BatchNormalization, training-mode BatchNormalization
(five outputs before opset 14, `training_mode` from 14), shape subgraphs, 1-D layers — so the reader and its
shape propagation are tested on real exports, not on files we wrote ourselves (src/onnx/real-exports.test.ts).
Channel counts are tiny so that each file stays well under 50 KB.

Beside the files, manifest.json lists for each: the opset, the export options, the expected facts a reader must
find (layer nodes, training flags), and PyTorch's output (5 significant digits) for the input `probe_input` makes —
a formula rather than stored values, so that a test can rebuild it: x[i] = float32(((i·7919) mod 113) / 56.5 − 1).
"""
import json
import os

import onnx
import torch
from torch import nn

from fixture_io import randomize_batchnorm

OPSETS = [9, 11, 13, 15, 17]
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'onnx', 'cases', 'exports')
MAX_BYTES = 50 * 1024
LAYER_OPS = ('Conv', 'ConvTranspose', 'BatchNormalization')


def fresh_conv_bn() -> nn.Module:
    """The issue's reproduction: a freshly initialised BN has running_mean == bias (0) and running_var == weight
    (1), so the exporter stores each tensor once and feeds the copy through Identity."""
    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4))


class ConvBnRelu(nn.Module):
    """Conv → BN → ReLU with trained-looking BN statistics (folded into the Conv by an EVAL export)."""

    def __init__(self, gen: torch.Generator):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(4)
        randomize_batchnorm(self.bn, gen)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


class TinyResBlock(nn.Module):
    """A ResNet-style stem and block with the ops whose shapes the reader must propagate: Pad, Conv, BN, ReLU,
    MaxPool, Add, Concat, Upsample/Resize, AveragePool, GlobalAveragePool, Flatten and a Gemm head."""

    def __init__(self, gen: torch.Generator):
        super().__init__()
        self.pad = nn.ZeroPad2d((1, 2, 0, 1))
        self.stem = nn.Conv2d(3, 4, 3, stride=2)
        self.bn0 = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(4)
        self.up = nn.Upsample(scale_factor=2, mode='nearest')
        self.side = nn.Conv2d(4, 2, 1)
        self.avg = nn.AvgPool2d(2)
        self.head = nn.Linear(6, 3)
        for bn in (self.bn0, self.bn1, self.bn2):
            randomize_batchnorm(bn, gen)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn0(self.stem(self.pad(x)))))
        y = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(x + self.bn2(self.conv2(y)))
        side = self.avg(self.up(self.side(x)))
        x = torch.cat([x, side], dim=1)
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


class OneD(nn.Module):
    """Audio-style 1-D layers: Conv1d → BatchNorm1d → ReLU → ConvTranspose1d, input [N, C, L]."""

    def __init__(self, gen: torch.Generator):
        super().__init__()
        self.conv = nn.Conv1d(2, 4, 5, stride=2, padding=2, dilation=1)
        self.bn = nn.BatchNorm1d(4)
        self.up = nn.ConvTranspose1d(4, 3, 4, stride=2, padding=1, output_padding=1, dilation=1)
        randomize_batchnorm(self.bn, gen)

    def forward(self, x):
        return self.up(torch.relu(self.bn(self.conv(x))))


class ThreeD(nn.Module):
    """A Conv3d: Layer Lab refuses 3-D layers with a reason."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(1, 2, 3, padding=1)

    def forward(self, x):
        return self.conv(x)


class DcganGenerator(nn.Module):
    """The DCGAN generator (Radford et al. 2015) in miniature, initialised as the PyTorch DCGAN tutorial does:
    conv weights N(0, 0.02), BN weight N(1, 0.02), BN bias 0 — so every BN's running_mean equals its bias."""

    def __init__(self, nz=8, ngf=4, nc=3):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False), nn.Tanh())
        self.apply(weights_init)

    def forward(self, x):
        return self.main(x)


def weights_init(m: nn.Module) -> None:
    """The DCGAN tutorial's initialiser (pytorch/tutorials, beginner_source/dcgan_faces_tutorial.py)."""
    name = m.__class__.__name__
    if name.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif name.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)


def module_shapes(model: nn.Module, x: torch.Tensor):
    """Input and output shape of every conv / batch-norm module in one forward pass, by qualified name: the
    reference for our shape propagation (onnx's own shape inference cannot follow the Pad subgraphs)."""
    shapes = {}
    hooks = [m.register_forward_hook(lambda m, i, o, name=name: shapes.__setitem__(name, (list(i[0].shape), list(o.shape))))
             for name, m in model.named_modules() if isinstance(m, (nn.modules.conv._ConvNd, nn.modules.batchnorm._BatchNorm))]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return shapes


def layer_facts(path: str, opset: int, shapes):
    """What a reader must find: each layer node's op, its input and output shapes (as PyTorch saw them) and, for
    BN, whether the file says training."""
    model = onnx.load(path)
    facts = []
    for node in model.graph.node:
        if node.op_type not in LAYER_OPS:
            continue
        scopes = node.name.split('/')[1:-1]  # '/main/main.0/ConvTranspose' → module 'main.0'; '/stem/Conv' → 'stem'
        module = scopes[-1] if scopes and '.' in scopes[-1] else '.'.join(scopes)
        in_shape, out_shape = shapes[module]
        fact = {'op': node.op_type, 'name': node.name, 'input_shape': in_shape, 'output_shape': out_shape}
        if node.op_type == 'BatchNormalization':
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            # The spec: training_mode from opset 14; before it, a node with more than one output trains.
            fact['training'] = bool(attrs.get('training_mode', 0)) if opset >= 14 else len([o for o in node.output if o]) > 1
        facts.append(fact)
    return facts, sorted({n.op_type for n in model.graph.node})


def probe_input(*shape) -> torch.Tensor:
    n = 1
    for d in shape:
        n *= d
    return torch.tensor([((i * 7919) % 113) / 56.5 - 1 for i in range(n)], dtype=torch.float32).reshape(shape)


def export(manifest, name: str, model: nn.Module, x: torch.Tensor, opset: int, *, training='EVAL',
           folding=True, note=''):
    mode = {'EVAL': torch.onnx.TrainingMode.EVAL, 'PRESERVE': torch.onnx.TrainingMode.PRESERVE,
            'TRAINING': torch.onnx.TrainingMode.TRAINING}[training]
    model.train(training == 'TRAINING')
    file = f'{name}-op{opset}.onnx'
    path = os.path.join(OUT_DIR, file)
    # Output before export: exporting in training mode runs the model once and updates BN's running stats.
    with torch.no_grad():
        y = model(x)
    shapes = module_shapes(model, x)
    torch.onnx.export(model, x, path, opset_version=opset, training=mode, do_constant_folding=folding,
                      input_names=['input'], output_names=['output'])
    onnx.checker.check_model(onnx.load(path))
    size = os.path.getsize(path)
    assert size < MAX_BYTES, f'{file} is {size} bytes'
    layers, ops = layer_facts(path, opset, shapes)
    manifest.append({
        'file': file, 'model': name, 'opset': opset, 'training': training, 'do_constant_folding': folding,
        'note': note, 'ops': ops, 'layers': layers,
        'input_shape': list(x.shape),
        'output': {'shape': list(y.shape), 'data': [float(f'{float(v):.5g}') for v in y.flatten()]},
    })
    print(f'{file}: {size} bytes, {ops}')


def main() -> None:
    os.makedirs(OUT_DIR, exist_ok=True)
    for f in os.listdir(OUT_DIR):
        if f.endswith('.onnx'):
            os.remove(os.path.join(OUT_DIR, f))
    manifest = []
    for opset in OPSETS:
        torch.manual_seed(opset)
        gen = torch.Generator().manual_seed(100 + opset)
        x = probe_input(1, 3, 8, 8)
        export(manifest, 'fresh-conv-bn', fresh_conv_bn().eval(), x, opset, training='PRESERVE',
               note='the issue\'s reproduction: BN parameters through Identity')
        m = ConvBnRelu(gen)
        export(manifest, 'conv-bn-folded', m, x, opset, training='EVAL', folding=True,
               note='BN folded into the Conv by the exporter')
        export(manifest, 'conv-bn-unfolded', m, x, opset, training='PRESERVE', folding=False,
               note='BN kept, no constant folding')
        export(manifest, 'tiny-resnet', TinyResBlock(gen), probe_input(1, 3, 17, 15), opset,
               training='PRESERVE', folding=opset != 11, note='shape propagation through the common ops')
        export(manifest, 'one-d', OneD(gen), probe_input(1, 2, 20), opset, training='PRESERVE')
        export(manifest, 'dcgan-generator', DcganGenerator(), probe_input(1, 8, 1, 1), opset,
               training='PRESERVE', note='DCGAN tutorial init: BN running_mean == bias, fed through Identity')
    for opset in (11, 15):
        gen = torch.Generator().manual_seed(200 + opset)
        bn = nn.Sequential(nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3))
        randomize_batchnorm(bn[1], gen)
        export(manifest, 'bn-training', bn, probe_input(2, 3, 4, 4), opset, training='TRAINING',
               folding=False, note='training-mode BatchNormalization')
    torch.manual_seed(3)
    export(manifest, 'conv3d', ThreeD(), probe_input(1, 1, 4, 4, 4), 13, training='EVAL', note='a 3-D layer')
    with open(os.path.join(OUT_DIR, 'manifest.json'), 'w') as f:
        json.dump({'generator': 'scripts/gen_real_exports.py', 'torch': torch.__version__, 'onnx': onnx.__version__,
                   'exports': manifest}, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
