// EnrolmentList: a household's registrations, the first kept inline.
//
// Every payment to a household reads its registrations (`RuleFacts.enrolment(of:on:preferring:)`).
// Held as an array, each read retained the array's storage: at 1,000,000 entries that storage is a
// cache miss of its own, after the register's bucket (3.5% of replay's samples). Almost every
// household registers once, so the first registration lives in the bucket and later ones, if any,
// in an array that is otherwise the shared empty one.

/// The registrations of one household in sequence order: a collection of `RuleFacts.Enrolment`.
package struct EnrolmentList: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Sendable {
    /// The first registration; nil only for an empty list.
    private var head: RuleFacts.Enrolment?
    /// The registrations after the first.
    private var tail: [RuleFacts.Enrolment] = []

    /// The list of `enrolments`, in their order.
    package init(_ enrolments: [RuleFacts.Enrolment]) {
        head = enrolments.first
        tail = Array(enrolments.dropFirst())
    }

    package init(arrayLiteral elements: RuleFacts.Enrolment...) { self.init(elements) }

    package var startIndex: Int { 0 }
    package var endIndex: Int { head == nil ? 0 : 1 + tail.count }

    package subscript(position: Int) -> RuleFacts.Enrolment {
        get {
            precondition(position >= 0 && position < endIndex, "enrolment index out of range")
            return position == 0 ? head! : tail[position - 1]
        }
        set {
            precondition(position >= 0 && position < endIndex, "enrolment index out of range")
            if position == 0 { head = newValue } else { tail[position - 1] = newValue }
        }
    }

    /// Adds `enrolment` after the others.
    package mutating func append(_ enrolment: RuleFacts.Enrolment) {
        if head == nil { head = enrolment } else { tail.append(enrolment) }
    }

    /// Removes the registrations that satisfy `shouldBeRemoved`, keeping the others' order.
    package mutating func removeAll(where shouldBeRemoved: (RuleFacts.Enrolment) throws -> Bool) rethrows {
        self = EnrolmentList(try filter { try !shouldBeRemoved($0) })
    }
}

extension EnrolmentList: Codable, Equatable {
    /// Coded as the array of its registrations.
    package init(from decoder: any Decoder) throws { self.init(try [RuleFacts.Enrolment](from: decoder)) }

    package func encode(to encoder: any Encoder) throws { try Array(self).encode(to: encoder) }

    package static func == (lhs: EnrolmentList, rhs: EnrolmentList) -> Bool { lhs.elementsEqual(rhs) }
}
