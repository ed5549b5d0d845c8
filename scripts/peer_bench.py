"""The PyTorch side of scripts/peer-bench.sh: marginface's SphereFace network and AM-Softmax head in
plain PyTorch, timed the way `marginface bench` times them (random input, after warm-up, best of the
rounds), for a side-by-side comparison on the same machine. A benchmark reference only: nothing in
the build or the tests uses it.

The network mirrors org.marginface.core.backbone.SphereFace: four stages of 64/128/256/512 channels,
each opened by a 3x3 stride-2 convolution (with bias) and a per-channel PReLU, then residual units of
two (3x3 convolution, PReLU) pairs plus the identity; no batch normalisation; flatten and a fully
connected 512-d embedding. The head is AM-Softmax (s = 30, m = 0.35) over normalised features and
class centres, with mean softmax cross-entropy; SGD with momentum 0.9 and weight decay 5e-4 on every
parameter but the biases, as marginface's Sgd does.

    /usr/bin/python3 scripts/peer_bench.py --backbone sphereface20 --rounds 3 --steps 4 [--profile]

Prints the parameter count, the layer shapes, one line per round and a last line
`RESULT training_step=.. inference_batchB=.. inference_batch1=..` (images per second, best of rounds).
"""

import argparse
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

UNITS = {4: (0, 0, 0, 0), 10: (0, 1, 2, 0), 20: (1, 2, 4, 1), 36: (2, 4, 8, 2), 64: (3, 8, 16, 3)}
CHANNELS = (64, 128, 256, 512)


class Residual(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, channels, 3, 1, 1), nn.PReLU(channels, 0.25),
            nn.Conv2d(channels, channels, 3, 1, 1), nn.PReLU(channels, 0.25))

    def forward(self, x):
        return self.body(x) + x


def sphereface(depth, height, width, embedding=512):
    layers = []
    inputs = 3
    for stage, channels in enumerate(CHANNELS):
        layers += [nn.Conv2d(inputs, channels, 3, 2, 1), nn.PReLU(channels, 0.25)]
        layers += [Residual(channels) for _ in range(UNITS[depth][stage])]
        inputs = channels
        height, width = height // 2, width // 2
    layers += [nn.Flatten(), nn.Linear(inputs * height * width, embedding)]
    return nn.Sequential(*layers)


class AmSoftmax(nn.Module):
    def __init__(self, dim, classes, s=30.0, m=0.35):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(classes, dim).uniform_(-0.05, 0.05))
        self.s, self.m = s, m

    def forward(self, features, labels):
        cos = F.linear(F.normalize(features, eps=1e-12), F.normalize(self.weight, eps=1e-12)).clamp(-1, 1)
        logits = self.s * (cos - self.m * F.one_hot(labels, cos.shape[1]).to(cos.dtype))
        return F.cross_entropy(logits, labels)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--backbone", default="sphereface20")
    p.add_argument("--input", default="112x96")
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=4)
    p.add_argument("--threads", type=int, default=int(os.environ.get("MARGINFACE_THREADS", "2")))
    p.add_argument("--profile", action="store_true", help="print the profiler's table of one training step")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    depth = int(a.backbone.lower().replace("sphereface", ""))
    h, w = (int(v) for v in a.input.split("x"))
    net = sphereface(depth, h, w)
    head = AmSoftmax(512, a.classes)
    trunk_params = sum(t.numel() for t in net.parameters())
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} intra-op threads, "
          f"mkldnn {torch.backends.mkldnn.is_available()}")
    print(f"{a.backbone} at {h}x{w}: trunk parameters {trunk_params}, head parameters "
          f"{sum(t.numel() for t in head.parameters())}")
    for name, module in net.named_modules():
        if isinstance(module, (nn.Conv2d, nn.Linear, nn.PReLU)):
            print(f"  {name:24s} {type(module).__name__:8s} {tuple(module.weight.shape)}")
    decayed = [t for n, t in list(net.named_parameters()) + list(head.named_parameters()) if not n.endswith("bias")]
    biases = [t for n, t in net.named_parameters() if n.endswith("bias")]
    opt = torch.optim.SGD([{"params": decayed, "weight_decay": 5e-4}, {"params": biases, "weight_decay": 0.0}],
                          lr=0.01, momentum=0.9)

    def train(count):
        net.train()
        start = time.perf_counter()
        for _ in range(count):
            x = torch.randn(a.batch, 3, h, w)
            y = torch.randint(0, a.classes, (a.batch,))
            loss = head(net(x), y)
            opt.zero_grad(set_to_none=False)
            loss.backward()
            opt.step()
            loss.item()
        return a.batch * count / (time.perf_counter() - start)

    def infer(batch, count):
        net.eval()
        with torch.no_grad():
            start = time.perf_counter()
            for _ in range(count):
                net(torch.randn(batch, 3, h, w))[0, 0].item()
            return batch * count / (time.perf_counter() - start)

    train(2)
    infer(a.batch, 2)
    infer(1, 4)
    if a.profile:
        from torch.profiler import profile, ProfilerActivity
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            train(1)
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=25))
    best = {"training_step": 0.0, f"inference_batch{a.batch}": 0.0, "inference_batch1": 0.0}
    repeats = max(3, a.steps)
    for r in range(a.rounds):
        values = {"training_step": train(a.steps),
                  f"inference_batch{a.batch}": infer(a.batch, repeats),
                  "inference_batch1": infer(1, 3 * repeats)}
        for k, v in values.items():
            best[k] = max(best[k], v)
        print(f"round {r + 1}/{a.rounds}: " + ", ".join(f"{k} {v:.1f}" for k, v in values.items()), flush=True)
    print("RESULT " + " ".join(f"{k}={v:.3f}" for k, v in best.items()))


if __name__ == "__main__":
    main()
