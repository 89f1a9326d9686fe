import FailForward
import Testing

@Suite struct LanguageLintTests {
    let lint = LanguageLint()

    func flagged(_ text: String, _ l: LanguageLint? = nil) -> [String] {
        (l ?? lint).findings(in: text).map(\.matched)
    }

    @Test func flagsIdentityThreatAndBlamePhrases() {
        #expect(flagged("I failed to get a reply.") == ["I failed"])
        #expect(flagged("Honestly I'm a failure at demos.") == ["I'm a failure"])
        #expect(flagged("It was my fault; we screwed up the timing.") == ["my fault", "screwed up"])
        #expect(flagged("A total disaster, a fiasco really.") == ["disaster", "fiasco"])
        #expect(flagged("A stupid plan. Nobody is to blame.") == ["stupid", "blame"])
        #expect(flagged("The experiment failed.") == ["experiment failed"])
        #expect(flagged("I should have known.") == ["should have known"])
    }

    @Test func handlesCaseAndInflection() {
        #expect(flagged("WE FAILED") == ["WE FAILED"])
        #expect(flagged("we have failed, we keep failing") == ["we have failed"])
        #expect(flagged("They blamed the vendor; blaming helps nobody.") == ["blamed", "blaming"])
        #expect(flagged("Another screw-up, and a real screwup.") == ["screw-up", "screwup"])
        #expect(flagged("the pilot was a flop") == ["pilot was a flop"])
        #expect(flagged("Disasters happen") == ["Disasters"])
    }

    @Test func neutralLanguageAndTheMethodsOwnWordsPass() {
        #expect(flagged("The experiment returned one follow-up out of three; the hypothesis was disproved.") == [])
        #expect(flagged("The failure signal was met: no follow-up after two demos.") == [])
        #expect(flagged("A blameless review of the data; the test suite failed on CI.") == [])
    }

    @Test func quotedTextIsNotFlagged() {
        #expect(flagged("Priya said \"what a disaster\" and laughed.") == [])
        #expect(flagged("Priya said “what a disaster” and laughed.") == [])
        #expect(flagged("> I failed, she wrote.\nThe data showed one reply.") == [])
        #expect(flagged("  > my fault\nbut this is my fault") == ["my fault"])
        // An unclosed quote marks nothing.
        #expect(flagged("\"a disaster") == ["disaster"])
    }

    @Test func extraAndAllowedPhrasesFromTheConfig() {
        let custom = LanguageLint(extra: ["drop the ball", "train|car crash"], allow: ["disaster recovery"])
        #expect(flagged("We dropped the ball; a car crash of a week.", custom) == ["dropped the ball", "car crash"])
        #expect(flagged("The disaster recovery drill ran; a disaster otherwise.", custom) == ["disaster"])
        let noBlame = LanguageLint(allow: ["blame"])
        #expect(flagged("blamed", noBlame) == [])
    }

    @Test func findingsHaveLineColumnAndARewrite() throws {
        let f = try #require(lint.findings(in: "Data looked fine.\nThen I failed.").first)
        #expect((f.line, f.column) == (2, 6))
        #expect(f.kind == .identity)
        #expect(f.message == "\"I failed\" is identity-threat language; try a process-oriented rewrite: \"the experiment returned …\", \"the hypothesis was disproved\"")
    }
}
