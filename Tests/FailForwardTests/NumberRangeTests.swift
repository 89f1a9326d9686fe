@testable import FailForward
import Foundation
import Testing

/// Numbers from files, flags and caches, at the edges: each is read into its range or refused
/// with the place it came from, and no arithmetic on it can trap.
@Suite struct NumberRangeTests {
    static let extremes = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "106751991167300", "2932897",
        "36500", "36501", "1", "0", "-0", "-1", "0.5", "1.0", "1e308", "-1e308", "4.9e-324", ".nan", ".inf", "-.inf",
        "0x10", "1_000", String(repeating: "9", count: 400), "",
    ]

    /// One numeric field of an experiment file: the text around the value, where the value
    /// starts, and which values the format accepts.
    struct Field: Sendable {
        var name: String
        var text: @Sendable (String) -> String
        var line: Int
        var column: Int
        var accepts: @Sendable (String) -> Bool
    }

    static let fields: [Field] = [
        Field(name: "timebox.days",
              text: { "ff: 1\nid: k7q2m9x4\ntitle: T\nstatus: running\ntimebox:\n  days: \($0)\n  started: 2026-11-28T09:20:00Z\n" },
              line: 6, column: 9, accepts: { Int($0).map { (1...36_500).contains($0) } ?? false }),
        Field(name: "prediction.confidence",
              text: { "ff: 1\nid: k7q2m9x4\ntitle: T\nstatus: draft\nprediction:\n  outcome: validated\n  confidence: \($0)\n" },
              line: 7, column: 15, accepts: { Double($0).map { (0...1).contains($0) } ?? false }),
        Field(name: "reviews.line",
              text: { "ff: 1\nid: k7q2m9x4\ntitle: T\nstatus: draft\nreviews:\n  - at: 2026-11-28T09:20:00Z\n    text: t\n    line: \($0)\n" },
              line: 8, column: 11, accepts: { Int($0).map { $0 >= 1 } ?? false }),
    ]

    @Test func fileNumbersAreReadInRangeOrRefusedAtTheirPosition() throws {
        let now = try #require(Timestamp.parse("2026-12-01T00:00:00Z"))
        for field in Self.fields {
            for value in Self.extremes {
                let text = field.text(value)
                do {
                    let doc = try ExperimentDocument(path: "e.yaml", bytes: Array(text.utf8))
                    // An empty value is a null: the field is absent.
                    #expect(value.isEmpty || field.accepts(value), "\(field.name): \(value) was read")
                    // Everything that shows or checks the experiment copes with the value.
                    let stored = StoredExperiment(experiment: doc.experiment, path: "e.yaml")
                    _ = ShowView.render(stored, now: now, painter: .plain)
                    _ = stored.json(now: now, pretty: true)
                    _ = StatusView.render([stored], bounds: 7...30, now: now, painter: .plain)
                    _ = ExperimentCheck(config: FFConfig(), now: now, index: ExperimentIndex([stored])).diagnostics(for: doc, baseline: nil)
                } catch let error as FileError {
                    #expect(!field.accepts(value), "\(field.name): \(value) was refused: \(error)")
                    if !value.isEmpty {
                        #expect(error.line == field.line && error.column == field.column, "\(field.name): \(value): \(error)")
                        #expect(error.message.hasPrefix(field.name + " must be "), "\(error)")
                    }
                }
            }
        }
    }

    @Test func theRangesAreNamedInTheMessages() throws {
        func message(_ text: String) -> String {
            do {
                _ = try ExperimentDocument(path: "e.yaml", bytes: Array(text.utf8))
                return ""
            } catch {
                return String(describing: error)
            }
        }
        #expect(message(Self.fields[0].text("106751991167300"))
            == "e.yaml:6:9: timebox.days must be a whole number of days from 1 to 36500, found '106751991167300'")
        #expect(message(Self.fields[0].text("0")) == "e.yaml:6:9: timebox.days must be a whole number of days from 1 to 36500, found '0'")
        #expect(message(Self.fields[2].text("-9223372036854775808"))
            == "e.yaml:8:11: reviews.line must be a line number (1 or more), found '-9223372036854775808'")
        #expect(message(Self.fields[1].text("1e308")) == "e.yaml:7:15: prediction.confidence must be between 0 and 1, found '1e308'")
    }

    @Test func configBoundsAreRangeChecked() {
        for value in Self.extremes {
            let text = "experiments: experiments\ntimebox: {min_days: 1, max_days: \(value)}\n"
            do {
                let config = try FFConfig.parse(text)
                #expect(Int(value).map { (1...36_500).contains($0) } ?? false, "\(value)")
                #expect(config.timeboxDays.upperBound <= Timebox.maximumDays)
            } catch let error as FileError {
                #expect(!(Int(value).map { (1...36_500).contains($0) } ?? false), "\(value): \(error)")
                #expect(error.line == 2, "\(error)")
                #expect(error.message == "timebox.max_days must be a whole number of days from 1 to 36500", "\(error)")
            } catch {
                Issue.record("\(value): \(error)")
            }
        }
    }

    /// Times at and past the ends of what a file can hold are written clamped, never trapping.
    @Test func everyTimeFormatsInFourDigitYears() {
        let seconds: [Double] = [0, -0.0, 1e308, -1e308, .infinity, -.infinity, .nan, 9.223372036854775807e18, -9.3e18,
                                 253_402_300_799, 253_402_300_800, -62_167_219_200, -62_167_219_201]
        for s in seconds {
            let text = Timestamp.format(Date(timeIntervalSince1970: s))
            #expect(text.count == 20, "\(s): \(text)")
            #expect(Timestamp.parse(text) != nil, "\(s): \(text)")
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1e308)) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1e308)) == "0000-01-01T00:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -62_167_219_200)) == "0000-01-01T00:00:00Z")
        #expect(Timestamp.wholeDays(1e308) == Int(Int32.max))
        #expect(Timestamp.wholeDays(.nan) == 0)
        #expect(Timestamp.wholeDays(-86_400 * 1.5) == -1)
        #expect(Timestamp.wholeDays(86_400 * 1.5) == 2)
    }

    /// A schedule from any timebox the model can hold: due dates and days left never trap.
    @Test func schedulesOfAnyLengthNeverTrap() throws {
        let start = try #require(Timestamp.parse("9999-12-31T00:00:00Z"))
        for days in [Int.max, Int.min, 0, -1, 36_500, 106_751_991_167_300] {
            let s = Schedule(status: .running, started: start, days: days)
            _ = s.due.map(Timestamp.format)
            _ = s.daysLeft(at: Date(timeIntervalSince1970: 0))
            _ = s.isOverdue(at: Date())
        }
    }

    @Test func spansAreRangeCheckedAndDatesStayInTheYearsFilesHold() throws {
        let now = try #require(Timestamp.parse("2026-11-28T10:00:00Z"))
        for text in ["9223372036854775807d", "-9223372036854775808d", "9223372036854775808d", "106751991167300d",
                     "36501d", "5215w", "876001h", String(repeating: "9", count: 400) + "d", "1e308d", "-0d", "-1d"] {
            #expect(throws: TimeSpec.Problem.self, "\(text)") { try TimeSpec.resolve(text, now: now) }
        }
        #expect(try TimeSpec.resolve("36500d", now: now) == now.addingTimeInterval(-36_500 * 86_400))
        #expect(try TimeSpec.resolve("0d", now: now) == now)
        #expect(try TimeSpec.resolve("9999-12-31", now: now, endOfDay: true) == Timestamp.parse("9999-12-31T23:59:59Z")!.addingTimeInterval(1))
        #expect(throws: TimeSpec.Problem.self) { try TimeSpec.resolve("yesterday", now: now) }
        #expect(String(describing: TimeSpec.Problem.outOfRange("9223372036854775807d"))
            == "'9223372036854775807d' is out of range: a span goes back at most 36500 days (5214w, 876000h)")
        #expect(String(describing: TimeSpec.Problem.notATime("yesterday"))
            == "'yesterday' is not a date (2026-11-01), a time or a span like 30d")
    }

    /// Caches are files too: a number too long for 64 bits makes the line unreadable (and the
    /// cache rebuilt), never a trap.
    @Test func cacheNumbersThatOverflowAreUnreadable() {
        for digits in [String(repeating: "9", count: 40), "9223372036854775808", "-9223372036854775809"] {
            #expect(CacheText.int64(ArraySlice(digits.utf8)) == nil, "\(digits)")
        }
        #expect(CacheText.int64(ArraySlice("9223372036854775807".utf8)) == Int64.max)
        #expect(CacheText.int64(ArraySlice("-9223372036854775808".utf8)) == Int64.min)
        #expect(CacheText.int64(ArraySlice("-".utf8)) == nil)
        #expect(CacheText.int64(ArraySlice("".utf8)) == nil)
        #expect(CacheText.seconds(Date(timeIntervalSince1970: 1e308)) == Int64(Timestamp.latest.timeIntervalSince1970))
        #expect(CacheText.seconds(Date(timeIntervalSince1970: .nan)) == 0)
        // A timeline cache line with a confidence the files cannot hold is unreadable too.
        var e = Experiment(id: "k7q2m9x4", title: "T")
        e.prediction = Prediction(outcome: .validated, confidence: 0.7)
        var line: [UInt8] = []
        ExperimentFacts(e, path: "e.yaml").appendCacheLine(to: &line)
        #expect(ExperimentFacts(cacheLine: line[...])?.prediction?.confidence == 0.7)
        let text = String(decoding: line, as: UTF8.self)
        for bad in ["1e308", "nan", "-inf", "2", "x"] {
            let damaged = text.replacingOccurrences(of: "validated/0.7", with: "validated/\(bad)")
            #expect(ExperimentFacts(cacheLine: Array(damaged.utf8)[...]) == nil, "\(bad)")
        }
    }
}
