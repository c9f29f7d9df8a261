#!/usr/bin/env python3
"""hnswlib side of `Search.Bench hnsw`: builds an hnswlib index over the same vectors as the C# side, then
answers timing requests so the two sides can be measured alternately (a shared machine's load drifts; taking
turns exposes both sides to the same drift). Single-threaded throughout.

usage: hnswlib_compare.py DIR DIM M EF_CONSTRUCTION SPACE(l2|cosine|ip) SEED K
DIR holds data.f32 and queries.f32 (little-endian float32, row-major) and truth.i32 (k ids per query).
Prints {"build_seconds": ...}; then for each ef read from stdin (one per line) times one pass over all
queries and prints {"ef", "recall", "qps"}. Every line is one JSON object.
"""
import json
import sys
import time

import hnswlib
import numpy as np


def main():
    folder, dim, m, ef_construction, space, seed, k = sys.argv[1:8]
    dim, m, ef_construction, seed, k = int(dim), int(m), int(ef_construction), int(seed), int(k)
    data = np.fromfile(f"{folder}/data.f32", dtype="<f4").reshape(-1, dim)
    queries = np.fromfile(f"{folder}/queries.f32", dtype="<f4").reshape(-1, dim)
    truth = np.fromfile(f"{folder}/truth.i32", dtype="<i4").reshape(-1, k)

    index = hnswlib.Index(space=space, dim=dim)
    index.init_index(max_elements=len(data), ef_construction=ef_construction, M=m, random_seed=seed)
    index.set_num_threads(1)
    start = time.perf_counter()
    index.add_items(data, np.arange(len(data)), num_threads=1)
    print(json.dumps({"build_seconds": time.perf_counter() - start}), flush=True)

    for line in sys.stdin:
        ef = int(line)
        index.set_ef(max(ef, k))
        start = time.perf_counter()
        labels, _ = index.knn_query(queries, k=k, num_threads=1)
        seconds = time.perf_counter() - start
        found = sum(len(set(labels[i]) & set(truth[i])) for i in range(len(queries)))
        print(json.dumps({"ef": ef, "recall": found / (len(queries) * k), "qps": len(queries) / seconds}), flush=True)


if __name__ == "__main__":
    main()
