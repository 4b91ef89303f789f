"""The same GAN iteration in PyTorch (Debian's python3-torch), as a yardstick for gan-bench.

Runs the book's recipe at batch 100 (generator 256-256-512-1024-784, discriminator 784-256-1 with
dropout, SGD 0.01 for D on real+fake with labels 0.9/0.1, Adam 1e-5 for G through the frozen D) on
random stand-in images, and prints one JSON line per thread count like gan-bench:
    /usr/bin/python3 bench/torch_gan.py [--threads 1,2] [--iterations 30] [--reps 5]
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn

FLOPS_PER_ITERATION = 1447116800


def build():
    g = nn.Sequential(nn.Linear(256, 256), nn.LeakyReLU(0.3), nn.Linear(256, 512), nn.LeakyReLU(0.3),
                      nn.Linear(512, 1024), nn.LeakyReLU(0.3), nn.Linear(1024, 784), nn.Tanh())
    d = nn.Sequential(nn.Linear(784, 256), nn.LeakyReLU(0.3), nn.Dropout(0.3), nn.Linear(256, 1))
    return g, d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--iterations", type=int, default=30)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    bce = nn.BCEWithLogitsLoss()
    real = torch.rand(10000, 784) * 2 - 1
    for threads in [int(t) for t in args.threads.split(",")]:
        torch.set_num_threads(threads)
        torch.manual_seed(1)
        g, d = build()
        d_opt = torch.optim.SGD(d.parameters(), lr=0.01)
        g_opt = torch.optim.Adam(g.parameters(), lr=1e-5, betas=(0.9, 0.999), eps=1e-7)
        y_d = torch.cat([torch.full((100, 1), 0.9), torch.full((100, 1), 0.1)])
        y_g = torch.ones(100, 1)

        def iteration(i):
            x = real[(i * 100) % 9900:(i * 100) % 9900 + 100]
            with torch.no_grad():
                fake = g(torch.rand(100, 256) * 2 - 1)
            d_opt.zero_grad(set_to_none=True)
            bce(d(torch.cat([x, fake])), y_d).backward()
            d_opt.step()
            for p in d.parameters():
                p.requires_grad_(False)
            g_opt.zero_grad(set_to_none=True)
            bce(d(g(torch.rand(100, 256) * 2 - 1)), y_g).backward()
            g_opt.step()
            for p in d.parameters():
                p.requires_grad_(True)

        for i in range(10):
            iteration(i)
        rates = []
        for _ in range(args.reps):
            start = time.perf_counter()
            for i in range(args.iterations):
                iteration(i)
            rates.append(args.iterations / (time.perf_counter() - start))
        median = statistics.median(rates)
        print(json.dumps({"impl": "pytorch " + torch.__version__, "threads": threads, "batch": 100,
                          "its_per_s": round(median, 2), "gflops": round(median * FLOPS_PER_ITERATION / 1e9, 1)}),
              flush=True)


if __name__ == "__main__":
    main()
