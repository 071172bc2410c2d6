#!/usr/bin/env python3
"""Independent checker for FundLedger's transparency files.

Written from the specification texts only (RFC 9162 section 2.1, C2SP signed-note,
tlog-checkpoint, tlog-cosignature, tlog-policy, tlog-proof), with Python's hashlib and the
`cryptography` package for Ed25519. It shares no code with the Swift implementation.

usage: verify.py SAMPLE_DIR VECTOR_DIR
  SAMPLE_DIR  files written by `swift test --filter CheckpointVectorTests` with
              FUNDLEDGER_TRANSPARENCY_INTEROP_DIR set (journal, keys, notes, proofs, manifest)
  VECTOR_DIR  Tests/LedgerJournalTests/Vectors (pinned checkpoint vectors and the shared example)
Exits 0 when every check passes, 1 otherwise, printing one line per failure.
"""
import base64
import hashlib
import os
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FAILURES = []
CHECKS = 0


def check(condition, what):
    global CHECKS
    CHECKS += 1
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what)


# --- RFC 9162 section 2.1 -------------------------------------------------------------------

def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def largest_power_of_two_below(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves):
    """MTH(D[n]) of section 2.1.1, over leaf hashes."""
    n = len(leaves)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaves[0]
    k = largest_power_of_two_below(n)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):
    """PATH(m, D[n]) of section 2.1.3.1."""
    n = len(leaves)
    if n == 1:
        return []
    k = largest_power_of_two_below(n)
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m, leaves, b):
    """SUBPROOF(m, D[n], b) of section 2.1.4.1."""
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = largest_power_of_two_below(n)
    if m <= k:
        return subproof(m, leaves[:k], b) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def verify_inclusion(index, size, leaf, proof, root):
    """Section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_hash, second_hash, proof):
    """Section 2.1.4.2 (with the trivial cases of equal sizes and an empty first tree)."""
    if first == second:
        return not proof and first_hash == second_hash
    if first == 0:
        return not proof
    if not proof:
        return False
    proof = list(proof)
    if first & (first - 1) == 0:
        proof = [first_hash] + proof
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


# --- C2SP signed-note, tlog-checkpoint, tlog-cosignature ------------------------------------

def key_id(name, sig_type, public_key):
    return sha256(name.encode() + b"\n" + bytes([sig_type]) + public_key)[:4]


def parse_vkey(vkey):
    name, hex_id, b64 = vkey.strip().split("+", 2)
    data = base64.b64decode(b64, validate=True)
    assert len(data) == 33 and data[0] in (1, 4), "vkey type and length"
    assert bytes.fromhex(hex_id) == key_id(name, data[0], data[1:]), "vkey key ID"
    return {"name": name, "id": bytes.fromhex(hex_id), "type": data[0], "key": data[1:]}


def parse_note(note):
    assert note.endswith("\n"), "note ends with newline"
    split = note.rstrip("\n").rfind("\n\n")
    text, sigs = note[: split + 1], note[split + 2:]
    lines = []
    for line in sigs.splitlines():
        assert line.startswith("\u2014 "), "signature line starts with an em dash"
        name, b64 = line[2:].split(" ", 1)
        raw = base64.b64decode(b64, validate=True)
        lines.append((name, raw[:4], raw[4:]))
    return text, lines


def signature_valid(vkey, text, signature):
    public = Ed25519PublicKey.from_public_bytes(vkey["key"])
    try:
        if vkey["type"] == 1:
            public.verify(signature, text.encode())
        else:
            assert len(signature) == 72, "cosignature length"
            (timestamp,) = struct.unpack(">Q", signature[:8])
            message = b"cosignature/v1\ntime %d\n" % timestamp + text.encode()
            public.verify(signature[8:], message)
        return True
    except InvalidSignature:
        return False


def open_note(note, vkeys):
    """Returns the names of known keys that verified; raises on a known key that fails."""
    text, lines = parse_note(note)
    verified = set()
    for name, kid, signature in lines:
        for vkey in vkeys:
            if vkey["name"] == name and vkey["id"] == kid:
                if not signature_valid(vkey, text, signature):
                    raise ValueError("known key %s failed" % name)
                verified.add(name)
    if not verified:
        raise ValueError("no known key verified")
    return text, verified


def parse_checkpoint(text):
    lines = text[:-1].split("\n")
    assert len(lines) >= 3 and all(lines), "three non-empty lines"
    assert lines[1] == str(int(lines[1])), "decimal size without leading zeros"
    root = base64.b64decode(lines[2], validate=True)
    assert len(root) == 32, "32-byte root"
    return lines[0], int(lines[1]), root


def parse_tlog_proof(text):
    lines = text.split("\n")
    assert lines[0] == "c2sp.org/tlog-proof@v1", "tlog-proof header"
    position = 1
    if lines[position].startswith("extra "):
        position += 1
    assert lines[position].startswith("index "), "index line"
    index = int(lines[position][6:])
    assert lines[position][6:] == str(index), "index without leading zeros"
    position += 1
    hashes = []
    while lines[position]:
        hashes.append(base64.b64decode(lines[position], validate=True))
        position += 1
    return index, hashes, "\n".join(lines[position + 1:])


def parse_evidence(data):
    """fundledger/witness-evidence@v1: header fields, then two byte-counted notes and the proof."""
    def line():
        nonlocal data
        head, data = data.split(b"\n", 1)
        return head.decode()

    def counted(label):
        nonlocal data
        field, count = line().split(" ")
        assert field == label, label
        chunk, data = data[: int(count)], data[int(count):]
        return chunk.decode()

    assert line() == "fundledger/witness-evidence@v1", "evidence header"
    fields = {}
    for label in ("reason", "witness", "time"):
        key, value = line().split(" ", 1)
        assert key == label, label
        fields[key] = value
    fields["previous"] = counted("previous")
    fields["offered"] = counted("offered")
    label, old, new, count = line().split(" ")
    assert label == "proof", "proof line"
    hashes = [base64.b64decode(line(), validate=True) for _ in range(int(count))]
    assert data == b"", "nothing after the proof"
    fields["proof"] = (int(old), int(new), hashes)
    return fields


def parse_policy(text):
    logs, witnesses, groups, quorum = [], {}, {}, None
    for line in text.splitlines():
        items = line.split()
        if not items or items[0].startswith("#"):
            continue
        if items[0] == "log":
            logs.append(parse_vkey(items[1]))
        elif items[0] == "witness":
            witnesses[items[1]] = parse_vkey(items[2])
        elif items[0] == "group":
            members = items[3:]
            k = {"all": len(members), "any": 1}.get(items[2]) or int(items[2])
            groups[items[1]] = (k, members)
        elif items[0] == "quorum":
            quorum = items[1]
    return logs, witnesses, groups, quorum


def quorum_met(name, cosigners, groups):
    if name == "none":
        return True
    if name in groups:
        k, members = groups[name]
        return sum(quorum_met(member, cosigners, groups) for member in members) >= k
    return name in cosigners


# --- the checks -----------------------------------------------------------------------------

def main():
    sample_dir, vector_dir = sys.argv[1], sys.argv[2]

    def read(directory, name):
        with open(os.path.join(directory, name), encoding="utf-8") as handle:
            return handle.read()

    # The shared example (Python cryptography, checked with Go sumdb/note).
    example_vkey = parse_vkey("example.gov.cn/fundledger/test-vectors+37370473+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4")
    text, verified = open_note(read(vector_dir, "checkpoint-example.txt"), [example_vkey])
    check(verified == {example_vkey["name"]}, "shared example opens")

    # The leaves: every journal line without its newline.
    journal = read(sample_dir, "journal.jsonl").encode()
    leaves = [leaf_hash(line) for line in journal.split(b"\n")[:-1]]
    log = parse_vkey(read(sample_dir, "log.vkey"))
    witnesses = [parse_vkey(line) for line in read(sample_dir, "witnesses.vkeys").splitlines()]
    logs, policy_witnesses, groups, quorum = parse_policy(read(sample_dir, "policy.txt"))
    check([l["key"] for l in logs] == [log["key"]], "policy names the log key")

    roots = {}
    for entry in read(sample_dir, "manifest.txt").splitlines():
        kind, *fields = entry.split()
        if kind == "checkpoint":
            size, name = int(fields[0]), fields[1]
            note = read(sample_dir, name)
            text, verified = open_note(note, [log] + witnesses)
            origin, tree_size, root = parse_checkpoint(text)
            check(origin == log["name"], "%s: origin is the log key name" % name)
            check(tree_size == size and root == mth(leaves[:size]), "%s: root is MTH of the first %d lines" % (name, size))
            check(len(verified) == 3, "%s: log signature and two cosignatures verify" % name)
            cosigners = {w for w, v in policy_witnesses.items() if v["name"] in verified and v["type"] == 4}
            check(quorum_met(quorum, cosigners, groups), "%s: policy quorum met" % name)
            # A flipped bit in the root line must break the log signature.
            lines = note.split("\n")
            lines[2] = base64.b64encode(bytes([root[0] ^ 1]) + root[1:]).decode()
            try:
                open_note("\n".join(lines), [log])
                check(False, "%s: tampered checkpoint rejected" % name)
            except ValueError:
                check(True, "tampered")
            roots[size] = root
        elif kind == "inclusion":
            size, index, name = int(fields[0]), int(fields[1]), fields[2]
            proof_index, hashes, note = parse_tlog_proof(read(sample_dir, name))
            text, _ = open_note(note, [log])
            _, tree_size, root = parse_checkpoint(text)
            check(proof_index == index and tree_size == size, "%s: index and size" % name)
            check(hashes == path(index, leaves[:size]), "%s: proof equals PATH(m, D[n])" % name)
            check(verify_inclusion(index, size, leaves[index], hashes, root), "%s: inclusion verifies" % name)
            if hashes:
                check(not verify_inclusion(index, size, leaves[index], hashes[:-1], root), "%s: short proof fails" % name)
            check(not verify_inclusion(index, size, leaves[index], hashes + [root], root), "%s: long proof fails" % name)
        elif kind == "consistency":
            old, new, name = int(fields[0]), int(fields[1]), fields[2]
            lines = read(sample_dir, name).splitlines()
            check(lines[:3] == ["fundledger/consistency-proof@v1", "old %d" % old, "new %d" % new], "%s: header" % name)
            hashes = [base64.b64decode(line, validate=True) for line in lines[3:]]
            expected = subproof(old, leaves[:new], True) if 0 < old < new else []
            check(hashes == expected, "%s: proof equals SUBPROOF(m, D[n], true)" % name)
            check(verify_consistency(old, new, mth(leaves[:old]), mth(leaves[:new]), hashes), "%s: consistency verifies" % name)
            if old < new:
                check(not verify_consistency(old, new, mth(leaves[:new]), mth(leaves[:old]), hashes), "%s: swapped roots fail" % name)

        elif kind == "evidence":
            name = fields[0]
            evidence = parse_evidence(open(os.path.join(sample_dir, name), "rb").read())
            witness = parse_vkey(read(sample_dir, "witness.vkey"))
            old_text, old_verified = open_note(evidence["previous"], [log, witness])
            new_text, _ = open_note(evidence["offered"], [log])
            check(old_verified == {log["name"], witness["name"]}, "%s: previous note cosigned by the witness" % name)
            _, old_size, old_root = parse_checkpoint(old_text)
            _, new_size, new_root = parse_checkpoint(new_text)
            if evidence["reason"] == "split-view":
                # Two validly signed checkpoints of one size with different roots: the log equivocated.
                check(old_size == new_size and old_root != new_root, "%s: same size, different roots" % name)
            else:
                old_size_p, new_size_p, hashes = evidence["proof"]
                check((old_size_p, new_size_p) == (old_size, new_size), "%s: proof sizes" % name)
                check(not verify_consistency(old_size, new_size, old_root, new_root, hashes), "%s: proof fails" % name)

    # The pinned vectors: the tlog-proof of entry 41 under the pinned policy.
    logs, policy_witnesses, groups, quorum = parse_policy(read(vector_dir, "checkpoint-fundledger-policy.txt"))
    index, hashes, note = parse_tlog_proof(read(vector_dir, "checkpoint-fundledger-proof.txt"))
    text, verified = open_note(note, logs + list(policy_witnesses.values()))
    origin, size, root = parse_checkpoint(text)
    cosigners = {w for w, v in policy_witnesses.items() if v["name"] in verified}
    check(quorum_met(quorum, cosigners, groups), "pinned proof: quorum met")
    check(verify_inclusion(index, size, leaves[index], hashes, root), "pinned proof: entry 41 included")
    check(note == read(vector_dir, "checkpoint-fundledger.txt"), "pinned proof carries the pinned checkpoint")

    print("transparency interop (Python): %d checks, %d failures" % (CHECKS, len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
