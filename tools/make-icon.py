#!/usr/bin/env python3
"""Draws DepthStudio's icon (resources/icons/depthstudio.png): a shaded sphere in front of a
tilted plane, coloured near-to-far like the app's turbo depth map. Standard library only."""
import math, struct, sys, zlib

N = 256

def turbo(t):
    # A short polynomial fit of the turbo colour map (near = red end).
    t = min(max(t, 0.0), 1.0)
    r = 0.1357 + t * (4.5974 - t * (42.3277 - t * (130.5887 - t * (150.5666 - t * 58.1375))))
    g = 0.0914 + t * (2.1856 + t * (4.8052 - t * (14.0195 - t * (4.2109 + t * 2.7747))))
    b = 0.1067 + t * (12.5925 - t * (60.1097 - t * (109.0745 - t * (88.5066 - t * 26.8183))))
    return [min(max(int(255 * c), 0), 255) for c in (r, g, b)]

rows = []
for y in range(N):
    row = bytearray([0])
    for x in range(N):
        u, v = (x + 0.5) / N * 2 - 1, (y + 0.5) / N * 2 - 1
        corner = max(abs(u), abs(v))
        if corner > 0.94 or (abs(u) > 0.74 and abs(v) > 0.74 and math.hypot(abs(u) - 0.74, abs(v) - 0.74) > 0.2):
            row += bytes([0, 0, 0, 0]); continue
        # A floor receding upwards: far (blue) at the top.
        depth = 0.1 + 0.6 * (v + 1) / 2
        shade = 1.0
        cx, cy, r = 0.0, 0.15, 0.5
        d2 = (u - cx) ** 2 + (v - cy) ** 2
        if d2 < r * r:
            nz = math.sqrt(r * r - d2) / r
            nx, ny = (u - cx) / r, (v - cy) / r
            depth = 0.8 + 0.15 * nz  # the sphere is near (red)
            shade = max(0.25, 0.35 + 0.65 * (-0.4 * nx - 0.5 * ny + 0.77 * nz))
        c = turbo(depth)
        row += bytes([int(c[0] * shade), int(c[1] * shade), int(c[2] * shade), 255])
    rows.append(bytes(row))

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
out = sys.argv[1] if len(sys.argv) > 1 else "resources/icons/depthstudio.png"
open(out, "wb").write(png)
print("wrote", out)
