// gocheck opens FundLedger's checkpoints with golang.org/x/mod/sumdb/note and checks its proofs
// and its tree index file with golang.org/x/mod/sumdb/tlog (CheckRecord, CheckTree, TreeHash,
// ProveRecord, ProveTree). Usage: gocheck SAMPLE_DIR (files from CheckpointVectorTests).
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var failures, checks int

func check(ok bool, format string, args ...interface{}) {
	checks++
	if !ok {
		failures++
		fmt.Printf("FAIL: "+format+"\n", args...)
	}
}

func read(dir, name string) []byte {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		panic(err)
	}
	return data
}

func decodeHashes(lines []string) []tlog.Hash {
	var hashes []tlog.Hash
	for _, line := range lines {
		raw, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(raw) != tlog.HashSize {
			panic("bad hash " + line)
		}
		var h tlog.Hash
		copy(h[:], raw)
		hashes = append(hashes, h)
	}
	return hashes
}

// openCheckpoint opens a note with the log key only (cosignature lines are unknown to sumdb/note
// and must be ignored) and parses the C2SP checkpoint body.
func openCheckpoint(verifiers note.Verifiers, text []byte) (string, int64, tlog.Hash) {
	n, err := note.Open(text, verifiers)
	check(err == nil, "note.Open: %v", err)
	if err != nil {
		return "", 0, tlog.Hash{}
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	size, _ := strconv.ParseInt(lines[1], 10, 64)
	return lines[0], size, decodeHashes(lines[2:3])[0]
}

func main() {
	dir := os.Args[1]
	vkey := strings.TrimSpace(string(read(dir, "log.vkey")))
	verifier, err := note.NewVerifier(vkey)
	check(err == nil, "note.NewVerifier(%s): %v", vkey, err)
	verifiers := note.VerifierList(verifier)

	// The journal's leaves and a stored-hash store built by sumdb/tlog itself.
	journal := read(dir, "journal.jsonl")
	lines := bytes.Split(bytes.TrimSuffix(journal, []byte("\n")), []byte("\n"))
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, index := range indexes {
			out[i] = stored[index]
		}
		return out, nil
	})
	for i, line := range lines {
		hashes, err := tlog.StoredHashes(int64(i), line, reader)
		if err != nil {
			panic(err)
		}
		stored = append(stored, hashes...)
	}

	// Our TreeIndex file: 32-byte header, then the hashes in sumdb/tlog's stored order.
	index := read(dir, "journal.jsonl.tree")
	check(len(index) == 32+32*len(stored), "tree index size %d", len(index))
	for i := range stored {
		check(bytes.Equal(index[32+32*i:64+32*i], stored[i][:]), "tree index stored hash %d", i)
	}

	roots := map[int64]tlog.Hash{}
	manifest := strings.Split(strings.TrimSpace(string(read(dir, "manifest.txt"))), "\n")
	for _, entry := range manifest {
		fields := strings.Fields(entry)
		switch fields[0] {
		case "checkpoint":
			origin, size, root := openCheckpoint(verifiers, read(dir, fields[2]))
			want, err := tlog.TreeHash(size, reader)
			check(err == nil && root == want, "%s: root equals tlog.TreeHash", fields[2])
			check(origin == verifier.Name(), "%s: origin", fields[2])
			roots[size] = root
		case "inclusion":
			text := string(read(dir, fields[3]))
			parts := strings.SplitN(text, "\n\n", 2)
			head := strings.Split(parts[0], "\n")
			check(head[0] == "c2sp.org/tlog-proof@v1", "%s: header", fields[3])
			n, _ := strconv.ParseInt(strings.TrimPrefix(head[1], "index "), 10, 64)
			_, size, root := openCheckpoint(verifiers, []byte(parts[1]))
			proof := tlog.RecordProof(decodeHashes(head[2:]))
			leaf := tlog.RecordHash(lines[n])
			check(tlog.CheckRecord(proof, size, root, n, leaf) == nil, "%s: tlog.CheckRecord", fields[3])
			want, _ := tlog.ProveRecord(size, n, reader)
			check(fmt.Sprint(want) == fmt.Sprint(proof), "%s: equals tlog.ProveRecord", fields[3])
			if len(proof) > 0 {
				check(tlog.CheckRecord(proof[:len(proof)-1], size, root, n, leaf) != nil, "%s: short proof rejected", fields[3])
			}
		case "evidence":
			// Checked by the Python verifier; sumdb has no evidence format.
		case "consistency":
			old, _ := strconv.ParseInt(fields[1], 10, 64)
			size, _ := strconv.ParseInt(fields[2], 10, 64)
			body := strings.Split(strings.TrimSuffix(string(read(dir, fields[3])), "\n"), "\n")
			proof := tlog.TreeProof(decodeHashes(body[3:]))
			oldRoot, _ := tlog.TreeHash(old, reader)
			newRoot, _ := tlog.TreeHash(size, reader)
			check(tlog.CheckTree(proof, size, newRoot, old, oldRoot) == nil, "%s: tlog.CheckTree", fields[3])
			want, _ := tlog.ProveTree(size, old, reader)
			check(fmt.Sprint(want) == fmt.Sprint(proof), "%s: equals tlog.ProveTree", fields[3])
		}
	}
	fmt.Printf("transparency interop (Go sumdb/note, sumdb/tlog): %d checks, %d failures\n", checks, failures)
	if failures > 0 {
		os.Exit(1)
	}
}
