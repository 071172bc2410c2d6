// HeadInlineList: a short list whose first element is stored inline, for register values read at
// every payment.
//
// A household's registrations (`RuleFacts.enrolments`) and a payee's recent payments
// (`PaymentSplitBelowThreshold`) are read for every payment to them. Held as arrays, each read went to
// the array's storage: at 1,000,000 entries a cache miss of its own after the register's bucket, and a
// retain (3.5% of replay's samples for the registrations). Almost always there is one element, so it
// lives in the bucket and the others, if any, in an array that is otherwise the shared empty one.

/// A list of `Element`s in order, the first stored inline.
package struct HeadInlineList<Element>: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    /// The first element; nil only for an empty list.
    private var head: Element?
    /// The elements after the first.
    private var tail: [Element] = []

    /// The list of `elements`, in their order.
    package init(_ elements: [Element]) {
        head = elements.first
        tail = Array(elements.dropFirst())
    }

    package init(arrayLiteral elements: Element...) { self.init(elements) }

    package var startIndex: Int { 0 }
    package var endIndex: Int { head == nil ? 0 : 1 + tail.count }

    package subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < endIndex, "list index out of range")
            return position == 0 ? head! : tail[position - 1]
        }
        set {
            precondition(position >= 0 && position < endIndex, "list index out of range")
            if position == 0 { head = newValue } else { tail[position - 1] = newValue }
        }
    }

    /// Adds `element` after the others.
    package mutating func append(_ element: Element) {
        if head == nil { head = element } else { tail.append(element) }
    }

    /// Removes the elements that satisfy `shouldBeRemoved`, keeping the others' order (no new
    /// storage when nothing is removed, nor when the list has one element).
    package mutating func removeAll(where shouldBeRemoved: (Element) throws -> Bool) rethrows {
        // One element (nearly always: a payee's payment before this one, which has left the window)
        // is tested and dropped in place: filtering built an array for it (allocated and freed).
        guard tail.isEmpty else { return try removeAll(fromLongerListWhere: shouldBeRemoved) }
        if let first = head, try shouldBeRemoved(first) { head = nil }
    }

    /// `removeAll(where:)` for a list of two or more elements.
    private mutating func removeAll(fromLongerListWhere shouldBeRemoved: (Element) throws -> Bool) rethrows {
        guard try contains(where: shouldBeRemoved) else { return }
        self = HeadInlineList(try filter { try !shouldBeRemoved($0) })
    }
}

extension HeadInlineList: Sendable where Element: Sendable {}

extension HeadInlineList: Equatable where Element: Equatable {
    package static func == (lhs: HeadInlineList, rhs: HeadInlineList) -> Bool { lhs.elementsEqual(rhs) }
}

extension HeadInlineList: Codable where Element: Codable {
    /// Coded as the array of its elements.
    package init(from decoder: any Decoder) throws { self.init(try [Element](from: decoder)) }

    package func encode(to encoder: any Encoder) throws { try Array(self).encode(to: encoder) }
}

/// A household's registrations in sequence order (`RuleFacts.enrolments`).
package typealias EnrolmentList = HeadInlineList<RuleFacts.Enrolment>
