import Foundation
import Testing
import FailForward

private let concluded = """
ff: 1
id: k7q2m9x4
title: Weekly demo to sponsors
status: concluded
conclusion:
  at: 2026-12-12T10:00:00Z
  outcome: disproved
  returned: One follow-up out of three.   # as counted on Friday

"""

@Suite struct ReviewNotesTests {
    @Test func aReviewNoteIsAppendedLinesOnlyAndReadsBack() throws {
        var doc = try ExperimentDocument(path: "e.yaml", bytes: Array(concluded.utf8))
        let at = Timestamp.parse("2026-12-13T09:00:00Z")!
        let e = try doc.experiment.reviewed("  Is the signal explained?\nThe ledger says not-met twice.  ", line: 8,
                                            by: "Bo Chen <bo@example.com>", at: at)
        try doc.update(to: e)
        #expect(doc.text == concluded + """
        reviews:
          - at: 2026-12-13T09:00:00Z
            by: Bo Chen <bo@example.com>
            line: 8
            text: |2-
                Is the signal explained?
              The ledger says not-met twice.\u{20}\u{20}
            resolved: false

        """)
        // Any YAML reader sees the same note, byte for byte.
        if let yaml = try otherYAMLReader(doc.text) {
            let note = try #require((yaml["reviews"] as? [[String: Any]])?.first)
            #expect(note["text"] as? String == "  Is the signal explained?\nThe ledger says not-met twice.  ")
            #expect(note["resolved"] as? Bool == false)
            #expect(note["line"] as? Int == 8)
        }

        let resolved = try doc.experiment.resolvingReview(1)
        let before = doc.text
        try doc.update(to: resolved)
        #expect(doc.text == before.replacingOccurrences(of: "resolved: false", with: "resolved: true"))
        #expect(try ExperimentDocument(path: "e.yaml", bytes: doc.bytes).experiment.reviews == resolved.reviews)
        #expect(resolved.openReviews.isEmpty)
    }

    @Test func resolvingChecksTheNumber() throws {
        let e = try ExperimentDocument(path: "e.yaml", bytes: Array(concluded.utf8)).experiment
        #expect(throws: ReviewError.noSuchNote(id: "k7q2m9x4", number: 1, count: 0)) { try e.resolvingReview(1) }
        let one = try e.reviewed("Where is the remediation?", line: nil, by: nil, at: Date(timeIntervalSince1970: 0))
        #expect(throws: ReviewError.noSuchNote(id: "k7q2m9x4", number: 2, count: 1)) { try one.resolvingReview(2) }
        #expect(throws: ReviewError.alreadyResolved(id: "k7q2m9x4", number: 1)) { try one.resolvingReview(1).resolvingReview(1) }
        #expect(throws: LifecycleError.emptyText(what: "the review comment")) { try e.reviewed(" \n", line: nil, by: nil, at: Date()) }
    }

    @Test func aBadReviewNoteIsALocatedError() throws {
        let text = concluded + "reviews:\n  - at: 2026-12-13T09:00:00Z\n    text: x\n    line: 0\n"
        #expect(throws: FileError(path: "e.yaml", line: 12, column: 11, message: "reviews.line must be a line number (1 or more), found '0'")) {
            try ExperimentDocument(path: "e.yaml", bytes: Array(text.utf8))
        }
    }
}
