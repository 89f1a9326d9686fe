import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// A history made partly with ff, partly by hand with plain git: a hand edit of a locked
/// field, an observation added by hand, a branch squash-merged with `git merge --squash`, a
/// `debrief/<id>-<slug>` branch merged with `--no-ff`, and an abandoned draft.
struct Story {
    let h: Harness
    var demo = "", squashed = "", gone = "", followUp = ""

    init() throws {
        h = try Harness()
        let h = self.h
        // Every step must work, or the story is not the one the tests read.
        func ff(_ args: String...) {
            let r = h.ff(args)
            if r.code != 0 { Issue.record("ff \(args.joined(separator: " ")) exited \(r.code): \(r.err)") }
        }
        let main = try h.git("symbolic-ref", "--short", "HEAD")
        h.at("2026-10-01T09:00:00Z")
        demo = h.newReady("Weekly demo to sponsors", extra: ["--prediction", "validated", "--confidence", "0.7"])
        h.at("2026-10-02T09:00:00Z")
        ff("start", demo)
        h.at("2026-10-03T09:00:00Z")
        ff("note", demo, "First demo; one reply.")
        // By hand: the hypothesis reworded after the start (past the pre-commit hook, which
        // would refuse it, as a clone without the hooks would), and an observation (through
        // the hooks, which add FF- trailers and FF-Via: git).
        let path = try h.path(of: demo)
        try h.dir.write(path, try h.dir.read(path).replacingOccurrences(
            of: "hypothesis: If we demo weekly, two of three sponsors ask for a follow-up.",
            with: "hypothesis: If we demo weekly, all three sponsors ask for a follow-up."))
        h.at("2026-10-04T09:00:00Z")
        try h.git("commit", "-q", "--no-verify", "-am", "Sharpen the hypothesis")
        try h.dir.write(path, try h.dir.read(path).replacingOccurrences(
            of: "    text: First demo; one reply.\n",
            with: "    text: First demo; one reply.\n  - at: 2026-10-05T08:00:00Z\n    text: Second demo, no reply.\n"))
        let edited = try h.dir.read(path)
        precondition(edited.contains("Second demo"))
        h.at("2026-10-05T09:00:00Z")
        try h.git("commit", "-q", "-am", "Add the second demo by hand")
        h.at("2026-10-06T09:00:00Z")
        ff("amend", demo, "--reason", "The reply tag was renamed.", "--data", "requests: count #sponsor-demo replies")

        // A branch, squash-merged.
        try h.git("checkout", "-q", "-b", "feature/pricing")
        h.at("2026-10-07T09:00:00Z")
        squashed = h.newReady("Pricing page leads with the price")
        h.at("2026-10-08T09:00:00Z")
        ff("start", squashed)
        h.at("2026-10-09T09:00:00Z")
        ff("note", squashed, "Trial starts up 14%.")
        h.at("2026-10-10T09:00:00Z")
        ff("conclude", squashed, "--outcome", "validated", "--returned", "14% more trial starts.", "--met", "s1", "--not-met", "f1",
             "--next", "Move the FAQ up")
        try h.git("checkout", "-q", main)
        h.at("2026-10-11T09:00:00Z")
        try h.git("merge", "-q", "--squash", "feature/pricing")
        try h.git("commit", "-q", "--no-edit")
        try h.git("branch", "-q", "-D", "feature/pricing")

        // A debrief reviewed on its own branch, merged as a pull request would be.
        try h.git("checkout", "-q", "-b", "debrief/\(demo)-weekly-demo-to-sponsors")
        h.at("2026-10-12T09:00:00Z")
        ff("conclude", demo, "--outcome", "disproved", "--returned", "One reply from three sponsors.", "--not-met", "s1", "--met", "f1",
             "--next-experiment", "Written one-page update")
        followUp = h.lastCreated()
        try h.git("checkout", "-q", main)
        h.at("2026-10-13T09:00:00Z")
        try h.git("merge", "-q", "--no-ff", "-m", "Merge debrief/\(demo)", "debrief/\(demo)-weekly-demo-to-sponsors")

        h.at("2026-10-14T09:00:00Z")
        gone = h.newReady("Recorded walkthrough")
        h.at("2026-10-15T09:00:00Z")
        ff("abandon", gone, "--reason", "The video host is blocked.")
        h.at("2026-10-20T09:00:00Z")
    }

    func json(_ args: String...) throws -> [String: Any] {
        let r = h.ff(["timeline", "--format", "json"] + args)
        #expect(r.code == 0, "\(r.err)")
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
    }

    func events(_ args: String...) throws -> [[String: Any]] {
        let r = h.ff(["timeline", "--format", "json"] + args)
        return (try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any])["events"] as! [[String: Any]]
    }
}

extension Harness {
    /// The second `FF-Experiment` of the last commit: a follow-up created by conclude.
    func lastCreated() -> String {
        let trailers = (try? git.trailers()) ?? []
        return trailers.filter { $0.hasPrefix("FF-Experiment: ") }.last.map { String($0.dropFirst(15)) } ?? ""
    }
}

@Suite struct TimelineCommandTests {
    @Test func theTimelineTellsTheSameStoryAsTheCommits() throws {
        let s = try Story()
        let events = try s.events()
        func kinds(_ id: String) -> [String] { events.filter { $0["experiment"] as? String == id }.map { $0["kind"] as! String } }
        #expect(kinds(s.demo) == ["created", "started", "observation", "locked_changed", "observation", "amended", "concluded", "debrief_merged"])
        #expect(kinds(s.squashed) == ["created", "started", "observation", "concluded"])
        // Created on the debrief branch, brought in by its merge.
        #expect(kinds(s.followUp) == ["created", "merged"])
        #expect(kinds(s.gone) == ["created", "abandoned"])

        // Every commit that changed an experiment has its events, and no other commit does.
        let git = s.h.git
        var changed = Set<String>()
        for c in try git("rev-list", "HEAD").split(separator: "\n").map(String.init) {
            let mine = try git.run("rev-parse", "-q", "--verify", "\(c):experiments").stdout
            let parent = try git.run("rev-parse", "-q", "--verify", "\(c)^1:experiments").stdout
            let base = (try? git("rev-parse", "-q", "--verify", "\(c)^1")) ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
            let paths = try git("diff", "--name-only", base, c, "--", "experiments").split(separator: "\n")
            if mine != parent && paths.contains(where: { $0.hasSuffix(".yaml") }) { changed.insert(c) }
        }
        #expect(Set(events.map { $0["commit"] as! String }) == changed)

        // Oldest first, times in ISO 8601.
        let times = events.map { $0["time"] as! String }
        #expect(times == times.sorted())
        #expect(times.allSatisfy { Timestamp.parse($0) != nil && $0.hasSuffix("Z") })

        // The hand edits are by hand; the locked change is flagged.
        let flagged = events.first { $0["kind"] as? String == "locked_changed" }!
        #expect(flagged["flagged"] as? Bool == true && flagged["by_hand"] as? Bool == true)
        #expect(flagged["fields"] as? [String] == ["hypothesis"])
        #expect(flagged["commit"] as? String == (try git("rev-parse", ":/Sharpen the hypothesis")))
        let byHand = events.filter { $0["by_hand"] as? Bool == true }.map { $0["kind"] as! String }
        #expect(byHand == ["locked_changed", "observation"])

        // The squash merge: rebuilt from the dates in the file, in the squash commit.
        let squash = try git("rev-parse", ":/Squashed commit")
        let rebuilt = events.filter { $0["experiment"] as? String == s.squashed }
        #expect(rebuilt.allSatisfy { $0["reconstructed"] as? Bool == true && $0["commit"] as? String == squash && $0["by_hand"] as? Bool == false })
        #expect(rebuilt.map { $0["time"] as! String } == ["2026-10-07T09:00:00Z", "2026-10-08T09:00:00Z", "2026-10-09T09:00:00Z", "2026-10-10T09:00:00Z"])
        #expect(rebuilt.last?["outcome"] as? String == "validated")

        // The debrief: concluded on its branch, then merged.
        let merged = events.first { $0["kind"] as? String == "debrief_merged" }!
        #expect(merged["commit"] as? String == (try git("rev-parse", "HEAD~2")))
        #expect(merged["outcome"] as? String == "disproved")
        #expect((try git("log", "-1", "--format=%P", merged["commit"] as! String)).split(separator: " ").count == 2)

        // ff's own events name the action from their trailers.
        let started = events.first { $0["kind"] as? String == "started" && $0["experiment"] as? String == s.demo }!
        #expect(started["action"] as? String == "start")
        #expect(try git.trailers(started["commit"] as! String).contains("FF-Transition: draft -> running"))

        // Text, grouped by month.
        let text = s.h.ff("timeline")
        #expect(text.code == 0 && text.err == "")
        #expect(text.out.hasPrefix("Learning timeline  \(events.count) events, 4 experiments, 2026-10-01 – 2026-10-15\n\n2026-10\n"))
        #expect(text.out.contains("locked field changed") && text.out.contains("reconstructed") && text.out.contains("debrief merged"))
    }

    @Test func filtersNarrowTheEvents() throws {
        let s = try Story()
        #expect(try s.events("--experiment", String(s.gone.prefix(5))).map { $0["kind"] as! String } == ["created", "abandoned"])
        #expect(try s.events("--experiment", "recorded-walkthrough").count == 2)
        let range = try s.events("--since", "2026-10-12", "--until", "2026-10-13").map { $0["kind"] as! String }
        // The merge's two events share a second and a commit: ordered by experiment id.
        #expect(range.prefix(2) == ["created", "concluded"] && range.dropFirst(2).sorted() == ["debrief_merged", "merged"])
        let week = try s.events("--since", "7d").map { $0["kind"] as! String }
        #expect(week.prefix(2).sorted() == ["debrief_merged", "merged"] && week.dropFirst(2) == ["created", "abandoned"])
        #expect(try s.events("--outcome", "validated").allSatisfy { $0["experiment"] as? String == s.squashed })
        #expect(try s.events("--author", "nobody").isEmpty)
        let unknown = s.h.ff("timeline", "--experiment", "zzzz9999")
        #expect(unknown.code == 1)
        #expect(unknown.err.hasPrefix("ff: no experiment matches 'zzzz9999'"))
        let bad = s.h.ff("timeline", "--since", "yesterday")
        #expect(bad.code == 64)
        #expect(bad.err.contains("--since: 'yesterday' is not a date"))
        #expect(s.h.ff("timeline", "--format", "pdf").code == 64)
    }

    @Test func statsAgreeWithTheHistory() throws {
        let s = try Story()
        let r = s.h.ff("stats", "--json")
        #expect(r.code == 0, "\(r.err)")
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        #expect(json["experiments"] as? Int == 4)
        #expect(json["status"] as? [String: Int] == ["draft": 1, "running": 0, "concluded": 2, "abandoned": 1])
        #expect(json["outcomes"] as? [String: Int] == ["validated": 1, "disproved": 1, "inconclusive": 0])
        let months = json["months"] as! [[String: Any]]
        #expect(months.count == 1 && months[0]["month"] as? String == "2026-10")
        #expect(months[0]["started"] as? Int == 2 && months[0]["concluded"] as? Int == 2 && months[0]["abandoned"] as? Int == 1)
        let cycle = json["cycle_days"] as! [String: Any]
        // 2026-10-02 → 10-12 (10 days) and 10-08 → 10-10 (2 days).
        #expect(cycle["median"] as? Double == 6 && cycle["p90"] as? Double == 10)
        #expect((json["next_test"] as! [String: Any])["count"] as? Int == 2)
        #expect((json["within_timebox"] as! [String: Any])["count"] as? Int == 2)
        let deviations = json["deviations"] as! [String: Any]
        #expect(deviations["declared"] as? Int == 1 && deviations["undeclared"] as? Int == 1)
        let calibration = json["calibration"] as! [String: Any]
        // One forecast: validated at 0.7, disproved: (0.7 - 0)² = 0.49.
        #expect((calibration["overall"] as! [String: Any])["brier"] as? Double == 0.49)
        #expect((calibration["by_tag"] as! [[String: Any]]).map { $0["tag"] as? String } == ["sponsors"])
        let text = s.h.ff("stats")
        #expect(text.out.contains("Velocity") && text.out.contains("Calibration"))
    }

    @Test func theDigestCoversAPeriodOrARange() throws {
        let s = try Story()
        let week = s.h.ff("digest", "--since", "10d")
        #expect(week.code == 0, "\(week.err)")
        #expect(week.out.hasPrefix("# Experiments digest: 2026-10-10 – 2026-10-20\n"))
        #expect(week.out.contains("## Concluded"))
        #expect(week.out.contains("**Weekly demo to sponsors** `\(s.demo)` — hypothesis disproved"))
        #expect(week.out.contains("One reply from three sponsors."))
        #expect(week.out.contains("## Abandoned\n\n- **Recorded walkthrough**"))
        #expect(week.out.contains("## Next tests\n\n- Move the FAQ up — next test of **Pricing page leads with the price**"))
        #expect(week.out.contains("\n- Written one-page update (\(s.followUp)) — next test of **Weekly demo to sponsors**"), "\(week.out)")
        // A revision range: only the commits in it.
        let range = s.h.ff("digest", "HEAD~2..HEAD")
        #expect(range.code == 0, "\(range.err)")
        #expect(range.out.hasPrefix("# Experiments digest: `HEAD~2..HEAD`\n\n0 started · 0 concluded · 1 abandoned"), "\(range.out)")
        let html = s.h.ff("digest", "--since", "30d", "--format", "html")
        #expect(html.out.hasPrefix("<!doctype html>"))
        #expect(s.h.ff("digest", "nonsense..HEAD").code == 1)
        #expect(s.h.ff("digest", "HEAD~1..HEAD", "--since", "7d").code == 64)
    }

    @Test func theCacheMakesTheNextRunIncrementalAndAnyRewriteStartsOver() throws {
        let s = try Story()
        let h = s.h
        let first = h.ff("timeline", "--format", "json").out
        let cache = h.dir.file(".git/ff/timeline-cache")
        let text = try String(contentsOfFile: cache, encoding: .utf8)
        #expect(text.hasPrefix("ff-timeline-cache 3\ntip \(try h.git("rev-parse", "HEAD"))\n"))
        // Planting an event in the cache shows that the next run reads it rather than the history.
        let planted = text.replacingOccurrences(of: "First demo; one reply.", with: "Planted in the cache.")
        try planted.write(toFile: cache, atomically: true, encoding: .utf8)
        #expect(h.ff("timeline", "--format", "json").out.contains("Planted in the cache."))
        // A new commit: walked on its own, the cached events kept.
        h.at("2026-10-21T09:00:00Z")
        h.ff("new", "One more")
        let incremental = h.ff("timeline", "--format", "json").out
        #expect(incremental.contains("Planted in the cache.") && incremental.contains("One more"))
        // A rewritten history invalidates it.
        try h.git("commit", "-q", "--amend", "-m", "new: One more, reworded")
        let rewritten = h.ff("timeline", "--format", "json").out
        #expect(!rewritten.contains("Planted in the cache."))
        #expect(rewritten.contains("One more"))
        try FileManager.default.removeItem(atPath: h.dir.file(".git/ff"))
        #expect(h.ff("timeline", "--format", "json").out == rewritten)
        // A garbled cache is ignored.
        try "ff-timeline-cache 2\ntip nonsense\n".write(toFile: cache, atomically: true, encoding: .utf8)
        #expect(h.ff("timeline", "--format", "json").out == rewritten)
        _ = first
    }

    @Test func everyFormatWritesAtomicallyWithDashO() throws {
        let s = try Story()
        for format in ["text", "markdown", "json", "html", "mermaid"] {
            let r = s.h.ff("timeline", "--format", format, "-o", "out/timeline.\(format)")
            #expect(r.code == 1, "no folder yet: \(format)")
            try FileManager.default.createDirectory(atPath: s.h.dir.file("out"), withIntermediateDirectories: true)
            let ok = s.h.ff("timeline", "--format", format, "-o", "out/timeline.\(format)")
            #expect(ok.code == 0, "\(ok.err)")
            #expect(ok.out.hasPrefix("Wrote the timeline ("))
            let written = try s.h.dir.read("out/timeline.\(format)")
            #expect(written == s.h.ff("timeline", "--format", format).out)
            try FileManager.default.removeItem(atPath: s.h.dir.file("out"))
        }
        let html = s.h.ff("timeline", "--format", "html").out
        for id in [s.demo, s.squashed, s.gone, s.followUp] { #expect(html.contains("id=\"x-\(id)\"")) }
        let mermaid = s.h.ff("timeline", "--format", "mermaid").out
        #expect(mermaid.contains("section Disproved") && mermaid.contains("section Validated"))
        let md = s.h.ff("timeline", "--format", "markdown").out
        #expect(md.contains("## 2026-10") && md.contains("| debrief merged |"))
    }

    @Test func progressOnlyOnATerminal() throws {
        let s = try Story()
        #expect(s.h.ff("timeline").err == "")
        try FileManager.default.removeItem(atPath: s.h.dir.file(".git/ff"))
        s.h.interactive = true
        let r = s.h.ff("timeline")
        #expect(r.err.hasPrefix("\rff: reading history… "))
        #expect(r.err.hasSuffix("\r\u{1B}[K"))
    }

    @Test func aShallowCloneSaysSoInEveryFormat() throws {
        let s = try Story()
        let clone = TempDir("ff-shallow")
        let r = try TestSupport.run("/usr/bin/git", ["clone", "-q", "--depth", "3", "file://" + s.h.dir.path, clone.path + "/c"],
                                    environment: s.h.env)
        #expect(r.status == 0, "\(r.stderr)")
        let c = clone.path + "/c"
        let note = "This is a shallow clone"
        for format in ["text", "markdown", "json", "html"] {
            let out = s.h.ff(["-C", c, "timeline", "--format", format])
            #expect(out.code == 0, "\(out.err)")
            #expect(out.out.contains(note), "\(format)")
        }
        #expect(s.h.ff(["-C", c, "timeline", "--format", "mermaid"]).out.contains("shallow clone"))
        #expect(s.h.ff(["-C", c, "digest", "--since", "30d"]).out.contains(note))
        #expect(s.h.ff(["-C", c, "stats"]).out.contains(note))
        let json = try JSONSerialization.jsonObject(with: Data(s.h.ff(["-C", c, "timeline", "--format", "json"]).out.utf8)) as! [String: Any]
        let shallow = json["shallow"] as! [String: Any]
        #expect(!(shallow["boundaries"] as! [String]).isEmpty)
        // Nothing from before the edge is dated at the edge: it is rebuilt from the files.
        let edge = Set(shallow["boundaries"] as! [String])
        let events = json["events"] as! [[String: Any]]
        #expect(events.filter { edge.contains($0["commit"] as! String) }.allSatisfy { $0["reconstructed"] as? Bool == true })
        #expect(events.contains { $0["kind"] as? String == "created" && $0["experiment"] as? String == s.demo
            && $0["time"] as? String == "2026-10-01T10:00:00Z" || $0["time"] as? String == "2026-10-01T09:00:00Z" })
        #expect(!FileManager.default.fileExists(atPath: c + "/.git/ff/timeline-cache"))
        // ff log walks a shallow clone too (its edge, a merge here, says nothing certain).
        let log = s.h.ff(["-C", c, "log", s.gone])
        #expect(log.code == 0, "\(log.err)")
        #expect(log.out.contains("abandon") && log.out.contains("new"))
    }
}
