#!/usr/bin/env python3
"""PyTorch transcription of ganforge's default table training round (src/model/recipes.ts,
src/train/round.ts), at a real table's sizes, for the table-round line of `npm run bench`.

The layout (encoded width, output spans, condition vector, sizes) comes from ganforge's own
transformer: `node dist/bench/table-layout.js TABLE.csv > layout.json`. One round is what
ganforge's round graph does:
  - conditional vector (CTGAN training-by-sampling): per row a conditioned span chosen uniformly,
    a category in it, and a real row of that category, shown to D under a shuffled pairing;
  - G: concat(z, cond) -> Residual(hidden) -> Residual(hidden) -> Linear(width); each residual is
    concat(ReLU(BN(Linear(x))), x) (CTGAN); heads per span: tanh, Gumbel-softmax (tau 0.2), identity;
  - D: concat(x, cond) packed by pac -> SN-Linear(hidden) -> LeakyReLU(0.2) -> SN-Linear(hidden)
    -> LeakyReLU(0.2) -> SN-Linear(1), spectral norm with one power iteration per forward;
  - D update: one critic pass over real and fake rows together (fake detached), hinge loss;
  - G update: fresh noise and conditions, loss -mean(D(G(z))) + CTGAN's conditional cross-entropy
    (D's weights frozen for this backward: the same work as ganforge, which only differentiates
    with respect to G);
  - Adam lr 1e-3 betas (0.5, 0.9) on both; EMA (0.99) of G's parameters after the round.
Data values are random (time does not depend on them); categories are assigned to rows at random.

Prints one JSON line: median wall and process-CPU ms per round over the timed epochs (the first
epoch is warm-up).
usage: torch_table_round.py LAYOUT.json [--rounds 40] [--epochs 5] [--threads 1] [--batch N] [--hidden N] [--plain-gumbel]
Not part of the npm package.
"""
import argparse, json, statistics, time

import torch
from torch import nn
import torch.nn.functional as F


class Residual(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.fc = nn.Linear(i, o)
        self.bn = nn.BatchNorm1d(o)

    def forward(self, x):
        return torch.cat([F.relu(self.bn(self.fc(x))), x], dim=1)


class Generator(nn.Module):
    def __init__(self, inp, hidden, out):
        super().__init__()
        layers, dim = [], inp
        for h in hidden:
            layers.append(Residual(dim, h))
            dim += h
        layers.append(nn.Linear(dim, out))
        self.seq = nn.Sequential(*layers)

    def forward(self, x):
        return self.seq(x)


class Critic(nn.Module):
    def __init__(self, inp, hidden, pac):
        super().__init__()
        sn = nn.utils.spectral_norm
        layers, dim = [], inp * pac
        for h in hidden:
            layers += [sn(nn.Linear(dim, h)), nn.LeakyReLU(0.2)]
            dim = h
        layers.append(sn(nn.Linear(dim, 1)))
        self.seq = nn.Sequential(*layers)
        self.pac, self.packdim = pac, inp * pac

    def forward(self, x):
        return self.seq(x.view(-1, self.packdim))


# ganforge floors training-time Gumbel-softmax probabilities at 1e-30 (src/nn/heads.ts GUMBEL_FLOOR,
# flooredSoftmax, whose gradient also takes the floored y): at tau 0.2 most of a span underflows into
# float32 denormals, which x86 cores compute slowly. The clamp here floors the values; this
# transcription's times were the same without it (--plain-gumbel: as F.gumbel_softmax and CTGAN give them).
GUMBEL_FLOOR = 1e-30


def apply_heads(raw, spans, tau=0.2, floor=GUMBEL_FLOOR):
    parts, st = [], 0
    for s in spans:
        part = raw[:, st:st + s['width']]
        st += s['width']
        a = s['activation']
        if a == 'tanh':
            parts.append(torch.tanh(part))
        elif a in ('gumbel_softmax', 'softmax'):
            if a == 'gumbel_softmax':
                y = F.gumbel_softmax(part, tau=tau)
                parts.append(y.clamp(min=floor) if floor else y)
            else:
                parts.append(F.softmax(part, dim=1))
        else:
            parts.append(part)
    return torch.cat(parts, dim=1)


def cond_loss(raw, cond, cond_spans):
    loss = 0
    for s in cond_spans:
        lp = F.log_softmax(raw[:, s['start']:s['start'] + s['width']], dim=1)
        loss = loss - (lp * cond[:, s['condStart']:s['condStart'] + s['width']]).sum()
    return loss / raw.shape[0]


class CondSampler:
    """Training-by-sampling, vectorised: span uniformly, category by log-frequency, a matching row."""

    def __init__(self, rows, cond_spans, cond_width, gen):
        self.cond_spans, self.cw, self.gen = cond_spans, cond_width, gen
        self.cats, self.logp, self.order, self.starts, self.counts = [], [], [], [], []
        for s in cond_spans:
            cat = torch.randint(0, s['width'], (rows,), generator=gen)
            counts = torch.bincount(cat, minlength=s['width'])
            self.cats.append(cat)
            self.order.append(torch.argsort(cat))
            self.counts.append(counts)
            self.starts.append(torch.cumsum(counts, 0) - counts)
            lf = torch.log(counts.float() + 1)
            self.logp.append(lf / lf.sum())

    def sample(self, n, with_rows):
        span = torch.randint(0, len(self.cond_spans), (n,), generator=self.gen)
        cond = torch.zeros(n, self.cw)
        row = torch.zeros(n, dtype=torch.long)
        for k, s in enumerate(self.cond_spans):
            sel = (span == k).nonzero(as_tuple=True)[0]
            if sel.numel() == 0:
                continue
            cat = torch.multinomial(self.logp[k], sel.numel(), replacement=True, generator=self.gen)
            cond[sel, s['condStart'] + cat] = 1
            if with_rows:
                pick = (torch.rand(sel.numel(), generator=self.gen) * self.counts[k][cat].clamp(min=1)).long()
                row[sel] = self.order[k][self.starts[k][cat] + pick]
        return cond, row


def main():
    p = argparse.ArgumentParser()
    p.add_argument('layout')
    p.add_argument('--rounds', type=int, default=40)
    p.add_argument('--epochs', type=int, default=5)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--batch', type=int, default=None)
    p.add_argument('--hidden', type=int, default=None)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--plain-gumbel', action='store_true', help='no floor under the Gumbel-softmax probabilities')
    a = p.parse_args()
    with open(a.layout) as f:
        L = json.load(f)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    batch, hidden = a.batch or L['batch'], a.hidden or L['hidden']
    width, cw, latent, pac = L['width'], L['condWidth'], L['latent'], L['pac']
    spans, cond_spans = L['spans'], L['condSpans']
    rows = L['rows']
    data = torch.rand(rows, width) * 2 - 1
    sampler = CondSampler(rows, cond_spans, cw, gen) if cw else None

    # The copula start: G also reads a prior row (model-space width) and adds it, scaled, to its output.
    prior_w = width if L.get('prior') else 0
    G = Generator(latent + cw + prior_w, [hidden, hidden], width)
    D = Critic(width + cw, [hidden, hidden], pac)
    betas = (L['beta1'], L['beta2'])
    optG = torch.optim.Adam(G.parameters(), lr=L['lr'], betas=betas)
    optD = torch.optim.Adam(D.parameters(), lr=L['lr'], betas=betas)
    ema = [q.detach().clone() for q in G.parameters()]
    decay = L['emaDecay']

    def fake_batch(n, cond):
        z = torch.randn(n, latent)
        parts = [z] + ([cond] if cw else [])
        if prior_w:
            prior = torch.randn(n, width)
            raw = G(torch.cat(parts + [prior], 1)) + prior
        else:
            raw = G(torch.cat(parts, 1) if len(parts) > 1 else z)
        return apply_heads(raw, spans, floor=0 if a.plain_gumbel else GUMBEL_FLOOR), raw

    def one_round():
        # D update: real rows matched to sampled conditions (shuffled pairing), fake rows detached.
        if sampler:
            c_fake, idx = sampler.sample(batch, True)
            perm = torch.randperm(batch)
            real, c_real = data[idx[perm]], c_fake[perm]
        else:
            c_fake = c_real = None
            real = data[torch.randint(0, rows, (batch,))]
        with torch.no_grad():
            fake, _ = fake_batch(batch, c_fake)
        x = torch.cat([torch.cat([real, c_real], 1), torch.cat([fake, c_fake], 1)], 0) if cw else torch.cat([real, fake], 0)
        logits = D(x)
        half = logits.shape[0] // 2
        loss_d = F.relu(1 - logits[:half]).mean() + F.relu(1 + logits[half:]).mean()
        optD.zero_grad(set_to_none=True)
        loss_d.backward()
        optD.step()
        # G update.
        for q in D.parameters():
            q.requires_grad_(False)
        c = sampler.sample(batch, False)[0] if sampler else None
        fake, raw = fake_batch(batch, c)
        out = D(torch.cat([fake, c], 1) if cw else fake)
        loss_g = -out.mean() + (cond_loss(raw, c, cond_spans) if cw else 0)
        optG.zero_grad(set_to_none=True)
        loss_g.backward()
        optG.step()
        for q in D.parameters():
            q.requires_grad_(True)
        if decay is not None:
            with torch.no_grad():
                params = list(G.parameters())
                torch._foreach_mul_(ema, decay)
                torch._foreach_add_(ema, params, alpha=1 - decay)

    times, cpu = [], []
    for _ in range(a.epochs + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(a.rounds):
            one_round()
        times.append((time.perf_counter() - t0) * 1000 / a.rounds)
        cpu.append((time.process_time() - c0) * 1000 / a.rounds)
    ms = statistics.median(times[1:])
    print(json.dumps({'table': L['table'], 'batch': batch, 'hidden': hidden, 'width': width, 'cond_width': cw, 'threads': a.threads,
                      'rounds': a.rounds, 'epochs': a.epochs, 'ms_per_round': ms, 'cpu_ms_per_round': statistics.median(cpu[1:]), 'all_ms': times, 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
