#!/usr/bin/env python
"""Scale benchmark for the offline retrieval engine: faiss dense + bm25s sparse.

Synthetic corpora (10k / 100k / 1M passages), single-threaded. Run pinned to one core:

    taskset -c 1 .venv/bin/python bench/scale.py [--sizes 10000 100000 1000000] [--out bench/scale_results.json]

Dense: 384-d L2-normalised clustered vectors (see make_dense), inner product, recall@10 against
exact "Flat".  For each ANN index the search knob (efSearch / nprobe) is swept upwards until
recall@10 >= 0.95.  Sparse: bm25s over Zipfian pseudo-text (see make_texts).  See bench/SCALE.md.
"""
import argparse, gc, json, os, platform, shutil, subprocess, sys, tempfile, time

import bm25s
import faiss
import numpy as np
import psutil

D, K, NQ, TARGET = 384, 10, 1000, 0.95
EF_SWEEP = [16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
NPROBE_SWEEP = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
HNSW_M, HNSW_EFC = 32, 40
PQ_M = 96                       # 96 sub-quantizers x 8 bits = 96 bytes / vector
VOCAB, ZIPF_S, PASSAGE_LEN, N_STOP = 50_000, 1.0, 60, 100
TMP = None                      # scratch dir for saved indexes, created in main()
MB = 1 << 20


# ---------------------------------------------------------------- helpers
def rss():
    gc.collect()
    return psutil.Process().memory_info().rss


def timed(fn, *args, **kw):
    """-> (result, wall seconds, CPU seconds of this process)."""
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t, time.process_time() - c


def per_query(search_one, queries, warmup=10):
    """Run queries one at a time; return (results, {p50_ms, p95_ms, cpu_p50_ms, cpu_p95_ms}).

    Wall-clock and this thread's CPU time are both recorded: the core is shared with other
    (unpinned) processes, so wall time includes time-slicing; CPU time does not."""
    for q in queries[:warmup]:
        search_one(q)
    res, lat = [], np.empty((len(queries), 2))
    for i, q in enumerate(queries):
        t, c = time.perf_counter(), time.thread_time()
        res.append(search_one(q))
        lat[i] = time.perf_counter() - t, time.thread_time() - c
    p = 1e3 * np.percentile(lat, [50, 95], axis=0)
    return res, dict(p50_ms=p[0, 0], p95_ms=p[1, 0], cpu_p50_ms=p[0, 1], cpu_p95_ms=p[1, 1])


def recall_at_k(ids, gt):
    return float(np.mean([len(set(a[:K]) & set(b[:K])) / K for a, b in zip(ids, gt)]))


def loaded_rss(kind, path):
    """RSS growth of a fresh (same-core) process that loads the saved index."""
    out = subprocess.run([sys.executable, __file__, "--measure-load", kind, path],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1])


def measure_load(kind, path):
    base = rss()
    obj = faiss.read_index(path) if kind == "faiss" else bm25s.BM25.load(path, mmap=False)
    print(rss() - base)
    del obj


def disk_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))


ROW = "{n:>8} {name:<12} {build:>7} {size:>7} {drss:>7} {lrss:>7} {param:>16} {rec:>6} {p50:>7} {p95:>7} {cpu:>7}"


def row(**kw):
    cols = dict(n="", name="", build="", size="", drss="", lrss="", param="", rec="", p50="", p95="", cpu="")
    if "lat" in kw:
        lat = kw.pop("lat")
        kw.update(p50=lat["p50_ms"], p95=lat["p95_ms"], cpu=lat["cpu_p50_ms"])
    cols.update({k: (f"{v:.3f}" if isinstance(v, float) else v) for k, v in kw.items()})
    print(ROW.format(**cols), flush=True)


# ---------------------------------------------------------------- data
def make_dense(n, nq, seed):
    """Clustered low-rank embeddings: x = normalize(W (c_k + 1.0 z) + 0.15 e).

    2000 centres c_k ~ N(0, I_48) with Zipf(0.5) cluster sizes, within-cluster spread equal to the
    centre spread (clusters overlap), a fixed random 48->384 projection W, isotropic 384-d noise.
    Queries: fresh held-out draws (never indexed) with extra noise (sigma 0.15 more per dim)."""
    model = np.random.default_rng(0)                   # same distribution at every size
    r, nc = 48, 2000
    centres = model.standard_normal((nc, r), dtype=np.float32)
    proj = (model.standard_normal((r, D), dtype=np.float32) / np.float32(np.sqrt(D)))
    weights = 1 / np.arange(1, nc + 1) ** 0.5
    rng = np.random.default_rng(seed)

    def draw(m, sigma):
        out = np.empty((m, D), dtype=np.float32)
        for s in range(0, m, 100_000):
            e = min(m, s + 100_000)
            k = rng.choice(nc, e - s, p=weights / weights.sum())
            z = centres[k] + rng.standard_normal((e - s, r), dtype=np.float32)
            out[s:e] = z @ proj + np.float32(sigma) * rng.standard_normal((e - s, D), dtype=np.float32)
        faiss.normalize_L2(out)
        return out

    return draw(n, 0.15), draw(nq, float(np.hypot(0.15, 0.15)))


def vocabulary():
    """50k distinct random 6-letter words; position = Zipf rank. Same vocabulary at every size."""
    model = np.random.default_rng(0)
    letters = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype="S1")
    words = np.unique(model.choice(letters, (VOCAB * 2, 6)).view("S6").ravel())
    return [w.decode() for w in model.permutation(words)[:VOCAB]]


def make_texts(n, rng, words):
    """n passages of ~Poisson(60) tokens; the word of rank r is drawn with p ~ 1/r (Zipf s=1).
    Returns the texts and the per-passage token ranks."""
    cdf = np.cumsum(1 / np.arange(1, VOCAB + 1) ** ZIPF_S)
    lens = np.maximum(8, rng.poisson(PASSAGE_LEN, n))
    ids = np.searchsorted(cdf / cdf[-1], rng.random(lens.sum()))
    blob = np.array([w + " " for w in words], dtype="S7")[ids].tobytes().decode()  # 7 chars/token
    ends = 7 * np.cumsum(lens)
    texts = [blob[s:e - 1] for s, e in zip(np.r_[0, ends[:-1]], ends)]
    return texts, (ids, np.cumsum(lens)[:-1])


def make_queries(doc_ids, words, rng, min_rank):
    """3-8 distinct terms from a held-out passage, only words of Zipf rank >= min_rank."""
    out = []
    for ids in np.split(*doc_ids):
        cand = np.unique(ids[ids >= min_rank])
        m = min(len(cand), rng.integers(3, 9))
        out.append(" ".join(words[i] for i in rng.choice(cand, m, replace=False)))
    return out


# ---------------------------------------------------------------- dense
def build_faiss(factory, x, train_n, rng):
    index = faiss.index_factory(D, factory, faiss.METRIC_INNER_PRODUCT)
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efConstruction = HNSW_EFC
    if isinstance(index, faiss.IndexIVFPQ):
        index.do_polysemous_training = False        # not used at search time; very slow to train
        index.pq.cp.niter, index.pq.cp.max_points_per_centroid = 10, 64
    if not index.is_trained:
        faiss.extract_index_ivf(index).cp.niter = 10
        index.train(x[rng.choice(len(x), min(len(x), train_n), replace=False)])
    index.add(x)
    return index


def set_knob(index, knob, v):
    if knob == "efSearch":
        index.hnsw.efSearch = v
    elif knob == "nprobe":
        faiss.extract_index_ivf(index).nprobe = v


def bench_faiss(name, factory, x, q, gt, knob, sweep, rng, train_n=0, n_lat=None):
    """Build, measure memory, sweep the search knob until recall@10 >= TARGET (or plateau)."""
    n = len(x)
    before = rss()
    index, t_build, cpu_build = timed(build_faiss, factory, x, train_n, rng)
    drss = rss() - before
    path = os.path.join(TMP, f"{name}.faiss")
    faiss.write_index(index, path)                  # same bytes as faiss.serialize_index
    rec = dict(index=name, factory=factory, n=n, build_s=t_build, build_cpu_s=cpu_build, bytes=disk_size(path),
               build_rss_growth=drss, loaded_rss=loaded_rss("faiss", path), sweep=[])
    os.remove(path)
    row(n=n, name=name, build=f"{t_build:.1f}s", size=f"{rec['bytes'] / MB:.0f}MB",
        drss=f"{drss / MB:.0f}MB", lrss=f"{rec['loaded_rss'] / MB:.0f}MB")
    qs = q[:n_lat] if n_lat else q
    for v in sweep:
        if knob == "nprobe" and v > faiss.extract_index_ivf(index).nlist:
            break
        set_knob(index, knob, v)
        res, lat = per_query(lambda qq: index.search(qq[None], K)[1][0], qs)
        pt = dict(param=v, recall=recall_at_k(res, gt), **lat)
        rec["sweep"].append(pt)
        row(param=f"{knob}={v}" if knob else "exact", rec=pt["recall"], lat=lat)
        r = [p["recall"] for p in rec["sweep"]]
        if r[-1] >= TARGET or (len(r) >= 4 and r[-1] - r[-3] < 0.005):
            break
    ok = [p for p in rec["sweep"] if p["recall"] >= TARGET]
    rec["chosen"] = ok[0] if ok else max(rec["sweep"], key=lambda p: p["recall"])
    rec["meets_recall"] = bool(ok)
    rec["knob"] = knob
    set_knob(index, knob, rec["chosen"]["param"])
    return rec, index


def dense_suite(n, rng, nq):
    x, q = make_dense(n, nq, seed=n)
    nlist = int(min(2 ** round(np.log2(4 * np.sqrt(n))), 2 ** int(np.log2(n / 39))))
    flat = faiss.IndexFlatIP(D)
    flat.add(x)
    (sims, gt), t_gt, _ = timed(flat.search, q, K)
    stats = dict(gt_batch_s=t_gt, query_top1_cos=float(sims[:, 0].mean()),
                 query_top10_cos=float(sims[:, -1].mean()))
    d21, _ = flat.search(x[:500], 21)                 # Levina-Bickel local intrinsic dimension
    dist = np.sqrt(np.maximum(2 - 2 * d21[:, 1:], 1e-12))
    stats["doc_nn1_cos"] = float(d21[:, 1].mean())
    stats["local_intrinsic_dim"] = float(np.median(1 / np.mean(np.log(dist[:, -1:] / dist[:, :-1]), 1)))
    del flat
    print(f"# dense n={n}: nlist={nlist} " + " ".join(f"{k}={v:.3f}" for k, v in stats.items()), flush=True)
    configs = [  # name, factory, knob, sweep, train sample, latency-query subset
        ("Flat", "Flat", None, [None], 0, 100 if n >= 1_000_000 else None),
        (f"HNSW{HNSW_M}", f"HNSW{HNSW_M},Flat", "efSearch", EF_SWEEP, 0, None),
        ("IVF-SQ8", f"IVF{nlist},SQ8", "nprobe", NPROBE_SWEEP, 40 * nlist, None),
        (f"IVF-PQ{PQ_M}", f"IVF{nlist},PQ{PQ_M}x8", "nprobe", NPROBE_SWEEP, 40 * nlist, None),
    ]
    results, best, best_index = [], None, None
    for name, fac, knob, sweep, train_n, n_lat in configs:
        rec, index = bench_faiss(name, fac, x, q, gt[:n_lat] if n_lat else gt, knob, sweep, rng, train_n, n_lat)
        results.append(rec)
        if rec["meets_recall"] and (best is None or rec["chosen"]["p50_ms"] < best["chosen"]["p50_ms"]):
            best, best_index = rec, index               # keep only the fastest index meeting the target
        del index
        gc.collect()
    del x
    return dict(stats=stats, nlist=nlist, indexes=results, best=best["index"] if best else None), best_index, q


# ---------------------------------------------------------------- sparse
def bm25_suite(n, rng, nq):
    words = vocabulary()
    texts = make_texts(n, rng, words)[0]
    _, q_ids = make_texts(nq, np.random.default_rng(n + 1), words)   # held-out passages
    before = rss()
    tokens, t_tok, c_tok = timed(bm25s.tokenize, texts, stopwords=None, show_progress=False)
    retriever = bm25s.BM25()
    _, t_idx, c_idx = timed(retriever.index, tokens, show_progress=False)
    del tokens
    drss = rss() - before
    del texts
    path = os.path.join(TMP, "bm25")
    retriever.save(path, show_progress=False)
    rec = dict(index="BM25", n=n, tokenize_s=t_tok, index_s=t_idx, build_s=t_tok + t_idx,
               build_cpu_s=c_tok + c_idx,
               bytes=disk_size(path), build_rss_growth=drss, loaded_rss=loaded_rss("bm25", path))
    shutil.rmtree(path)
    row(n=n, name="BM25", build=f"{t_tok + t_idx:.1f}s", size=f"{rec['bytes'] / MB:.0f}MB",
        drss=f"{drss / MB:.0f}MB", lrss=f"{rec['loaded_rss'] / MB:.0f}MB")

    def retrieve(qt):                               # bm25s as documented (numpy backend)
        res = retriever.retrieve([qt.split()], k=K, show_progress=False)
        return res.documents[0], res.scores[0]

    def scores_topk(qt):                            # same scores, top-k over matching docs only
        scores = retriever.get_scores(qt.split())
        nz = np.flatnonzero(scores)
        top = nz[np.argsort(-scores[nz])[:K]] if len(nz) <= K else nz[np.argpartition(-scores[nz], K)[:K]]
        top = top[np.argsort(-scores[top])]
        return top, scores[top]

    # content queries skip the N_STOP most frequent words (what stopword removal would drop);
    # raw queries may contain them (long posting lists).
    n_slow = 100 if n >= 1_000_000 else None        # retrieve() is ~0.25 s/query at 1M
    for label, min_rank in (("content", N_STOP), ("raw", 0)):
        queries = make_queries(q_ids, words, np.random.default_rng(7), min_rank)
        res = {}
        for method, fn, qs in (("retrieve", retrieve, queries[:n_slow]), ("topk", scores_topk, queries)):
            res[method], lat = per_query(fn, qs)
            rec.update({f"{label}_{method}_{k}": v for k, v in lat.items()})
            row(param=f"{label}/{method}", lat=lat)
        same = [len(a[1][a[1] > 0]) == len(b[1][b[1] > 0]) and np.allclose(a[1][a[1] > 0], b[1][b[1] > 0])
                for a, b in zip(res["retrieve"], res["topk"])]
        rec[f"{label}_topk_same_scores"] = float(np.mean(same))
    rec["content_queries"] = make_queries(q_ids, words, np.random.default_rng(7), N_STOP)
    return rec, retriever, lambda qt: scores_topk(qt)[0]


def hybrid(n, dense_index, q, search_sparse, sparse_queries):
    """Dense top-10 + BM25 top-10 (scores_topk path) + reciprocal-rank fusion, one query at a time."""
    def one(i):
        d = dense_index.search(q[i][None], K)[1][0]
        s = search_sparse(sparse_queries[i])
        fused = {}
        for ranks in (d, s):
            for r, doc in enumerate(ranks):
                fused[int(doc)] = fused.get(int(doc), 0.0) + 1 / (60 + r)
        return sorted(fused, key=fused.get, reverse=True)[:K]
    _, lat = per_query(one, range(len(q)))
    row(n=n, name="hybrid", param="dense+bm25", lat=lat)
    return lat


# ---------------------------------------------------------------- main
def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return dict(nproc=os.cpu_count(), affinity=sorted(os.sched_getaffinity(0)), cpu=cpu,
                mem_gb=round(psutil.virtual_memory().total / 2 ** 30, 1), python=platform.python_version(),
                faiss=faiss.__version__, faiss_opts=faiss.get_compile_options(), bm25s=bm25s.__version__,
                numpy=np.__version__, faiss_threads=faiss.omp_get_max_threads())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=NQ)
    ap.add_argument("--out", default="bench/scale_results.json")
    ap.add_argument("--measure-load", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    faiss.omp_set_num_threads(1)
    if args.measure_load:
        return measure_load(*args.measure_load)
    global TMP
    TMP = tempfile.mkdtemp(prefix="scale_bench_")
    t0 = time.perf_counter()
    out = dict(machine=machine(), config=dict(dim=D, k=K, queries=args.queries, target_recall=TARGET,
               hnsw_M=HNSW_M, hnsw_efConstruction=HNSW_EFC, vocab=VOCAB, zipf_s=ZIPF_S,
               passage_len=PASSAGE_LEN), sizes={})
    print(json.dumps(out["machine"]))
    row(n="N", name="index", build="build", size="size", drss="dRSS", lrss="loadRSS", param="param",
        rec="rec@10", p50="p50 ms", p95="p95 ms", cpu="cpu p50")
    for n in args.sizes:
        t = time.perf_counter()
        rng = np.random.default_rng(n)
        dense, dense_index, q = dense_suite(n, rng, args.queries)
        sparse, retriever, search_sparse = bm25_suite(n, rng, args.queries)
        res = dict(dense=dense, bm25={k: v for k, v in sparse.items() if k != "content_queries"})
        if dense_index is not None:
            res["hybrid"] = dict(dense_index=dense["best"], **hybrid(n, dense_index, q, search_sparse,
                                                                     sparse["content_queries"]))
        best = next((r for r in dense["indexes"] if r["index"] == dense["best"]), None)
        res["total_loaded_rss"] = (best["loaded_rss"] if best else 0) + sparse["loaded_rss"]
        res["wall_s"] = time.perf_counter() - t
        res["loadavg_after"] = os.getloadavg()
        out["sizes"][str(n)] = res
        del dense_index, retriever
        out["total_runtime_s"] = time.perf_counter() - t0
        with open(args.out, "w") as f:
            json.dump(out, f, indent=1)
        print(f"# n={n} done in {res['wall_s']:.0f}s; fastest dense index meeting recall: {dense['best']}; "
              f"dense+bm25 loaded RSS {res['total_loaded_rss'] / MB:.0f}MB", flush=True)
    shutil.rmtree(TMP, ignore_errors=True)
    print(f"# total runtime {time.perf_counter() - t0:.0f}s -> {args.out}")


if __name__ == "__main__":
    main()
