#!/usr/bin/python3
"""Exports a PyTorch depth model to TorchScript plus the sidecar JSON DepthStudio reads.

Run it with the Python whose torch matches the LibTorch DepthStudio links (on Debian 12:
/usr/bin/python3 with the python3-torch package, 1.13): TorchScript written by a newer PyTorch may
not load in an older LibTorch.

  export-torchscript.py --factory depth_anything_v2.dpt:DepthAnythingV2 \\
      --factory-kwargs '{"encoder": "vits", "features": 64, "out_channels": [48, 96, 192, 384]}' \\
      --weights depth_anything_v2_vits.pth --pythonpath ~/src/Depth-Anything-V2 \\
      --width 518 --height 518 --kind relative_inverse_depth \\
      --mean 0.485 0.456 0.406 --std 0.229 0.224 0.225 --out models/depth_anything_v2_small.pt

  export-torchscript.py --demo --width 64 --height 48 --out /tmp/demo.pt   # no download needed

The model is traced at --width x --height (the sidecar's input frame): shapes computed in Python
become constants, so the exported file is meant for that size only. After saving, the file is
loaded back, run once and its output checked to be a single-channel map, as DepthStudio will.
"""

import argparse
import hashlib
import importlib
import json
import os
import sys
import tempfile

KINDS = ("metric_depth", "relative_depth", "relative_inverse_depth")
RESIZES = ("stretch", "keep_aspect_pad", "keep_aspect_crop")
DEMO_OUTPUTS = ("nchw", "nhw", "hw", "tuple", "dict", "three_channel")


def fail(message):
    sys.exit("export-torchscript: " + message)


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Trace a PyTorch depth model into TorchScript and write its sidecar JSON.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_argument_group("the model")
    src.add_argument("--factory", help="module:callable that builds the model (e.g. "
                     "depth_anything_v2.dpt:DepthAnythingV2); a class or a function")
    src.add_argument("--factory-kwargs", default="{}",
                     help="JSON object of keyword arguments for the factory")
    src.add_argument("--weights", help="checkpoint loaded with load_state_dict (a state dict, or a "
                     "dict holding one under 'state_dict' or 'model'; 'module.' prefixes stripped)")
    src.add_argument("--pythonpath", action="append", default=[],
                     help="folder to import the factory from (e.g. a cloned repository); repeatable")
    src.add_argument("--script", action="store_true",
                     help="torch.jit.script the model instead of tracing it")
    src.add_argument("--demo", action="store_true",
                     help="export a tiny random conv net instead (no download; used by the tests)")
    src.add_argument("--demo-output", choices=DEMO_OUTPUTS, default="nchw",
                     help="what the demo net returns: [1,1,H,W], [1,H,W], [H,W], (depth, features), "
                     "{'features', 'depth'} or a 3-channel map (which DepthStudio rejects)")
    src.add_argument("--demo-rigid", action="store_true",
                     help="make the demo net accept only the export size (a fixed-size reshape)")
    src.add_argument("--seed", type=int, default=0, help="seed for the demo net's weights")

    side = p.add_argument_group("the sidecar")
    side.add_argument("--width", type=int, required=True, help="network input width in pixels")
    side.add_argument("--height", type=int, required=True, help="network input height in pixels")
    side.add_argument("--kind", choices=KINDS, default=None,
                      help="what the output means (required unless --demo)")
    side.add_argument("--name", help="display name (default: the output file's stem)")
    side.add_argument("--license", default="", help="licence text for the model card")
    side.add_argument("--mean", type=float, nargs=3, default=[0.0, 0.0, 0.0])
    side.add_argument("--std", type=float, nargs=3, default=[1.0, 1.0, 1.0])
    side.add_argument("--scale", type=float, default=1.0 / 255.0,
                      help="factor on 8-bit pixel values before mean/std (default 1/255)")
    side.add_argument("--color", choices=("RGB", "BGR"), default="RGB")
    side.add_argument("--resize", choices=RESIZES, default="stretch")
    side.add_argument("--output-name", default="",
                      help="which element of a tuple/list (an index) or dict (a key) output is depth")
    side.add_argument("--output-scale", type=float, default=1.0)
    side.add_argument("--output-shift", type=float, default=0.0)
    side.add_argument("--out", required=True, help="the TorchScript file to write (.pt); the "
                      "sidecar goes beside it with the same stem and .json")
    args = p.parse_args(argv)
    if args.demo == bool(args.factory):
        p.error("give exactly one of --factory and --demo")
    if args.width <= 0 or args.height <= 0:
        p.error("--width and --height must be positive")
    if args.kind is None:
        if not args.demo:
            p.error("--kind is required: what the model's output means (" + ", ".join(KINDS) + ")")
        args.kind = "relative_inverse_depth"
    if any(s == 0 for s in args.std):
        p.error("--std values must be non-zero")
    if args.demo and args.demo_output in ("tuple", "dict") and not args.output_name:
        args.output_name = "1" if args.demo_output == "tuple" else "depth"
    return args


def build_demo(torch, args):
    nn = torch.nn

    class DemoDepthNet(nn.Module):
        """Two convolutions and a softplus: a positive single-channel map at the input size."""

        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())
            self.head = nn.Conv2d(8, 3 if args.demo_output == "three_channel" else 1, 3, padding=1)

        def forward(self, x):
            if args.demo_rigid:  # a constant shape in the trace: any other size fails to run
                x = x.reshape(1, 3, args.height, args.width)
            f = self.features(x)
            d = nn.functional.softplus(self.head(f)) + 0.1
            if args.demo_output == "nhw":
                return d[:, 0]
            if args.demo_output == "hw":
                return d[0, 0]
            if args.demo_output == "tuple":
                return f, d  # depth second, so the sidecar must name it ("1")
            if args.demo_output == "dict":
                return {"features": f, "depth": d}
            return d

    torch.manual_seed(args.seed)
    return DemoDepthNet()


def build_factory(torch, args):
    for folder in reversed(args.pythonpath):
        sys.path.insert(0, os.path.abspath(os.path.expanduser(folder)))
    module_name, _, attr = args.factory.partition(":")
    if not module_name or not attr:
        fail(f"--factory '{args.factory}' must look like package.module:callable")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        fail(f"cannot import '{module_name}' ({e}); add its folder with --pythonpath")
    factory = module
    for part in attr.split("."):
        factory = getattr(factory, part, None)
        if factory is None:
            fail(f"'{module_name}' has no '{attr}'")
    try:
        kwargs = json.loads(args.factory_kwargs)
    except json.JSONDecodeError as e:
        fail(f"--factory-kwargs is not valid JSON: {e}")
    if not isinstance(kwargs, dict):
        fail("--factory-kwargs must be a JSON object")
    model = factory(**kwargs)
    if args.weights:
        state = torch.load(os.path.expanduser(args.weights), map_location="cpu")
        for key in ("state_dict", "model"):
            if isinstance(state, dict) and isinstance(state.get(key), dict):
                state = state[key]
        if not isinstance(state, dict):
            fail(f"'{args.weights}' holds a {type(state).__name__}, not a state dict")
        state = {k[len("module."):] if k.startswith("module.") else k: v for k, v in state.items()}
        try:
            model.load_state_dict(state, strict=True)
        except RuntimeError as e:  # names every missing, unexpected and mis-shaped tensor
            fail(f"'{args.weights}' does not fit the model the factory built "
                 f"(check --factory-kwargs): {e}")
    return model


def first_map(out, name):
    """The depth map in a model's output, chosen the way DepthStudio's loader chooses it."""
    if isinstance(out, (tuple, list)):
        return out[int(name) if name else 0]
    if isinstance(out, dict):
        return out[name] if name else next(iter(out.values()))
    return out


def check_single_channel(torch, out, name):
    depth = first_map(out, name)
    if not torch.is_tensor(depth):
        fail(f"the output is a {type(depth).__name__}, not a tensor")
    dims = list(depth.shape)
    ok = (len(dims) == 2 or (len(dims) == 3 and dims[0] == 1)
          or (len(dims) == 4 and dims[0] == 1 and dims[1] == 1))
    if not ok:
        fail(f"the output has shape {dims}; DepthStudio needs [1,1,H,W], [1,H,W] or [H,W]")
    return depth


def make_readable(path):
    """mkstemp creates 0600 files; give the result the permissions a plain open() would."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def write_atomically(path, data):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        make_readable(tmp)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv):
    args = parse_args(argv)
    try:
        import torch
    except ImportError:
        fail(f"{sys.executable} has no torch module; on Debian: apt-get install python3-torch")

    model = build_demo(torch, args) if args.demo else build_factory(torch, args)
    model.eval()
    example = torch.rand(1, 3, args.height, args.width, generator=torch.Generator().manual_seed(0))
    example = (example * 255 * args.scale - torch.tensor(args.mean).view(1, 3, 1, 1)) / \
        torch.tensor(args.std).view(1, 3, 1, 1)
    # The three-channel demo exists to be refused by DepthStudio, so it skips the output check.
    check = not (args.demo and args.demo_output == "three_channel")
    with torch.no_grad():
        eager = model(example)
        if check:
            check_single_channel(torch, eager, args.output_name)
        if args.script:
            exported = torch.jit.script(model)
        else:  # strict=False lets dict and list outputs through
            exported = torch.jit.trace(model, example, strict=False, check_trace=False)

    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    folder = os.path.dirname(out)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(out) + ".", suffix=".pt")
    os.close(fd)
    try:
        torch.jit.save(exported, tmp)
        # Load back what was written and run it as DepthStudio will.
        loaded = torch.jit.load(tmp, map_location="cpu")
        with torch.no_grad():
            got = first_map(loaded(example), args.output_name)
        if check:
            check_single_channel(torch, got, "")
        want = first_map(eager, args.output_name)
        if got.shape != want.shape or not torch.allclose(got, want, rtol=1e-3, atol=1e-4):
            print("export-torchscript: warning: the TorchScript output differs from the eager "
                  f"model's (max abs difference {(got - want).abs().max().item():.3g})",
                  file=sys.stderr)
        with open(tmp, "rb") as f:
            sha256 = hashlib.sha256(f.read()).hexdigest()
        make_readable(tmp)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

    stem = os.path.splitext(os.path.basename(out))[0]
    output = {"kind": args.kind}
    if args.output_name:
        output["name"] = args.output_name
    if args.output_scale != 1.0:
        output["scale"] = args.output_scale
    if args.output_shift != 0.0:
        output["shift"] = args.output_shift
    sidecar = {
        "name": args.name or (f"demo depth net ({args.demo_output})" if args.demo else stem),
        "format": "torchscript",
        "file": os.path.basename(out),
        "sha256": sha256,
        "input": {"width": args.width, "height": args.height, "layout": "NCHW",
                  "color": args.color, "scale": args.scale, "mean": args.mean, "std": args.std,
                  "resize": args.resize},
        "output": output,
        "exported_with": f"torch {torch.__version__}",
    }
    if args.license:
        sidecar["license"] = args.license
    json_path = os.path.join(folder, stem + ".json")
    write_atomically(json_path, (json.dumps(sidecar, indent=2) + "\n").encode())
    print(f"export-torchscript: wrote {out} and {json_path} "
          f"(output {list(got.shape)}, torch {torch.__version__})")


if __name__ == "__main__":
    main(sys.argv[1:])
