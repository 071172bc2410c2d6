// Tests for JSONValue's accessors and literal conformances.
import Testing
import LedgerJournal

@Suite("JSONValue accessors")
struct CanonicalJSONValueTests {
    @Test("accessors return the payload of the matching case and nil otherwise")
    func accessorsMatchCase() {
        let value: JSONValue = ["amount_fen": 150_000, "county": "沁源县", "ok": true, "none": nil, "list": [1, "two"]]
        #expect(value["amount_fen"]?.integerValue == 150_000)
        #expect(value["county"]?.stringValue == "沁源县")
        #expect(value["ok"]?.boolValue == true)
        #expect(value["none"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value["list"]?[1]?.stringValue == "two")
        #expect(value["list"]?[2] == nil)
        #expect(value["list"]?[-1] == nil)
        #expect(value["list"]?.arrayValue?.count == 2)
        #expect(value.objectValue?.count == 5)
        #expect(value[0] == nil)
        #expect(value["county"]?.integerValue == nil)
        #expect(value["amount_fen"]?.stringValue == nil)
        #expect(value["ok"]?.isNull == false)
        #expect(JSONValue.integer(1)["x"] == nil)
    }
}
