#!/usr/bin/env python3
"""Journal benchmark: FundLedger's verify, replay, append and prove next to the peers a user would
otherwise use (OpenSSL, libsodium through PyNaCl, sha256sum, the Python verifier of
Tools/interop/journal), all in the same run. Called by Tools/bench/run; see Tools/bench/README.md.

Every command runs under `/usr/bin/time -v`: wall time, CPU time (user + system) and peak RSS;
the millisecond commands (prove, and `--version` for the bare process start) are spawned directly,
timed from spawn to exit and run BENCH_PROVE_RUNS times (median reported), since /usr/bin/time's
wall clock has 10 ms steps.
Rates are given per wall second and per CPU second (the machine is shared: CPU time is what
`openssl speed` reports, and wall time is what a user waits)."""
import datetime
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# Targets of GitHub issue #8 on the 2-core machine.
TARGET_VERIFY_VS_PYTHON = 1.5
TARGET_VERIFY_VS_LIBSODIUM = 1.0
TARGET_NO_SIGNATURES_VS_SHA256SUM = 0.5
TARGET_REPLAY_PER_S = 500_000
TARGET_BULK_APPEND_PER_S = 20_000
TARGET_SINGLE_APPEND_P99_MS = 5.0
TARGET_MEMORY_MIB_AT_1M = 200
TARGET_PROVE_MS = 10.0
# Runs of each prove (and of the bare process start) after a warm-up; the median is the figure.
PROVE_RUNS = int(os.environ.get("BENCH_PROVE_RUNS", "20"))
# Runs of verify, verify --no-signatures, report and sha256sum; the medians of wall and of CPU time
# are the figures (the Python verifier, minutes at 1,000,000 entries, runs once).
RUNS = int(os.environ.get("BENCH_RUNS", "3"))

COUNTY = "140431"
APPEND_BATCH = 10_000
BULK_APPEND_EVENTS = 10_000
WARM_UP_EVENT = 99_999_999  # the id of the warm-up append's event (bench-99999999), clear of the measured ones
SINGLE_APPENDS = int(os.environ.get("BENCH_SINGLE_APPENDS", "200"))
# Each single append is a process; stop after this many wall seconds (at least SINGLE_APPENDS_MIN runs).
SINGLE_APPEND_BUDGET_S = float(os.environ.get("BENCH_SINGLE_SECONDS", "120"))
SINGLE_APPENDS_MIN = 5
PEER_SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
LATE_SHARE = 0.01
LATE_DAYS_MIN, LATE_DAYS_MAX = 60, 400
# China Standard Time date of the run: recording times are now, so business dates are near it.
TODAY = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
TOWNSHIPS = ["郭道镇", "灵空山镇", "王和镇", "李元镇", "中峪乡", "法中乡", "交口乡", "聪子峪乡", "韩洪乡", "官滩乡"]

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
tool = os.environ.get("BENCH_FUNDLEDGER") or os.path.join(root, ".build", "release", "fundledger")
python_verifier = os.path.join(root, "Tools", "interop", "journal", "verify_journal.py")


def log(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)


def run_timed(argv, stdout_path=os.devnull, stdin_path=None):
    """Runs argv under /usr/bin/time -v; returns wall s, cpu s, peak RSS MiB."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report, open(stdout_path, "wb") as out:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        result = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + argv, stdout=out,
                                stdin=stdin, stderr=subprocess.PIPE)
        if result.returncode != 0:
            raise SystemExit(f"bench: {' '.join(argv)} failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
        text = report.read()
    field = lambda name: re.search(rf"{re.escape(name)}: (.*)", text).group(1).strip()
    user, system = float(field("User time (seconds)")), float(field("System time (seconds)"))
    parts = [float(p) for p in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return {"wall_s": wall, "cpu_s": user + system, "peak_rss_mib": int(field("Maximum resident set size (kbytes)")) / 1024}


def spawn_timed(argv, stdout_path=os.devnull):
    """Runs argv directly (posix_spawn, no shell, no /usr/bin/time, whose wall clock has 10 ms
    steps) and returns wall ms from spawn to exit (process start included), CPU ms (user +
    system, from wait4) and peak RSS MiB. For the millisecond commands (prove, --version)."""
    out = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        started = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out, 1),
                                           (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
    finally:
        os.close(out)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: {' '.join(argv)} failed ({os.waitstatus_to_exitcode(status)})")
    return {"wall_ms": wall * 1000, "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000,
            "peak_rss_mib": usage.ru_maxrss / 1024}


def repeated(argv, stdout_path=os.devnull):
    """PROVE_RUNS runs of argv after one warm-up: median and worst wall and CPU ms, peak RSS."""
    spawn_timed(argv, stdout_path)
    runs = [spawn_timed(argv, stdout_path) for _ in range(PROVE_RUNS)]
    walls, cpus = sorted(r["wall_ms"] for r in runs), sorted(r["cpu_ms"] for r in runs)
    return {"runs": len(runs), "median_wall_ms": statistics.median(walls), "max_wall_ms": walls[-1],
            "median_cpu_ms": statistics.median(cpus), "max_cpu_ms": cpus[-1],
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs)}


def cli(*args, check=True):
    result = subprocess.run([tool] + list(args), capture_output=True, text=True, env=dict(os.environ, LANG="C"))
    if check and result.returncode != 0:
        raise SystemExit(f"bench: fundledger {' '.join(args)} failed: {result.stderr[-2000:]}{result.stdout[-500:]}")
    return result.stdout


def effective_date(rng):
    """Registration dates recorded within days, as a county records them (the entry's `time` is the
    moment of appending); LATE_SHARE of them months late, which the replay flags as late entries
    (docs/EVENTS.md, `late_threshold_days`): a small share of planted anomalies."""
    days = rng.randint(LATE_DAYS_MIN, LATE_DAYS_MAX) if rng.random() < LATE_SHARE else rng.randint(0, 10)
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def events(start, count, rng):
    """`beneficiary.register` events (docs/EVENTS.md) with distinct pseudonyms, as `append` input."""
    lines = []
    for i in range(start, start + count):
        township = rng.choice(TOWNSHIPS)
        body = {"able_to_work": rng.random() < 0.7, "county": COUNTY,
                "effective_date": effective_date(rng),
                "household_size": rng.randint(1, 8),
                "pseudonym": hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
                "township": township, "village": f"{township[:2]}{rng.randint(1, 30)}村"}
        lines.append(json.dumps({"id": f"bench-{i:08d}", "kind": "beneficiary.register", "scope": COUNTY,
                                 "body": body}, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(lines) + "\n"


def generate_journal(directory, count, seed):
    """`fundledger generate`: the demo's funds, counties and projects scaled up, anomalies planted;
    then a bench clerk key granted `beneficiary.register` for the append measurements."""
    output = cli("generate", "--events", str(count), "--seed", str(seed), "--out", directory)
    journal = os.path.join(directory, "journal.jsonl")
    authority_public_file = re.search(r"\$\(cat ([^)]+\.pub)\)", output).group(1)
    authority_key = authority_public_file[:-len(".pub")] + ".key"
    authority_public = open(authority_public_file).read().strip()
    clerk_key = os.path.join(directory, "bench-clerk.key")
    public = lambda text: re.search(r"public key: ([0-9a-f]{64})", text).group(1)
    clerk_public = public(cli("keygen", "--name", "bench clerk", "--out", clerk_key))
    cli("grant", journal, "--authority", authority_key, "--public-key", clerk_public, "--name", "bench clerk",
        "--roles", "beneficiary.register", "--counties", COUNTY)
    # The clerk's first append replays the journal once and writes the derived validator state
    # (JOURNAL.state, docs/FORMAT.md §1), as the first append after `generate` does in use; the
    # measured appends then start from it, the steady state.
    rng = random.Random(seed)
    warm_up = os.path.join(directory, "warm-up.jsonl")
    with open(warm_up, "w") as f:
        f.write(events(WARM_UP_EVENT, 1, rng))
    cli("append", journal, "--key", clerk_key, warm_up)
    return journal, authority_key, clerk_key, authority_public, rng, 0


def make_journal(directory, count, seed):
    """A journal of `count` entries: with `fundledger generate` when the build has it (one grant
    more), otherwise genesis, one grant, then beneficiary registrations appended with the CLI."""
    if "generate" in cli("--help"):
        return generate_journal(directory, count - 1, seed)
    os.makedirs(directory, exist_ok=True)
    journal = os.path.join(directory, "journal.jsonl")
    authority_key, clerk_key = os.path.join(directory, "authority.key"), os.path.join(directory, "clerk.key")
    public = lambda output: re.search(r"public key: ([0-9a-f]{64})", output).group(1)
    authority_public = public(cli("keygen", "--name", "省扶贫办", "--out", authority_key))
    clerk_public = public(cli("keygen", "--name", "沁源县财政局", "--out", clerk_key))
    cli("init", journal, "--origin", f"fundledger.example.gov.cn/{COUNTY}", "--authority", authority_key)
    cli("grant", journal, "--authority", authority_key, "--public-key", clerk_public, "--name", "沁源县财政局",
        "--roles", "beneficiary.register", "--counties", COUNTY)
    rng = random.Random(seed)
    done, total = 0, count - 2
    batch_file = os.path.join(directory, "batch.jsonl")
    while done < total:
        n = min(APPEND_BATCH, total - done)
        with open(batch_file, "w") as f:
            f.write(events(done, n, rng))
        cli("append", journal, "--key", clerk_key, batch_file)
        done += n
        if done % 100_000 == 0:
            log(f"  {done + 2} entries")
    os.remove(batch_file)
    return journal, authority_key, clerk_key, authority_public, rng, done


def copy_journal(journal, directory):
    """Copies the journal and its derived side files (head, ids, tree) to a fresh directory, on disk.

    The copy is synced before anything is timed on it: a user's journal is already durable, and
    without this the first append's fsync also writes the bench's fresh copy (626 MiB at 1,000,000
    entries), which showed up as a 140 ms single-append p99 and in the bulk append's wall time.
    """
    os.makedirs(directory, exist_ok=True)
    base = os.path.basename(journal)
    for name in os.listdir(os.path.dirname(journal)):
        if name.startswith(base):
            shutil.copy(os.path.join(os.path.dirname(journal), name), os.path.join(directory, name))
    os.sync()
    return os.path.join(directory, base)


def openssl_ed25519(extra):
    output = subprocess.run(["openssl", "speed", "-seconds", str(PEER_SECONDS)] + extra + ["ed25519"],
                            capture_output=True, text=True).stdout
    line = [l for l in output.splitlines() if "Ed25519" in l and re.search(r"\d+\.\d+\s*$", l)][-1]
    sign, verify = (float(x) for x in line.split()[-2:])
    return verify


def libsodium_verify_per_cpu_s():
    """libsodium's crypto_sign_open through PyNaCl, one core, per CPU second, on entry-sized messages."""
    import nacl.signing
    keys = [nacl.signing.SigningKey(bytes([i]) * 32) for i in range(8)]
    signed = [(keys[i % 8].verify_key, keys[i % 8].sign(os.urandom(300))) for i in range(512)]
    count, start = 0, time.process_time()
    while time.process_time() - start < PEER_SECONDS:
        for verify_key, message in signed:
            verify_key.verify(message)
        count += len(signed)
    return count / (time.process_time() - start)


def measure(n, seed, work):
    result = {"entries": n, "seed": seed}
    log(f"N={n}: generating the journal")
    started = time.time()
    journal, authority_key, clerk_key, authority_public, rng, next_event = make_journal(os.path.join(work, f"n{n}"), n, seed)
    size = os.path.getsize(journal)
    result["journal_bytes"] = size
    result["generate_wall_s"] = time.time() - started
    m = result["measurements"] = {}

    def timed(name, argv, entries, runs=1, **kwargs):
        log(f"N={n}: {name}" + (f" ({runs} runs, median)" if runs > 1 else ""))
        samples = [run_timed(argv, **kwargs) for _ in range(runs)]
        # Medians of wall and of CPU taken separately: one run slowed by another process sharing the
        # cores does not decide a verdict.
        figures = {"wall_s": statistics.median(s["wall_s"] for s in samples),
                   "cpu_s": statistics.median(s["cpu_s"] for s in samples),
                   "peak_rss_mib": max(s["peak_rss_mib"] for s in samples), "runs": runs}
        figures["entries_per_wall_s"] = entries / figures["wall_s"] if figures["wall_s"] else None
        figures["entries_per_cpu_s"] = entries / figures["cpu_s"] if figures["cpu_s"] else None
        figures["bytes_per_wall_s"] = size / figures["wall_s"] if figures["wall_s"] else None
        figures["bytes_per_cpu_s"] = size / figures["cpu_s"] if figures["cpu_s"] else None
        m[name] = figures
        return figures

    subprocess.run(["cat", journal], stdout=subprocess.DEVNULL)  # page cache warm for every reader
    timed("verify", [tool, "verify", journal, "--authority", authority_public], n, runs=RUNS)
    timed("verify --no-signatures", [tool, "verify", journal, "--no-signatures", "--authority", authority_public], n, runs=RUNS)
    timed("report all --digest", [tool, "report", journal, "all", "--digest"], n, runs=RUNS)
    timed("sha256sum", ["sha256sum", journal], n, runs=RUNS)
    timed("python verifier", [sys.executable, python_verifier, journal, "--authority", authority_public], n)

    bulk = copy_journal(journal, os.path.join(work, f"n{n}-bulk"))
    bulk_input = os.path.join(work, f"n{n}-bulk.jsonl")
    with open(bulk_input, "w") as f:
        f.write(events(next_event, BULK_APPEND_EVENTS, rng))
    figures = timed(f"append {BULK_APPEND_EVENTS} events", [tool, "append", bulk, "--key", clerk_key, bulk_input], BULK_APPEND_EVENTS)
    for key in ("bytes_per_wall_s", "bytes_per_cpu_s"):
        figures.pop(key)
    next_event += BULK_APPEND_EVENTS
    shutil.rmtree(os.path.dirname(bulk))

    log(f"N={n}: {SINGLE_APPENDS} single appends")
    single = copy_journal(journal, os.path.join(work, f"n{n}-single"))
    one = os.path.join(work, "one.jsonl")
    latencies, rss, cpu = [], [], []
    deadline = time.time() + SINGLE_APPEND_BUDGET_S
    for i in range(SINGLE_APPENDS):
        if i >= SINGLE_APPENDS_MIN and time.time() > deadline:
            break
        with open(one, "w") as f:
            f.write(events(next_event + i, 1, rng))
        # Spawned directly and timed by wait4: /usr/bin/time counts in 10 ms steps, too coarse for
        # a target of 5 ms.
        figures = spawn_timed([tool, "append", single, "--key", clerk_key, one])
        latencies.append(figures["wall_ms"])
        cpu.append(figures["cpu_ms"])
        rss.append(figures["peak_rss_mib"])
    latencies.sort()
    cpu.sort()
    m["single append"] = {"count": len(latencies), "median_ms": statistics.median(latencies),
                          "p99_ms": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
                          "cpu_median_ms": statistics.median(cpu),
                          "cpu_p99_ms": cpu[min(len(cpu) - 1, int(0.99 * len(cpu)))], "peak_rss_mib": max(rss)}
    shutil.rmtree(os.path.dirname(single))

    if "checkpoint" not in cli("--help"):
        log("no checkpoint command in this build: prove not measured")
        return result
    log(f"N={n}: checkpoint and prove ({PROVE_RUNS} runs each, wall time from spawn to exit)")
    checkpoint = os.path.join(work, f"n{n}.cp")
    figures = run_timed([tool, "checkpoint", journal, "--key", authority_key], stdout_path=checkpoint)
    m["checkpoint"] = figures
    # The bare process start (dynamic loading, runtime start-up), to separate it from prove's own work.
    m["process start (--version)"] = repeated([tool, "--version"])
    indices = [0, n // 2, n - 1]
    proofs = [repeated([tool, "prove", journal, "--index", str(index), "--checkpoint", checkpoint]) for index in indices]
    m["prove --index"] = {"indices": indices, "runs": PROVE_RUNS,
                          "median_wall_ms_by_index": [p["median_wall_ms"] for p in proofs],
                          "worst_median_wall_ms": max(p["median_wall_ms"] for p in proofs),
                          "worst_median_cpu_ms": max(p["median_cpu_ms"] for p in proofs),
                          "max_wall_ms": max(p["max_wall_ms"] for p in proofs),
                          "max_cpu_ms": max(p["max_cpu_ms"] for p in proofs),
                          "peak_rss_mib": max(p["peak_rss_mib"] for p in proofs)}
    if n >= 4:
        older = os.path.join(work, f"n{n // 2}.cp")
        run_timed([tool, "checkpoint", journal, "--key", authority_key, "--size", str(n // 2)], stdout_path=older)
        m["prove --from --to"] = repeated([tool, "prove", journal, "--from", older, "--to", checkpoint])
    return result


def peers():
    log("peers: openssl speed ed25519 (one core, then -multi 2), libsodium via PyNaCl")
    return {"openssl_ed25519_verify_per_s": openssl_ed25519([]),
            "openssl_ed25519_verify_per_s_multi2": openssl_ed25519(["-multi", "2"]),
            "libsodium_ed25519_verify_per_cpu_s": libsodium_verify_per_cpu_s()}


def divide(a, b):
    return a / b if a is not None and b else None


def at_least(value, target):
    """Targets are judged per CPU second: on a shared, loaded machine wall time measures the others."""
    return None if value is None else value >= target


def ratios(result, peer):
    m = result["measurements"]
    verify, nosig, report = m["verify"], m["verify --no-signatures"], m["report all --digest"]
    python, sha = m["python verifier"], m["sha256sum"]
    bulk = m[f"append {BULK_APPEND_EVENTS} events"]
    memory = max(verify["peak_rss_mib"], nosig["peak_rss_mib"], report["peak_rss_mib"])
    rows = []

    def row(what, unit, cpu, wall, target, met):
        rows.append({"what": what, "unit": unit, "per_cpu": cpu, "per_wall": wall, "target": target, "met": met})

    def both(a, b, key):
        return divide(a[f"{key}_per_cpu_s"], b[f"{key}_per_cpu_s"]), divide(a[f"{key}_per_wall_s"], b[f"{key}_per_wall_s"])

    cpu, wall = both(verify, python, "entries")
    row("verify / python verifier", "x", cpu, wall, f">= {TARGET_VERIFY_VS_PYTHON}x", at_least(cpu, TARGET_VERIFY_VS_PYTHON))
    lib = peer["libsodium_ed25519_verify_per_cpu_s"]
    cpu, wall = divide(verify["entries_per_cpu_s"], lib), divide(verify["entries_per_wall_s"], lib)
    row("verify / libsodium verify (1 core)", "x", cpu, wall, f">= {TARGET_VERIFY_VS_LIBSODIUM}x", at_least(cpu, TARGET_VERIFY_VS_LIBSODIUM))
    cpu, wall = both(nosig, sha, "bytes")
    row("verify --no-signatures / sha256sum", "x", cpu, wall, f">= {TARGET_NO_SIGNATURES_VS_SHA256SUM}x", at_least(cpu, TARGET_NO_SIGNATURES_VS_SHA256SUM))
    row("report replay", "entries/s", report["entries_per_cpu_s"], report["entries_per_wall_s"],
        f">= {TARGET_REPLAY_PER_S:,}", at_least(report["entries_per_cpu_s"], TARGET_REPLAY_PER_S))
    row("bulk append (one call, fsync)", "entries/s", bulk["entries_per_cpu_s"], bulk["entries_per_wall_s"],
        f">= {TARGET_BULK_APPEND_PER_S:,}", at_least(bulk["entries_per_cpu_s"], TARGET_BULK_APPEND_PER_S))
    single = m["single append"]
    row("single append p99 (process incl.)", "ms", single["cpu_p99_ms"], single["p99_ms"],
        f"< {TARGET_SINGLE_APPEND_P99_MS} ms", single["p99_ms"] < TARGET_SINGLE_APPEND_P99_MS)
    if "prove --index" in m:
        prove = m["prove --index"]
        row("prove --index (worst index, median)", "ms", prove["worst_median_cpu_ms"], prove["worst_median_wall_ms"],
            f"< {TARGET_PROVE_MS} ms", prove["worst_median_wall_ms"] < TARGET_PROVE_MS)
    if "prove --from --to" in m:
        consistency = m["prove --from --to"]
        row("prove --from --to (median)", "ms", consistency["median_cpu_ms"], consistency["median_wall_ms"],
            f"< {TARGET_PROVE_MS} ms", consistency["median_wall_ms"] < TARGET_PROVE_MS)
    scaled = f"< {TARGET_MEMORY_MIB_AT_1M} MiB at 1M"
    row("peak RSS of verify/report", "MiB", memory, memory, scaled,
        memory < TARGET_MEMORY_MIB_AT_1M if result["entries"] >= 1_000_000 else None)
    return rows


def show(value, digits=1):
    return "-" if value is None else f"{value:,.{digits}f}"


def print_tables(result, peer, rows):
    n = result["entries"]
    print(f"\nN = {n:,} entries, {result['journal_bytes'] / 2**20:,.1f} MiB journal")
    print(f"{'measurement':34} {'wall s':>8} {'cpu s':>8} {'RSS MiB':>8} {'entries/wall s':>15} {'entries/cpu s':>14}")
    for name, f in result["measurements"].items():
        if "wall_s" in f:
            print(f"{name:34} {f['wall_s']:8.2f} {f['cpu_s']:8.2f} {f['peak_rss_mib']:8.1f} "
                  f"{show(f.get('entries_per_wall_s'), 0):>15} {show(f.get('entries_per_cpu_s'), 0):>14}")
    s = result["measurements"]["single append"]
    print(f"{'single append (' + str(s['count']) + ' runs)':34} median {s['median_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms wall; "
          f"cpu median {s['cpu_median_ms']:.1f} ms, p99 {s['cpu_p99_ms']:.1f} ms; RSS {s['peak_rss_mib']:.1f} MiB")
    for name in ("process start (--version)", "prove --from --to"):
        f = result["measurements"].get(name)
        if f:
            print(f"{name + ' (' + str(f['runs']) + ' runs)':34} median {f['median_wall_ms']:.1f} ms wall, worst {f['max_wall_ms']:.1f} ms; "
                  f"cpu median {f['median_cpu_ms']:.1f} ms; RSS {f['peak_rss_mib']:.1f} MiB")
    p = result["measurements"].get("prove --index")
    if p:
        medians = ", ".join(f"{w:.1f}" for w in p["median_wall_ms_by_index"])
        print(f"{'prove --index ' + str(p['indices']):34} median {medians} ms wall ({p['runs']} runs each), worst run "
              f"{p['max_wall_ms']:.1f} ms; cpu median (worst index) {p['worst_median_cpu_ms']:.1f} ms; RSS {p['peak_rss_mib']:.1f} MiB")
    print(f"peers: openssl ed25519 verify {peer['openssl_ed25519_verify_per_s']:,.0f}/s (1 core), "
          f"{peer['openssl_ed25519_verify_per_s_multi2']:,.0f}/s (-multi 2); "
          f"libsodium (PyNaCl) {peer['libsodium_ed25519_verify_per_cpu_s']:,.0f}/cpu s")
    print(f"\n{'target (issue #8)':36} {'per cpu':>10} {'per wall':>10}  {'target':>16}  met")
    for r in rows:
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        print(f"{r['what']:36} {show(r['per_cpu'], 2):>10} {show(r['per_wall'], 2):>10}  {r['target']:>16}  {met}")


def main():
    sizes = [int(os.environ.get("BENCH_EVENTS", "100000"))]
    if os.environ.get("BENCH_LARGE") == "1" and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    seed = int(os.environ.get("BENCH_SEED", "1"))
    out = os.environ.get("BENCH_OUT", os.path.join(root, ".build", "bench", "journal.json"))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    work = tempfile.mkdtemp(prefix="fundledger-bench-")
    try:
        document = {"machine": {"uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
                                "nproc": os.cpu_count(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                    "peers": peers(), "runs": []}
        for n in sizes:
            result = measure(n, seed, work)
            result["targets"] = ratios(result, document["peers"])
            result["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
            document["runs"].append(result)
            print_tables(result, document["peers"], result["targets"])
            json.dump(document, open(out, "w"), indent=2, ensure_ascii=False)
        print(f"\nload: {document['machine']['uptime']}")
        print(f"bench: wrote {out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
