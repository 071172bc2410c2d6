// Flattens a projection into "path → fen" figures with zero values dropped, so that two
// projections can be compared whatever order or zero-valued keys their dictionaries hold.
@testable import FundSupervision

extension FundProjection {
    var figures: [String: Int64] {
        var result: [String: Int64] = [:]
        func put(_ key: String, _ value: Fen) { if value != .zero { result[key] = value.rawValue } }
        func put(_ key: String, _ value: Int) { if value != 0 { result[key] = Int64(value) } }
        for (id, fund) in funds {
            for (unit, account) in fund.accounts {
                let prefix = "fund/\(id)/\(unit)/"
                put(prefix + "received", account.received)
                put(prefix + "issued", account.issued)
                put(prefix + "forwarded", account.forwarded)
                put(prefix + "integrated", account.integrated)
                put(prefix + "disbursed", account.disbursed)
                put(prefix + "pool", account.poolDisbursed)
                put(prefix + "returnedOut", account.returnedOut)
                put(prefix + "returnedIn", account.returnedIn)
                put(prefix + "allocations", account.allocationCount)
                for (recipient, amount) in account.designatedByRecipient { put(prefix + "designated/\(recipient)", amount) }
                for (recipient, amount) in account.forwardedByRecipient { put(prefix + "forwardedTo/\(recipient)", amount) }
                for (purpose, count) in account.purposeCounts { put(prefix + "purpose/\(purpose)", count) }
            }
        }
        for (unit, totals) in units {
            let prefix = "unit/\(unit)/"
            for (key, value) in totals.receivedByChannel { put(prefix + "receivedByChannel/\(key)", value) }
            for (key, value) in totals.receivedBySourceLevel { put(prefix + "receivedByLevel/\(key)", value) }
            for (key, value) in totals.receivedByYear { put(prefix + "receivedByYear/\(key)", value) }
            for (key, value) in totals.integratedByChannel { put(prefix + "integratedByChannel/\(key)", value) }
            for (key, value) in totals.integratedBySourceLevel { put(prefix + "integratedByLevel/\(key)", value) }
            for (key, value) in totals.integratedByYear { put(prefix + "integratedByYear/\(key)", value) }
            for (key, value) in totals.disbursedByCategory { put(prefix + "disbursedByCategory/\(key)", value) }
            for (key, value) in totals.poolSpentByCategory { put(prefix + "poolByCategory/\(key)", value) }
            for (key, value) in totals.poolSpentByChannel { put(prefix + "poolByChannel/\(key)", value) }
            for (key, value) in totals.disbursedByYear { put(prefix + "disbursedByYear/\(key)", value) }
            put(prefix + "received", totals.received)
            put(prefix + "forwarded", totals.forwarded)
            put(prefix + "integrated", totals.integrated)
            put(prefix + "disbursed", totals.disbursed)
            put(prefix + "poolSpent", totals.poolSpent)
            put(prefix + "returnedOut", totals.returnedOut)
            put(prefix + "returnedIn", totals.returnedIn)
        }
        for (id, project) in projects {
            let prefix = "project/\(id)/"
            put(prefix + "paid", project.paid)
            put(prefix + "payments", project.paymentCount)
            put(prefix + "allowed", project.allowedNow)
            put(prefix + "progress", Int(project.progressBasisPoints))
            put(prefix + "budget", project.registration.budget)
        }
        for (key, total) in payeeYears {
            put("payee/\(key.payee.kind.rawValue)/\(key.payee.id)/\(key.year)/paid", total.paid)
            put("payee/\(key.payee.kind.rawValue)/\(key.payee.id)/\(key.year)/count", total.paymentCount)
        }
        for (key, record) in beneficiaries where record.isRegistered {
            result["beneficiary/\(key.county)/\(key.pseudonym)"] = 1
        }
        return result
    }
}
