print("fundledger")
