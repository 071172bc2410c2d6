#!/usr/bin/env python3
"""An independent FundLedger journal verifier, written only from docs/FORMAT.md.

Uses hashlib (SHA-256), the `cryptography` package (Ed25519 through OpenSSL) and the `rfc8785`
package (canonical JSON). Prints one JSON object: {"valid": bool, "entries": n, "head_hash": hex,
"tree_root": hex, "first_bad_seq": n|null, "first_bad_offset": n|null, "reason": str|null}.
It is also the "straightforward verifier an outside evaluator would write first" of the benchmark.
"""
import hashlib
import json
import sys

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

DOMAIN = b"fundledger/v1 entry\n"
AUTHORITY_KINDS = {"journal.genesis", "key.grant", "key.revoke", "authority.rotate"}
MEMBERS = {"body", "id", "kind", "prev", "scope", "seq", "sig", "signer", "time"}
LIMIT = 2**53 - 1


class Bad(Exception):
    pass


def no_floats(value):
    if isinstance(value, float):
        raise Bad("floating-point number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > LIMIT:
        raise Bad("integer out of range")
    if isinstance(value, dict):
        for item in value.values():
            no_floats(item)
    if isinstance(value, list):
        for item in value:
            no_floats(item)


def reject_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Bad("duplicate key")
    return dict(pairs)


def key_id(public_key_bytes):
    return hashlib.sha256(public_key_bytes).digest()[:8].hex()


def is_hex(text, length):
    return isinstance(text, str) and len(text) == length and all(c in "0123456789abcdef" for c in text)


def covers(granted, scope):
    if scope is None:
        return False
    if granted == scope:
        return True
    if granted.endswith("0000"):
        return scope[:2] == granted[:2]
    if granted.endswith("00"):
        return scope[:4] == granted[:4]
    return False


def merkle_root(leaves):
    # RFC 9162 section 2.1, recursive definition with k the largest power of two < n.
    def mth(lo, hi):
        n = hi - lo
        if n == 0:
            return hashlib.sha256(b"").digest()
        if n == 1:
            return leaves[lo]
        k = 1
        while k * 2 < n:
            k *= 2
        return hashlib.sha256(b"\x01" + mth(lo, lo + k) + mth(lo + k, hi)).digest()
    return mth(0, len(leaves))


def verify(path, pinned_authority=None, check_signatures=True):
    data = open(path, "rb").read()
    offset = 0
    seq = 0
    prev = bytes(32)
    prev_time = None
    authority = None
    grants = {}
    ids = set()
    leaves = []
    result = {"valid": True, "entries": 0, "first_bad_seq": None, "first_bad_offset": None, "reason": None}

    def fail(reason):
        if result["valid"]:
            result.update(valid=False, first_bad_seq=seq, first_bad_offset=offset, reason=reason)

    while offset < len(data):
        end = data.find(b"\n", offset)
        if end < 0:
            fail("torn tail")
            break
        line = data[offset:end]
        leaf = hashlib.sha256(b"\x00" + line).digest()
        leaves.append(leaf)
        try:
            entry = json.loads(line.decode("utf-8"), object_pairs_hook=reject_duplicates)
            no_floats(entry)
            if rfc8785.dumps(entry) != line:
                raise Bad("not canonical")
            if not isinstance(entry, dict) or set(entry) - MEMBERS or not {"body", "id", "kind", "prev", "seq", "sig", "signer", "time"} <= set(entry):
                raise Bad("bad members")
            if entry["seq"] != seq:
                raise Bad("seq")
            if not is_hex(entry["prev"], 64) or bytes.fromhex(entry["prev"]) != prev:
                raise Bad("prev")
            t = entry["time"]
            if not (isinstance(t, str) and len(t) == 20 and t[4] == "-" and t[10] == "T" and t.endswith("Z")):
                raise Bad("time format")
            if prev_time is not None and t < prev_time:
                raise Bad("time went backwards")
            prev_time = t
            if entry["id"] in ids:
                raise Bad("duplicate id")
            ids.add(entry["id"])
            kind, body, signer = entry["kind"], entry["body"], entry["signer"]
            # FORMAT.md section 3: hex is lowercase; uppercase would decode to the same bytes but is another line.
            if not is_hex(entry["sig"], 128) or not is_hex(signer, 16):
                raise Bad("sig or signer is not lowercase hex")
            if seq == 0:
                if kind != "journal.genesis" or body.get("format") != "fundledger/v1":
                    raise Bad("genesis")
                authority = bytes.fromhex(body["authority"])
                if pinned_authority is not None and authority != pinned_authority:
                    raise Bad("authority mismatch")
                if signer != key_id(authority):
                    raise Bad("genesis signer")
                signing_key = authority
            elif kind == "journal.genesis":
                raise Bad("second genesis")
            elif signer == key_id(authority):
                signing_key = authority
            else:
                if kind in AUTHORITY_KINDS:
                    raise Bad("requires authority")
                grant = grants.get(signer)
                if grant is None:
                    raise Bad("signer not granted")
                if grant["roles"] != ["all"] and kind not in grant["roles"]:
                    raise Bad("kind not granted")
                if grant["counties"] != ["all"] and not any(covers(c, entry.get("scope")) for c in grant["counties"]):
                    raise Bad("scope not granted")
                signing_key = grant["key"]
            if check_signatures:
                unsigned = dict(entry)
                signature = bytes.fromhex(unsigned.pop("sig"))
                try:
                    Ed25519PublicKey.from_public_bytes(signing_key).verify(signature, DOMAIN + rfc8785.dumps(unsigned))
                except InvalidSignature:
                    raise Bad("bad signature")
            if kind == "key.grant":
                key = bytes.fromhex(body["public_key"])
                grants[key_id(key)] = {"key": key, "roles": body["roles"], "counties": body["counties"]}
            elif kind == "key.revoke":
                grants.pop(key_id(bytes.fromhex(body["public_key"])), None)
            elif kind == "authority.rotate":
                authority = bytes.fromhex(body["public_key"])
                grants.pop(key_id(authority), None)
        except (Bad, ValueError, KeyError, TypeError, AttributeError) as error:
            fail(str(error) or type(error).__name__)
        prev = leaf
        offset = end + 1
        seq += 1
    result["entries"] = seq
    result["head_hash"] = prev.hex()
    result["tree_root"] = merkle_root(leaves).hex()
    return result


if __name__ == "__main__":
    args = sys.argv[1:]
    pinned = None
    signatures = True
    if "--no-signatures" in args:
        args.remove("--no-signatures")
        signatures = False
    if "--authority" in args:
        i = args.index("--authority")
        pinned = bytes.fromhex(args[i + 1])
        del args[i:i + 2]
    report = verify(args[0], pinned, signatures)
    print(json.dumps(report, sort_keys=True))
    sys.exit(0 if report["valid"] else 1)
