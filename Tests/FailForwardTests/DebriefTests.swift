import Foundation
import Testing
import FailForward

private func date(_ s: String) -> Date { Timestamp.parse(s)! }

@Suite struct DebriefTests {
    @Test func markdownEscapesEverythingFromTheFile() {
        #expect(Markdown.inline("<img src=x onerror=alert(1)> [a](http://x) | `c` *b* _i_ &#x202E; $x$ ~s~") ==
                #"\<img src=x onerror=alert(1)\> \[a\](`http://x`) \| \`c\` \*b\* \_i\_ \&#x202E; \$x\$ \~s\~"#)
        #expect(Markdown.inline("a\nb\u{1B}[31m") == "a b^\\[\\[31m")
        #expect(Markdown.block("# not a heading\n    not code\n- not a list\n12. not ordered\n> not a quote\n===") ==
                "\\# not a heading\nnot code\n\\- not a list\n12\\. not ordered\n\\> not a quote\n\\===")
        #expect(Markdown.block("Plain text, with 3.5 points - and a dash.") == "Plain text, with 3.5 points - and a dash.")
    }

    /// Mentions, issue references and bare URLs read as written but link nothing on GitHub: a
    /// zero-width space after `@`, `#` and `GH-`, URLs in code spans (ending where GitHub's
    /// autolink would, and before a `|` or a backtick).
    @Test func markdownPingsNobody() {
        let z = "\u{200B}"
        #expect(Markdown.inline("@alice, @acme/team, ana@example.com, #12, acme/web#7, GH-3, gh-4") ==
                "@\(z)alice, @\(z)acme/team, ana@\(z)example.com, #\(z)12, acme/web#\(z)7, GH-\(z)3, gh-\(z)4")
        #expect(Markdown.block("#12 first") == "\\#\(z)12 first")
        #expect(Markdown.inline("see https://x.io/a_(b)?q=1&r=2. (www.y.org) HTTP://Z.COM/p|q mailto:a@b.c") ==
                "see `https://x.io/a_(b)?q=1&r=2`. (`www.y.org`) `HTTP://Z.COM/p`\\|q `mailto:a@b.c`")
        #expect(Markdown.inline("1http://y.com, www.") == "1`http://y.com`, `www`.")
        // Not links: a lone @ or #, a tag, an email-less word, a scheme inside a word.
        #expect(Markdown.inline("a @ b, # c, #tag, x@, xhttp://y, wwwx") == "a @ b, # c, #tag, x@, xhttp://y, wwwx")
    }

    func sample() -> DebriefReport {
        var e = Experiment(id: "k7q2m9x4", title: "Weekly demo | sponsors")
        e.status = .concluded
        e.owner = "Ana Lima <ana@example.com>"
        e.hypothesis = "If we demo weekly,\ntwo of three ask."
        e.timebox = Timebox(days: 14, started: date("2026-11-28T09:20:00Z"))
        e.signals = Signals(success: ["2 of 3 ask"], failure: ["no reply after two demos"])
        var c = Conclusion(at: date("2026-12-12T10:00:00Z"), outcome: .disproved)
        c.ledger = [LedgerEntry(signal: "2 of 3 ask", observed: .notMet), LedgerEntry(signal: "no reply after two demos", observed: .met)]
        c.returned = "One follow-up out of three."
        c.facts = "Two demos ran."
        c.next = "Written one-page update"
        c.nextExperiment = "h3c8d1pa"
        e.conclusion = c
        e.deviations = [Deviation(at: date("2026-12-03T08:00:00Z"), field: "data", reason: "Tag renamed.", by: "Ana Lima <ana@example.com>")]
        e.reviews = [ReviewNote(at: date("2026-12-13T09:00:00Z"), by: "Bo Chen <bo@example.com>", line: 7, text: "Signal?", resolved: true)]
        let events = [
            DebriefReport.Event(commit: String(repeating: "a", count: 40), date: date("2026-11-28T09:14:00Z"), author: "Ana Lima", action: "new",
                                transition: "none -> draft", outcome: nil, deviations: [], review: nil, isMerge: false, subject: "new", status: .draft),
            DebriefReport.Event(commit: String(repeating: "b", count: 40), date: date("2026-11-28T09:20:00Z"), author: "Ana Lima", action: nil,
                                transition: nil, outcome: nil, deviations: [], review: nil, isMerge: false, subject: "started by hand", status: .running),
            DebriefReport.Event(commit: String(repeating: "c", count: 40), date: date("2026-12-12T10:00:00Z"), author: "Ana Lima", action: "conclude",
                                transition: "running -> concluded", outcome: .disproved, deviations: [], review: nil, isMerge: false, subject: "c", status: .concluded),
            DebriefReport.Event(commit: String(repeating: "d", count: 40), date: date("2026-12-13T09:00:00Z"), author: "Bo Chen", action: "review",
                                transition: nil, outcome: nil, deviations: [], review: "comment 1", isMerge: false, subject: "r", status: .concluded),
            DebriefReport.Event(commit: String(repeating: "e", count: 40), date: date("2026-12-14T09:00:00Z"), author: "Bo Chen", action: nil,
                                transition: nil, outcome: nil, deviations: [], review: nil, isMerge: true, subject: "Merge branch", status: .concluded),
        ]
        return DebriefReport(experiment: e, path: "experiments/2026-11/k7q2m9x4-weekly-demo.yaml",
                             followUps: [.init(id: "h3c8d1pa", title: "Written one-page update", path: nil)],
                             undeclaredChanges: ["signals"], events: events)
    }

    @Test func theMarkdownHasEverySectionInOrder() {
        let md = sample().markdown
        #expect(md.hasPrefix("# Debrief: Weekly demo \\| sponsors\n\n`k7q2m9x4` · **hypothesis disproved** · concluded 2026-12-12 · owner Ana Lima · 14-day timebox from 2026-11-28\n\n> **Hypothesis:** If we demo weekly,\n> two of three ask.\n"))
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings == ["## What the experiment returned", "## Signal ledger", "## Facts", "## Signal", "## Remediation", "## Next test",
                             "## Deviations", "## Review notes", "## Timeline", "## Review questions"])
        #expect(md.contains("| s1 | 2 of 3 ask | success | not met |\n| f1 | no reply after two demos | failure | **met** |"))
        #expect(md.contains("## Signal\n\n_Not written._"))
        #expect(md.contains("## Next test\n\n- follow-up experiment `h3c8d1pa`: Written one-page update\n"))
        #expect(md.contains("| 2026-12-03 | data | Tag renamed. | Ana Lima |"))
        #expect(md.contains("**Changed since the start without a declared deviation:** signals"))
        #expect(md.contains("1. resolved · 2026-12-13 · Bo Chen · line 7\n   Signal?"))
        #expect(md.contains("| 2026-11-28 | created (none → draft) | Ana Lima | `aaaaaaa` |"))
        #expect(md.contains("| 2026-11-28 | _edited by hand (draft → running)_ | Ana Lima | `bbbbbbb` |"))
        #expect(md.contains("| 2026-12-12 | concluded: hypothesis disproved (running → concluded) | Ana Lima | `ccccccc` |"))
        #expect(md.contains("| 2026-12-13 | review note 1 | Bo Chen | `ddddddd` |"))
        #expect(md.contains("| 2026-12-14 | merged | Bo Chen | `eeeeeee` |"))
        #expect(md.contains(ReviewQuestions.checklist))
    }

    @Test func theJSONParses() throws {
        let json = try JSONSerialization.jsonObject(with: Data(sample().json(pretty: false).utf8)) as! [String: Any]
        #expect(json["outcome"] as? String == "disproved")
        #expect((json["timeline"] as! [[String: Any]]).map { $0["by_hand"] as? Bool } == [false, true, false, false, false])
        #expect((json["next"] as! [String: Any])["text"] as? String == "Written one-page update")
    }
}
