#!/usr/bin/env python3
"""Differential checks of ledger-crypto-tool against OpenSSL (through Python `cryptography`) and hashlib.

Everything is derived from one seed (INTEROP_SEED), so a failure can be replayed exactly. Prints
each mismatch, then a closing line `N passed, M failed`; exits 1 on any mismatch.

Environment:
  INTEROP_SEED          seed for all random keys, messages and tamperings (default 20260524)
  INTEROP_KEY_COUNT     Ed25519 keys/messages to sign and verify (default 3000)
  INTEROP_STREAM_BYTES  size of the deterministic SHA-256 stream (default 2 GiB)
  INTEROP_SKIP_ED25519  set to 1 to check SHA-256 only
Under CI (FUNDLEDGER_CI set) the defaults shrink to 1000 keys and a 256 MiB stream.
"""
import hashlib
import os
import random
import subprocess
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    HAVE_CRYPTOGRAPHY = True
except ImportError:
    # Only `run` under CI may go on without it (it says so); the SHA-256 checks need hashlib only.
    HAVE_CRYPTOGRAPHY = False

# The order of the Ed25519 base point (RFC 8032 §5.1): S must be below it.
GROUP_ORDER = 2**252 + 27742317777372353535851937790883648493
STREAM_CHUNK_BYTES = 1 << 20


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            if self.failed <= 20:
                print(f"MISMATCH {what}", file=sys.stderr)


def run_tool(tool, arguments, stdin_text):
    result = subprocess.run([tool] + arguments, input=stdin_text, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"interop: {tool} {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout.splitlines()


def raw_public(private_key):
    return private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def openssl_verifies(public, message, signature):
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def random_message(rng):
    # Mostly short messages, some spanning several SHA-512 blocks.
    length = rng.choice([rng.randrange(0, 64), rng.randrange(0, 300), rng.randrange(0, 5000)])
    return rng.randbytes(length)


def check_ed25519(tool, rng, key_count, tally):
    seeds = [rng.randbytes(32) for _ in range(key_count)]
    messages = [random_message(rng) for _ in range(key_count)]
    keys = [Ed25519PrivateKey.from_private_bytes(seed) for seed in seeds]

    # 1. Our signatures equal OpenSSL's byte for byte (Ed25519 is deterministic), and OpenSSL accepts ours.
    sign_input = "".join(f"{s.hex()}\t{m.hex()}\n" for s, m in zip(seeds, messages))
    lines = run_tool(tool, ["sign"], sign_input)
    tally.check(len(lines) == key_count, f"sign printed {len(lines)} lines for {key_count} records")
    for index, (key, message, line) in enumerate(zip(keys, messages, lines)):
        public_hex, _, signature_hex = line.partition("\t")
        expected_public = raw_public(key)
        expected_signature = key.sign(message)
        tally.check(public_hex == expected_public.hex(), f"sign record {index}: public key")
        tally.check(signature_hex == expected_signature.hex(), f"sign record {index}: signature")
        tally.check(
            openssl_verifies(expected_public, message, bytes.fromhex(signature_hex)),
            f"sign record {index}: OpenSSL rejects our signature")

    # 2. Verify: OpenSSL's signatures, and tampered ones; our answer must equal OpenSSL's.
    records = []
    for index, (key, message) in enumerate(zip(keys, messages)):
        public = raw_public(key)
        signature = bytearray(key.sign(message))
        records.append((f"valid {index}", public, message, bytes(signature)))
        flipped = bytearray(signature)
        bit = rng.randrange(512)
        flipped[bit // 8] ^= 1 << (bit % 8)
        records.append((f"signature bit {bit} flipped {index}", public, message, bytes(flipped)))
        if message:
            altered = bytearray(message)
            position = rng.randrange(len(altered))
            altered[position] ^= 1 << rng.randrange(8)
            records.append((f"message byte {position} flipped {index}", public, bytes(altered), bytes(signature)))
        other_public = raw_public(keys[(index + 1) % key_count])
        records.append((f"other key {index}", other_public, message, bytes(signature)))
        if index % 10 == 0:
            # Non-canonical S + L: RFC 8032 §5.1.7 requires rejection.
            s = int.from_bytes(signature[32:], "little") + GROUP_ORDER
            if s < 2**256:
                records.append((f"S+L {index}", public, message, bytes(signature[:32]) + s.to_bytes(32, "little")))
            bit = rng.randrange(256)
            bad_public = bytearray(public)
            bad_public[bit // 8] ^= 1 << (bit % 8)
            records.append((f"public bit {bit} flipped {index}", bytes(bad_public), message, bytes(signature)))
    verify_input = "".join(f"{p.hex()}\t{m.hex()}\t{s.hex()}\n" for _, p, m, s in records)
    lines = run_tool(tool, ["verify"], verify_input)
    tally.check(len(lines) == len(records), f"verify printed {len(lines)} lines for {len(records)} records")
    for (name, public, message, signature), line in zip(records, lines):
        expected = "1" if openssl_verifies(public, message, signature) else "0"
        tally.check(line == expected, f"verify {name}: ours {line}, OpenSSL {expected}")


def check_sha256_lengths(tool, rng, tally):
    messages = [rng.randbytes(length) for length in range(0, 4097)]
    text = "".join(m.hex() + "\n" for m in messages)
    for flags in ([], ["--portable"]):
        lines = run_tool(tool, ["sha256", "--hex-lines"] + flags, text)
        tally.check(len(lines) == len(messages), f"sha256 {flags} printed {len(lines)} lines")
        for message, line in zip(messages, lines):
            tally.check(line == hashlib.sha256(message).hexdigest(), f"sha256 {flags} length {len(message)}")


def check_sha256_stream(tool, seed, total_bytes, tally):
    # Deterministic pseudo-random bytes: the AES-128-CTR keystream under a key derived from the seed
    # (fast), or Python's seeded generator when `cryptography` is missing (slower).
    if HAVE_CRYPTOGRAPHY:
        key = hashlib.sha256(f"interop stream {seed}".encode()).digest()[:16]
        keystream = Cipher(algorithms.AES(key), modes.CTR(bytes(16))).encryptor()
        zeros = bytes(STREAM_CHUNK_BYTES)
        next_chunk = lambda count: keystream.update(zeros[:count])
    else:
        next_chunk = random.Random(f"interop stream {seed}").randbytes
    processes = {
        name: subprocess.Popen([tool, "sha256"] + flags + ["-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for name, flags in (("hardware", []), ("portable", ["--portable"]))
    }
    reference = hashlib.sha256()
    remaining = total_bytes
    while remaining > 0:
        chunk = next_chunk(min(remaining, STREAM_CHUNK_BYTES))
        reference.update(chunk)
        for process in processes.values():
            process.stdin.write(chunk)
        remaining -= len(chunk)
    for name, process in processes.items():
        output, _ = process.communicate()
        tally.check(
            process.returncode == 0 and output.decode().strip() == reference.hexdigest(),
            f"sha256 {name} stream of {total_bytes} bytes")


def main():
    tool = sys.argv[1] if len(sys.argv) > 1 else ".build/release/ledger-crypto-tool"
    seed = int(os.environ.get("INTEROP_SEED", "20260524"))
    in_ci = bool(os.environ.get("FUNDLEDGER_CI"))
    key_count = int(os.environ.get("INTEROP_KEY_COUNT", "1000" if in_ci else "3000"))
    stream_bytes = int(os.environ.get("INTEROP_STREAM_BYTES", str(256 << 20 if in_ci else 2 << 30)))
    print(f"interop: seed {seed}, {key_count} Ed25519 keys, SHA-256 stream {stream_bytes} bytes")
    rng = random.Random(seed)
    tally = Tally()
    if os.environ.get("INTEROP_SKIP_ED25519") == "1":
        print("interop: Ed25519 checks skipped (INTEROP_SKIP_ED25519=1)")
    elif not HAVE_CRYPTOGRAPHY:
        sys.exit("interop: Python `cryptography` is not installed; run Tools/interop/crypto/run")
    else:
        check_ed25519(tool, rng, key_count, tally)
    check_sha256_lengths(tool, rng, tally)
    check_sha256_stream(tool, seed, stream_bytes, tally)
    print(f"{tally.passed} passed, {tally.failed} failed")
    sys.exit(1 if tally.failed else 0)


if __name__ == "__main__":
    main()
