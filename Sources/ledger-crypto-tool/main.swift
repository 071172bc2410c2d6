// Driver for Tools/interop and Tools/bench: hashes, signs and verifies records from standard input.
print("ledger-crypto-tool")
