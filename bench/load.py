#!/usr/bin/env python
"""Load benchmark of the chat server through its HTTP API (gradio's REST endpoints, plain httpx).

    .venv/bin/python bench/load.py                      # the defaults below: ~2 minutes on 2 cores
    .venv/bin/python bench/load.py --requests 500 --compare-requests 200   # a quicker look

It starts `assistant serve` itself (tests/ui_server.py), on the config's index (build it first:
`make index`), and only ever talks to 127.0.0.1. Three parts:

1. Soak: --requests requests (default 2000) from --clients concurrent clients (default 20),
   alternating /ask (stateless, as a script would call it) and /chat (one session per client,
   as a browser tab), cycling through ten questions whose answers are known. Every response is
   checked against its own question's answer. The server process's RSS is sampled every
   --sample-every requests: the series shows whether memory stays flat.
2. Concurrency: the same concurrent load (--compare-requests) against a server with gradio's
   concurrency limit for the engine set to each of --limits (serve.concurrency in the
   config; default 4): throughput and latency side by side.
3. Mixed: on each of those servers, --light-clients asking normal questions while --heavy-clients
   send the heaviest request the API takes (a ~1 MB question) back to back: do normal questions
   wait behind heavy ones?

The soak runs last, on the server with the highest limit (after its other runs); a request
counts as an error unless it completes with its own question's answer. Exit code 1 on any error.

Prints a markdown table for the README, and writes everything to --json.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from ui_server import LOAD_QUESTIONS as QUESTIONS, offline_env, running_server  # noqa: E402  (the tests' helpers)



def rss_mb(pid: int) -> float:
    """Resident memory of the server process and its children, in MB."""
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


_PARAMETERS: dict[tuple[str, str], list[dict]] = {}


def inputs(url: str, api_name: str, **values) -> list:
    """The endpoint's inputs in order: the given values by parameter name, else the defaults (from /gradio_api/info)."""
    if (url, api_name) not in _PARAMETERS:
        info = httpx.get(f"{url}gradio_api/info", trust_env=False, timeout=30).json()
        _PARAMETERS[(url, api_name)] = info["named_endpoints"][f"/{api_name}"]["parameters"]
    return [values.get(p["parameter_name"], p.get("parameter_default")) for p in _PARAMETERS[(url, api_name)]]


HEAVY_REPEAT = 9_000  # the heaviest request the API takes: a ~1 MB question (the engine reads its start)


def one_request(client: httpx.Client, url: str, api_name: str, number: int, session: str | None,
                heavy: bool = False) -> str | None:
    """Ask question ``number`` (mod 10); None when its answer is right, else what went wrong."""
    question, gold = QUESTIONS[number % len(QUESTIONS)]
    if heavy:
        question = (question + " ") * HEAVY_REPEAT
    data = inputs(url, api_name, **{"question" if api_name == "ask" else "message": question})
    body = {"data": data, **({"session_hash": session} if session else {})}
    try:
        posted = client.post(f"{url}gradio_api/call/{api_name}", json=body)
        if posted.status_code != 200:
            return f"POST {posted.status_code}: {posted.text[:200]}"
        stream = client.get(f"{url}gradio_api/call/{api_name}/{posted.json()['event_id']}").text
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    events = [line[7:] for line in stream.splitlines() if line.startswith("event: ")]
    datas = [line[6:] for line in stream.splitlines() if line.startswith("data: ")]
    if not events or events[-1] != "complete":
        return f"{events[-1] if events else 'no event'}: {(datas or [stream])[-1][:200]}"
    output = json.loads(datas[-1])[0]
    answer = output["answer"] if api_name == "ask" else output.split('<div class="qa-heading">')[0]
    if gold not in answer:
        return f"wrong answer to {question!r}: {answer[:200]!r}"
    if any(other in answer for _, other in QUESTIONS if other != gold):
        return f"answer of another question in the reply to {question!r}"
    return None


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss: list[tuple[int, float]] = field(default_factory=list)  # (requests done, MB)
    seconds: float = 0.0

    def summary(self) -> dict:
        lat = sorted(self.latencies_ms)
        q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
        return {"requests": len(lat), "errors": len(self.errors), "seconds": round(self.seconds, 1),
                "throughput_rps": round(len(lat) / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
                "max_ms": round(lat[-1], 1) if lat else 0.0}


def drive(url: str, requests: int, clients: int, pid: int | None = None, sample_every: int = 0) -> Run:
    """``requests`` requests from ``clients`` threads at once; RSS sampled every ``sample_every`` (if pid)."""
    run = Run()
    counter = itertools.count()
    lock = threading.Lock()
    if pid and sample_every:
        run.rss.append((0, rss_mb(pid)))

    def client_loop(number: int) -> None:
        session = f"bench-{number}-{os.getpid()}-{time.monotonic_ns()}"
        with httpx.Client(trust_env=False, timeout=300) as client:
            while (n := next(counter)) < requests:
                api_name = "ask" if n % 2 == 0 else "chat"
                began = time.perf_counter()
                error = one_request(client, url, api_name, n, None if api_name == "ask" else session)
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    run.latencies_ms.append(elapsed)
                    if error:
                        run.errors.append(error)
                    done = len(run.latencies_ms)
                    if pid and sample_every and done % sample_every == 0:
                        run.rss.append((done, rss_mb(pid)))

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - started
    return run


def mixed(url: str, light_requests: int, light_clients: int, heavy_clients: int) -> tuple[Run, Run]:
    """Light clients (normal questions) while heavy clients send ~1 MB questions back to back:
    does a light request wait behind the heavy ones? Returns (light, heavy)."""
    light, heavy = Run(), Run()
    counter = itertools.count()
    stop = threading.Event()
    lock = threading.Lock()

    def loop(number: int, is_heavy: bool) -> None:
        run = heavy if is_heavy else light
        with httpx.Client(trust_env=False, timeout=300) as client:
            while not stop.is_set():
                n = number if is_heavy else next(counter)
                if not is_heavy and n >= light_requests:
                    return
                began = time.perf_counter()
                error = one_request(client, url, "ask", n, None, heavy=is_heavy)
                with lock:
                    run.latencies_ms.append((time.perf_counter() - began) * 1000)
                    if error:
                        run.errors.append(error)

    started = time.perf_counter()
    heavies = [threading.Thread(target=loop, args=(i, True)) for i in range(heavy_clients)]
    lights = [threading.Thread(target=loop, args=(i, False)) for i in range(light_clients)]
    for thread in heavies:
        thread.start()
    time.sleep(1.0)  # the heavy stream is flowing before the light requests start
    for thread in lights:
        thread.start()
    for thread in lights:
        thread.join()
    light.seconds = time.perf_counter() - started
    stop.set()
    for thread in heavies:
        thread.join()
    heavy.seconds = time.perf_counter() - started
    return light, heavy


def warm_up(url: str, clients: int) -> None:
    run = drive(url, requests=2 * clients, clients=clients)
    if run.errors:
        raise SystemExit(f"the server does not answer correctly: {run.errors[:3]}")


def with_concurrency(config: Path, limit: int, scratch: Path) -> Path:
    """A copy of ``config`` (same corpus and index) whose server answers ``limit`` questions at once."""
    import yaml

    from assistant.config import load_config

    loaded = load_config(config)
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    data.update(corpus_dir=str(loaded.corpus_dir), index_dir=str(loaded.index_dir))
    data.setdefault("serve", {})["concurrency"] = limit
    path = scratch / f"concurrency-{limit}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(REPO / "assistant.yaml"), help="config whose index is served")
    parser.add_argument("--requests", type=int, default=2000, help="requests in the soak run")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (threads)")
    parser.add_argument("--sample-every", type=int, default=100, help="RSS sample every N requests")
    parser.add_argument("--compare-requests", type=int, default=400, help="requests per concurrency setting")
    parser.add_argument("--limits", type=int, nargs="+", default=[1, 4],
                        help="engine concurrency limits to compare (serve.concurrency; the default is 4)")
    parser.add_argument("--mixed-requests", type=int, default=100,
                        help="light requests in the mixed run (normal questions among ~1 MB ones; 0: skip it)")
    parser.add_argument("--light-clients", type=int, default=4)
    parser.add_argument("--heavy-clients", type=int, default=4)
    parser.add_argument("--json", default=str(REPO / "bench" / "load_results.json"), help="write the results here")
    args = parser.parse_args()
    config = Path(args.config).resolve()
    soak_limit = max(args.limits)

    results: dict = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                                 "python": platform.python_version()},
                     "clients": args.clients, "compare": [], "mixed": [], "soak": None}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        for limit in sorted(set(args.limits)):
            print(f"starting a server with concurrency limit {limit} …", file=sys.stderr)
            limited = with_concurrency(config, limit, Path(scratch))
            with running_server(limited, log_dir=Path(scratch), env=offline_env()) as server:
                warm_up(server.url, args.clients)
                compared = drive(server.url, args.compare_requests, args.clients)
                results["compare"].append({"concurrency_limit": limit, **compared.summary(),
                                           "error_examples": compared.errors[:5]})
                print(f"  limit {limit}: {compared.summary()}", file=sys.stderr)
                if args.mixed_requests:
                    light, heavy = mixed(server.url, args.mixed_requests, args.light_clients, args.heavy_clients)
                    results["mixed"].append({"concurrency_limit": limit, "light": light.summary(),
                                             "heavy": heavy.summary(),
                                             "error_examples": (light.errors + heavy.errors)[:5]})
                    print(f"  limit {limit}, mixed: light {light.summary()}, heavy {heavy.summary()}",
                          file=sys.stderr)
                if limit == soak_limit:
                    print(f"soak: {args.requests} requests, {args.clients} clients …", file=sys.stderr)
                    soak = drive(server.url, args.requests, args.clients, server.process.pid, args.sample_every)
                    results["soak"] = {"concurrency_limit": limit, **soak.summary(),
                                       "error_examples": soak.errors[:5],
                                       "rss_mb": [(n, round(mb, 1)) for n, mb in soak.rss]}
                    if server.process.poll() is not None:
                        raise SystemExit("the server died during the soak:\n" + server.log()[-3000:])

    soak = results["soak"]
    series = [mb for _, mb in soak["rss_mb"]]
    settled = series[len(series) // 4:] or series  # after the first quarter: caches and pools are warm
    soak["rss_start_mb"], soak["rss_end_mb"] = series[0], series[-1]
    soak["rss_growth_after_first_quarter_mb"] = round(settled[-1] - settled[0], 1)
    soak["rss_range_after_first_quarter_mb"] = round(max(settled) - min(settled), 1)
    settled_requests = soak["rss_mb"][-1][0] - soak["rss_mb"][len(series) // 4][0]
    soak["rss_growth_kb_per_request"] = round(soak["rss_growth_after_first_quarter_mb"] * 1024 / settled_requests, 1) \
        if settled_requests else 0.0
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    cpus = os.cpu_count()
    print(f"\nLoad ({args.clients} concurrent clients over HTTP, half /ask, half /chat sessions; "
          f"{cpus} CPU cores shared by server and clients):\n")
    print("| run | engine concurrency | requests | errors | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in results["compare"]:
        print(f"| uniform load ({args.clients} clients) | {row['concurrency_limit']} | {row['requests']} | {row['errors']} | "
              f"{row['throughput_rps']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} |")
    for row in results["mixed"]:
        light, heavy = row["light"], row["heavy"]
        print(f"| normal questions among ~1 MB ones ({args.light_clients}+{args.heavy_clients} clients) | "
              f"{row['concurrency_limit']} | {light['requests']} (+{heavy['requests']} heavy) | "
              f"{light['errors'] + heavy['errors']} | {light['throughput_rps']} | {light['p50_ms']} | "
              f"{light['p95_ms']} | {light['p99_ms']} |")
    print(f"| soak | {soak['concurrency_limit']} | {soak['requests']} | {soak['errors']} | {soak['throughput_rps']} | "
          f"{soak['p50_ms']} | {soak['p95_ms']} | {soak['p99_ms']} |")
    print(f"\nServer RSS during the soak (MB, every {args.sample_every} requests): "
          + ", ".join(f"{mb:.0f}" for mb in series))
    print(f"RSS {soak['rss_start_mb']:.0f} → {soak['rss_end_mb']:.0f} MB; after the first quarter it moved by "
          f"{soak['rss_growth_after_first_quarter_mb']:+.1f} MB (range {soak['rss_range_after_first_quarter_mb']:.1f} MB), "
          f"{soak['rss_growth_kb_per_request']:+.1f} KB per request."
          f"\nResults: {args.json}")
    failed = soak["errors"] or any(row["errors"] for row in results["compare"]) or any(
        row["light"]["errors"] or row["heavy"]["errors"] for row in results["mixed"])
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as problem:  # the server did not start (e.g. the index needs `make index`)
        sys.exit(f"bench/load.py: {problem}")
