import Testing
@Test("placeholder builds") func placeholder() { #expect(1 + 1 == 2) }
