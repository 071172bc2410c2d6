// HeadInlineList (as EnrolmentList: a household's registrations), the first element inline.
// Goal: it behaves as an array of the same registrations under every operation the register uses.
// Method: seeded random appends, removals, index updates and reads, compared with an array.
import Foundation
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Enrolment lists")
struct EnrolmentListTests {
    static func enrolment(_ sequence: Int) -> RuleFacts.Enrolment {
        RuleFacts.Enrolment(county: DivisionCode(uncheckedRawValue: Int32(140_400 + sequence % 7)),
                            registeredOn: CivilDate(year: 2018, month: 1 + sequence % 12, day: 1)!, sequence: sequence,
                            isAbleToWork: sequence % 3 == 0 ? nil : sequence % 2 == 0, exit: nil)
    }

    @Test("removing any subset of a list of up to five keeps what an array keeps, in order")
    func removalsOfEverySubset() {
        // Every list length (the one-element list is removed in place, a longer one by filtering) and
        // every set of elements to remove, including none and all.
        for count in 0...5 {
            for removedMask in 0..<(1 << count) {
                var list: EnrolmentList = []
                var array: [RuleFacts.Enrolment] = []
                for sequence in 0..<count {
                    list.append(Self.enrolment(sequence))
                    array.append(Self.enrolment(sequence))
                }
                list.removeAll { removedMask & (1 << $0.sequence) != 0 }
                array.removeAll { removedMask & (1 << $0.sequence) != 0 }
                #expect(Array(list) == array, "count \(count), removed \(removedMask)")
                #expect(list.count == array.count)
                #expect(list == EnrolmentList(array))
                // The list stays usable: an element appended after the removal comes last.
                list.append(Self.enrolment(9))
                array.append(Self.enrolment(9))
                #expect(Array(list) == array, "count \(count), removed \(removedMask), then appended")
            }
        }
    }

    @Test("appends, removals, updates and reads give what an array gives")
    func behavesAsAnArray() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x656E_726F_6C)
        for _ in 0..<500 {
            var list: EnrolmentList = []
            var array: [RuleFacts.Enrolment] = []
            for step in 0..<Int(random.next() % 12) {
                switch random.next() % 4 {
                case 0, 1:
                    list.append(Self.enrolment(step))
                    array.append(Self.enrolment(step))
                case 2:
                    let removed = Int(random.next() % 12)
                    list.removeAll { $0.sequence == removed }
                    array.removeAll { $0.sequence == removed }
                default:
                    guard let index = array.lastIndex(where: { $0.exit == nil }) else { continue }
                    #expect(list.lastIndex(where: { $0.exit == nil }) == index)
                    let exit = RuleFacts.Exit(reason: .exited, date: CivilDate(year: 2020, month: 1, day: 1)!, sequence: 100 + step)
                    list[index].exit = exit
                    array[index].exit = exit
                }
                #expect(Array(list) == array, "\(random)")
                #expect(list.count == array.count)
                #expect(Array(list.reversed()) == Array(array.reversed()))
                #expect(EnrolmentList(array) == list)
            }
        }
    }
}
