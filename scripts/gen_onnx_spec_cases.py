#!/usr/bin/python3
"""Extract the ONNX operator spec's own examples (the cases behind docs/Operators.md and the ONNX backend
tests, shipped in the `onnx` Python package) for the ops Layer Lab maps, into src/onnx/cases/spec-examples.json.

Run: /usr/bin/python3 scripts/gen_onnx_spec_cases.py   (onnx 1.12)
Only 2-D cases (4-D NCHW tensors) are kept. Values are float32 written as JSON numbers.
"""
import importlib
import json
import os

import numpy as np
import onnx
from onnx import helper
import onnx.backend.test.case.node as node_pkg
from onnx.backend.test.case.base import Base

OPS = {
    'ConvTranspose': 'convtranspose',
    'Conv': 'conv',
    'BatchNormalization': 'batchnorm',
    'DepthToSpace': 'depthtospace',
    'Resize': 'resize',
}
captured = []


def attr_value(a):
    v = helper.get_attribute_value(a)
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, float):
        return float(np.float32(v))
    if isinstance(v, list):
        return [int(x) if isinstance(x, int) else float(x) for x in v]
    return v


def tensor_json(arr):
    arr = np.asarray(arr)
    return {'shape': list(arr.shape), 'dtype': str(arr.dtype), 'data': [float(x) for x in arr.ravel()]}


def fake_expect(node, inputs, outputs, name, **_kwargs):
    if node.op_type not in OPS or any(c['name'] == name for c in captured):
        return
    if not inputs or np.asarray(inputs[0]).ndim != 4:
        return  # 1-D / 3-D examples: Layer Lab is 2-D only
    captured.append({
        'name': name,
        'op': node.op_type,
        'inputNames': list(node.input),
        'outputNames': list(node.output),
        'attributes': {a.name: attr_value(a) for a in node.attribute},
        'inputs': [tensor_json(x) for x in inputs],
        'outputs': [tensor_json(y) for y in outputs],
    })


node_pkg.expect = fake_expect
for op, module in OPS.items():
    mod = importlib.import_module(f'onnx.backend.test.case.node.{module}')
    mod.expect = fake_expect
    for cls in vars(mod).values():
        if isinstance(cls, type) and issubclass(cls, Base) and cls is not Base:
            for attr in dir(cls):
                if attr.startswith('export'):
                    getattr(cls, attr)()

# Resize: keep the cases driven by `scales` (PyTorch's scale_factor); `sizes` and roi cases have no counterpart.
kept = [c for c in captured if c['op'] != 'Resize' or (c['inputNames'] == ['X', '', 'scales'] and
                                                       c['attributes'].get('mode') in ('nearest', 'linear'))]
out = os.path.join(os.path.dirname(__file__), '..', 'src', 'onnx', 'cases', 'spec-examples.json')
with open(out, 'w') as f:
    json.dump({'generator': 'scripts/gen_onnx_spec_cases.py', 'onnx': onnx.__version__, 'cases': kept}, f)
    f.write('\n')
print(f'wrote {len(kept)} cases to {os.path.normpath(out)}:', ', '.join(c['name'] for c in kept))
