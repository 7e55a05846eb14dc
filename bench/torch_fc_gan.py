#!/usr/bin/env python3
"""PyTorch reference for ganforge's image benchmark (src/bench/images.ts): the fully connected GAN
G z(100) -> 256 (LeakyReLU 0.2) -> pixels (Tanh), D pixels -> 256 (LeakyReLU 0.2) -> 1, BCE on logits,
batch 128 (last partial batch dropped), Adam 2e-4 beta=(0.5, 0.999); per batch one D update on real +
fake and one G update on fresh noise (ganforge's 'classic' preset does the same work).

Reads an unsigned-byte IDX image file (optionally gzip) and prints one JSON line with the median
milliseconds per epoch (the first epoch left out) and per step. Not part of the npm package.

usage: torch_fc_gan.py IMAGES_IDX --max-value 255 --epochs 5 [--threads 1] [--seed 0]
"""
import argparse, gzip, json, statistics, struct, time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    with open(path, 'rb') as f:
        raw = f.read()
    if raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 8:
        raise SystemExit(f'{path}: not an unsigned-byte IDX file')
    rank = raw[3]
    dims = struct.unpack('>' + 'I' * rank, raw[4:4 + 4 * rank])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank, count=int(np.prod(dims)))
    return data.reshape(dims[0], -1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('images')
    p.add_argument('--max-value', type=float, default=255)
    p.add_argument('--epochs', type=int, default=5)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = torch.from_numpy(read_idx(a.images).astype(np.float32) * (2 / a.max_value) - 1)
    n, d = x.shape
    batch, latent = 128, 100
    G = nn.Sequential(nn.Linear(latent, 256), nn.LeakyReLU(0.2), nn.Linear(256, d), nn.Tanh())
    D = nn.Sequential(nn.Linear(d, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1))
    optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)
    steps = n // batch
    times = []
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        for s in range(steps):
            real = x[perm[s * batch:(s + 1) * batch]]
            fake = G(torch.randn(batch, latent))
            d_loss = bce(D(real), ones) + bce(D(fake.detach()), zeros)
            optD.zero_grad(set_to_none=True)
            d_loss.backward()
            optD.step()
            g_loss = bce(D(G(torch.randn(batch, latent))), ones)
            optG.zero_grad(set_to_none=True)
            g_loss.backward()
            optG.step()
        times.append((time.perf_counter() - t0) * 1000)
    ms = statistics.median(times[1:] if len(times) > 1 else times)
    print(json.dumps({'images': n, 'pixels': d, 'steps_per_epoch': steps, 'epochs': a.epochs, 'threads': a.threads,
                      'ms_per_epoch': ms, 'ms_per_step': ms / steps, 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
