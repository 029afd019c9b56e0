#!/usr/bin/env python3
"""Turns the Middlebury Aloe pair (../shared/data/stereo/aloe) into a one-frame dataset folder that
`depthstudio-cli eval --stereo-frames` reads: rgb.png (left), right.png, depth.png and
intrinsics.json. Its ground truth is disparity d (px); stored as pseudo-depth 1/d scaled into
uint16. Inverse depth is affine in d (1/z = (d + doffs) / (f B)), and relative predictions are
aligned per image by scale and shift in inverse-depth space, so the scores compare methods on this
pair; they are not metric depth errors. Written outside the repository (the data is not ours).

usage: aloe-dataset.py ALOE_DIR OUT_DIR   (Debian python3 with python3-pil and python3-numpy)"""
import json
import os
import sys

import numpy as np
from PIL import Image

src, out = sys.argv[1], sys.argv[2]
frame = os.path.join(out, "aloe")
os.makedirs(frame, exist_ok=True)
left = Image.open(os.path.join(src, "aloeL.jpg")).convert("RGB")
right = Image.open(os.path.join(src, "aloeR.jpg")).convert("RGB")
gt = np.array(Image.open(os.path.join(src, "aloeGT.png"))).astype(np.float64)
if gt.ndim == 3:
    gt = gt[..., 0]
left.save(os.path.join(frame, "rgb.png"))
right.save(os.path.join(frame, "right.png"))
scale = 1000.0 * 43.0  # pseudo-depth 1/d in [1/211, 1/43] -> stored values up to 1000
pseudo = np.where(gt > 0, 1.0 / np.maximum(gt, 1e-6), 0.0)
Image.fromarray(np.round(pseudo * scale).astype(np.uint16)).save(os.path.join(frame, "depth.png"))
w, h = left.size
json.dump({"id": "aloe", "split": "stereo", "width": w, "height": h, "fx": 3740.0, "fy": 3740.0,
           "cx": w / 2, "cy": h / 2, "depth_scale": scale, "valid_range_m": [0.0001, 1.0],
           "crop": "", "source": "Middlebury 2006 Aloe via Debian opencv-doc; depth.png = 1/disparity"},
          open(os.path.join(frame, "intrinsics.json"), "w"), indent=1)
print("wrote", frame)
