import FFWorkspace
import FailForward
import Foundation
import TestSupport
import Testing

/// The disposable caches under `.git/ff/`: a second read gives what the first did, and a
/// cache file that is not one is ignored and written anew.
@Suite struct CacheTests {
    func twoExperiments() throws -> Fixture {
        let f = try Fixture()
        try f.addReady("k7q2m9x4", "Weekly demo")
        try f.addReady("m9x4k7q2", "Pricing page copy")
        try f.start("k7q2m9x4")
        try f.note("k7q2m9x4", "First reply came in.")
        return f
    }

    func summaries(_ ws: Workspace) -> [String] {
        let loaded = SummaryCache.load(ws)
        #expect(loaded.problems.isEmpty)
        return loaded.entries.map { "\($0.path) \($0.summary.id) \($0.summary.status.rawValue)" }.sorted()
    }

    @Test func theSummaryCacheGivesWhatParsingGives() throws {
        let f = try twoExperiments()
        let ws = try f.open()
        let first = summaries(ws)
        let files = try f.git("ls-files", "experiments/*.yaml").split(separator: "\n")
        #expect(first.map { $0.split(separator: " ")[0] } == files)
        #expect(first.contains { $0.hasSuffix(" k7q2m9x4 running") } && first.contains { $0.hasSuffix(" m9x4k7q2 draft") })
        let cache = f.dir.file(".git/ff/list-cache")
        #expect(try String(contentsOfFile: cache, encoding: .utf8).hasPrefix(SummaryCache.header + "\n"))
        #expect(summaries(ws) == first)

        try "\(SummaryCache.header)\nnot a line of the cache\n\u{0}\u{1}".write(toFile: cache, atomically: true, encoding: .utf8)
        #expect(summaries(ws) == first)
        let rewritten = try String(contentsOfFile: cache, encoding: .utf8)
        #expect(rewritten.hasPrefix(SummaryCache.header + "\n") && !rewritten.contains("not a line"))
        #expect(summaries(ws) == first)
    }

    @Test func theTimelineCacheGivesWhatAFullWalkGives() throws {
        let f = try twoExperiments()
        let ws = try f.open()
        let walked = try TimelineHistory.load(ws, facts: true, useCache: false).events
        let cachePath = TimelineCache.path(for: ws)
        #expect(TimelineCache.read(cachePath) == nil)
        #expect(try TimelineHistory.load(ws, facts: true).events == walked)
        TimelineHistory.finishWrites()
        let head = try f.git("rev-parse", "HEAD")
        #expect(TimelineCache.read(cachePath)?.tipID == head)
        #expect(try TimelineHistory.load(ws, facts: true).events == walked)
        // The start and the note, as git lists them, are in it.
        let changes = try f.git("log", "--format=%H", "-E", "--grep=^FF-Action: (start|note)$").split(separator: "\n").map(String.init)
        #expect(changes.count == 2 && Set(walked.map(\.commit)).isSuperset(of: changes))

        try "ff-timeline-cache 3\ntip zzz\n".write(toFile: cachePath, atomically: true, encoding: .utf8)
        #expect(TimelineCache.read(cachePath) == nil)
        #expect(try TimelineHistory.load(ws, facts: true).events == walked)
        TimelineHistory.finishWrites()
        #expect(TimelineCache.read(cachePath)?.tipID == head)
    }
}
