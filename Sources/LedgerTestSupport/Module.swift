// LedgerTestSupport
