#!/usr/bin/env python3
"""Reads the raw outputs of Tools/bench/crypto/run, prints a table of ratios and writes JSON."""
import json
import re
import sys

work, out, file_bytes, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def best(values):
    values = [v for v in values if v is not None]
    return max(values) if values else None


def openssl_mb(path, algorithm):
    # `openssl speed -bytes B sha256`: the last line is `sha256  <N>k`, N in 1000s of bytes/s.
    line = [l for l in open(path) if l.startswith(algorithm)][-1]
    return float(line.split()[-1].rstrip("k")) / 1000.0


def openssl_ed25519(path):
    # `openssl speed ed25519`: `253 bits EdDSA (Ed25519)  <s>s  <s>s  <sign/s>  <verify/s>`.
    line = [l for l in open(path) if "Ed25519" in l and re.search(r"\d+\.\d+\s*$", l)][-1]
    return tuple(float(x) for x in line.split()[-2:])


def seconds(name, index):
    return float(open(f"{work}/{name}.{index}.txt").read())


indices = range(1, rounds + 1)
runs = [json.load(open(f"{work}/ours.{i}.json")) for i in indices]
ours = {key: best([run.get(key) for run in runs]) for key in runs[0] if key.endswith("_per_s")}
ours["sha256_hardware_available"] = runs[0]["sha256_hardware_available"]
ours["clock"] = runs[0].get("clock")
openssl_sha_mb = best([openssl_mb(f"{work}/openssl-sha256.{i}.txt", "sha256") for i in indices])
openssl_sha512_mb = best([openssl_mb(f"{work}/openssl-sha512.{i}.txt", "sha512") for i in indices])
# 64-byte messages take two blocks after padding, as our 65-byte ones do: digests per second.
openssl_short_per_s = best([openssl_mb(f"{work}/openssl-sha256-64.{i}.txt", "sha256") * 1e6 / 64 for i in indices])
ed = [openssl_ed25519(f"{work}/openssl-ed25519.{i}.txt") for i in indices]
openssl_sign, openssl_verify = best([e[0] for e in ed]), best([e[1] for e in ed])
mb = file_bytes / 1e6
sha256sum_mb = best([mb / seconds("sha256sum", i) for i in indices])
ours_file_mb = best([mb / seconds("ours-file", i) for i in indices])
ours_portable_file_mb = best([mb / seconds("ours-portable-file", i) for i in indices])

rows = []


def row(what, unit, ours_value, reference_name, reference_value):
    ratio = ours_value / reference_value if ours_value is not None and reference_value else None
    rows.append({"what": what, "unit": unit, "ours": ours_value, "reference": reference_name,
                 "reference_value": reference_value, "ratio": ratio})


row("SHA-256 hardware, 64 MiB in memory", "MB/s", ours["sha256_hardware_mb_per_s"], "openssl speed sha256 16KiB", openssl_sha_mb)
row("SHA-256 portable, 64 MiB in memory", "MB/s", ours["sha256_portable_mb_per_s"], "openssl speed sha256 16KiB", openssl_sha_mb)
row("SHA-256 hardware, 65-byte messages", "op/s", ours["sha256_hardware_65_byte_hashes_per_s"], "openssl speed -bytes 64 sha256", openssl_short_per_s)
row("SHA-256 portable, 65-byte messages", "op/s", ours["sha256_portable_65_byte_hashes_per_s"], "openssl speed -bytes 64 sha256", openssl_short_per_s)
row("SHA-512, 64 MiB in memory", "MB/s", ours["sha512_mb_per_s"], "openssl speed sha512 16KiB", openssl_sha512_mb)
row(f"SHA-256 hardware, {file_bytes >> 20} MiB file", "MB/s", ours_file_mb, "sha256sum", sha256sum_mb)
row(f"SHA-256 portable, {file_bytes >> 20} MiB file", "MB/s", ours_portable_file_mb, "sha256sum", sha256sum_mb)
row("Ed25519 sign", "op/s", ours.get("ed25519_sign_per_s"), "openssl speed ed25519", openssl_sign)
row("Ed25519 verify", "op/s", ours.get("ed25519_verify_per_s"), "openssl speed ed25519", openssl_verify)
row("Ed25519 batch verify (per signature)", "op/s", ours.get("ed25519_batch_verify_per_s"), "openssl speed ed25519 verify", openssl_verify)


def show(value):
    return "-" if value is None else f"{value:,.1f}"


print(f"{'what':42} {'unit':5} {'ours':>12} {'reference':>12} {'ratio':>7}  reference")
for r in rows:
    ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}x"
    print(f"{r['what']:42} {r['unit']:5} {show(r['ours']):>12} {show(r['reference_value']):>12} {ratio:>7}  {r['reference']}")
print(f"best of {rounds} rounds; per CPU second; MB = 10^6 bytes")
json.dump({"hardware_sha256": ours.get("sha256_hardware_available"), "rounds": rounds, "rows": rows, "ours": ours},
          open(out, "w"), indent=2)
print(f"bench: wrote {out}")
