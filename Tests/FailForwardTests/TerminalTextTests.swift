import FailForward
import Testing

/// Columns as a terminal counts them, and cuts that never split a character.
@Suite struct TerminalTextTests {
    @Test func wideCharactersAndEmojiTakeTwoColumnsMarksNone() {
        #expect(TerminalText.width("ff list") == 7)
        #expect(TerminalText.width("週次デモ") == 8)
        #expect(TerminalText.width("ＦＦ") == 4)             // fullwidth Latin
        #expect(TerminalText.width("한국어") == 6)
        #expect(TerminalText.width("🚀") == 2)
        #expect(TerminalText.width("👍🏽") == 2)              // with a skin tone: one character
        #expect(TerminalText.width("👩‍💻") == 2)             // a ZWJ sequence: one character
        #expect(TerminalText.width("🇯🇵") == 2)              // a flag
        #expect(TerminalText.width("❤️") == 2)               // text-style heart asked to be an emoji
        #expect(TerminalText.width("❤") == 1)
        #expect(TerminalText.width("de\u{301}ja\u{300}") == 4)
        #expect(TerminalText.width("Еженедельная") == 12)
        #expect(TerminalText.width("\u{200B}") == 0)
    }

    @Test func fitCutsBetweenCharactersAndSaysSo() {
        #expect(TerminalText.fit("Weekly demo", to: 11) == "Weekly demo")
        #expect(TerminalText.fit("Weekly demo", to: 9) == "Weekly d…")
        #expect(TerminalText.fit("Weekly demo", to: 8) == "Weekly…")
        // A wide character that does not fit whole is left out: one column less.
        #expect(TerminalText.fit("週次デモをする", to: 6) == "週次…")
        #expect(TerminalText.width(TerminalText.pad("週次デモをする", to: 6)) == 6)
        // Accents stay with their letter, emoji sequences whole.
        #expect(TerminalText.fit("de\u{301}ja\u{300} vu", to: 3) == "de\u{301}…")
        #expect(TerminalText.fit("a👩‍💻b👩‍💻c", to: 4) == "a👩‍💻…")
        #expect(TerminalText.fit("anything", to: 0) == "")
        #expect(TerminalText.pad("ab", to: 4) == "ab  ")
    }

    @Test func wrapBreaksBetweenItemsThenWordsAndNeverInsideAWord() {
        #expect(TerminalText.wrap("missing a, b c, d", to: 12, at: ", ") == ["missing a,", "b c, d"])
        #expect(TerminalText.wrap("ready: ff start k7q2m9x4", to: 10) == ["ready: ff", "start", "k7q2m9x4"])
        #expect(TerminalText.wrap("k7q2m9x4k7q2m9x4", to: 5) == ["k7q2m9x4k7q2m9x4"])
    }

    @Test func tablesLeaveOutColumnsInOrderAndNeverCutFixedOnes() {
        let t = TextTable(columns: [.init("ID"), .init("WHEN", dropOrder: 1), .init("TITLE", text: (minimum: 8, weight: 3)),
                                    .init("OWNER", text: (minimum: 4, weight: 1), dropOrder: 2)],
                          rows: [["k7q2m9x4", "2026-11-28", "Weekly demo to sponsors", "Ana Lima"]])
        #expect(t.render(width: nil) == ["ID        WHEN        TITLE                    OWNER", "k7q2m9x4  2026-11-28  Weekly demo to sponsors  Ana Lima"])
        // 40: the date goes first (the owner would be cut below its header); then the title
        // and the owner share the room three to one.
        #expect(t.render(width: 40) == ["ID        TITLE                  OWNER", "k7q2m9x4  Weekly demo to spons…  Ana Li…"])
        #expect(t.render(width: 45) == ["ID        WHEN        TITLE             OWNER", "k7q2m9x4  2026-11-28  Weekly demo to…   Ana…"])
        #expect(t.render(width: 24) == ["ID        TITLE", "k7q2m9x4  Weekly demo t…"])
        // Narrower than the id and the minimum: wider than asked, never a cut id.
        #expect(t.render(width: 10) == ["ID        TITLE", "k7q2m9x4  Weekly…"])
    }
}
