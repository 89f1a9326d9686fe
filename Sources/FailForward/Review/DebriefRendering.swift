
extension DebriefReport {
    /// The timeline's events with what each did in words; a commit made by hand that changed
    /// the state says so, like one made by ff.
    public var describedEvents: [(event: Event, what: String)] {
        var previous: Status?
        return events.map { event in
            var what = Self.describe(event)
            if event.transition == nil, let now = event.status, let before = previous, now != before {
                what += " (\(before.rawValue) → \(now.rawValue))"
            }
            previous = event.status ?? previous
            return (event, what)
        }
    }

    /// The pull-request body. Every piece of text from the file is escaped (`Markdown`), so
    /// the body shows exactly what the file says and nothing else.
    public var markdown: String {
        let e = experiment
        var out: [String] = []
        func md(_ s: String) -> String { Markdown.inline(s) }
        func section(_ title: String, _ body: String?, missing: String = "_Not written._") {
            out.append("")
            out.append("## " + title)
            out.append("")
            out.append(body.map(Markdown.block) ?? missing)
        }

        out.append("# Debrief: " + md(e.title))
        out.append("")
        var facts = ["`\(e.id)`"]
        if let o = e.conclusion?.outcome { facts.append("**\(o.summary)**") }
        if e.status == .abandoned { facts.append("**abandoned**") }
        if e.status != .concluded && e.status != .abandoned { facts.append("**\(e.status.rawValue)**, not concluded yet") }
        if let at = e.conclusion?.at ?? e.abandoned?.at { facts.append((e.status == .abandoned ? "stopped " : "concluded ") + Timestamp.day(at)) }
        if let owner = e.owner { facts.append("owner " + md(ListView.ownerName(owner))) }
        if let days = e.timebox.days {
            facts.append("\(days)-day timebox" + (e.timebox.started.map { " from " + Timestamp.day($0) } ?? ""))
        }
        out.append(facts.joined(separator: " · "))
        if !e.touches.isEmpty {
            out.append("")
            out.append("Touches: " + e.touches.map(md).joined(separator: ", "))
        }
        if let h = e.hypothesis {
            out.append("")
            out.append(Markdown.block(h).split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
                ($0.offset == 0 ? "> **Hypothesis:** " : "> ") + $0.element
            }.joined(separator: "\n"))
        }

        if e.status == .abandoned {
            section("Why it stopped", e.abandoned?.reason)
        } else {
            let c = e.conclusion
            section("What the experiment returned", c?.returned)
            out.append("")
            out.append("## Signal ledger")
            out.append("")
            let lines = ledger
            if lines.isEmpty {
                out.append("_No ledger recorded._")
            } else {
                out.append("| | Signal | Kind | Observed |")
                out.append("|---|---|---|---|")
                for l in lines {
                    let observed = l.observed == .met ? "**met**" : l.observed.words
                    out.append("| \(l.number ?? "") | \(md(l.signal)) | \(l.kind ?? "—") | \(observed) |")
                }
            }
            let declared = Set(lines.map(\.signal))
            let missing = e.signals.all.filter { !declared.contains($0) }
            if !missing.isEmpty {
                out.append("")
                out.append("Declared but not in the ledger: " + missing.map(md).joined(separator: "; "))
            }
            section("Facts", c?.facts)
            section("Signal", c?.signal)
            section("Remediation", c?.remediation)
            out.append("")
            out.append("## Next test")
            out.append("")
            var next: [String] = []
            // `--next-experiment` also copies the follow-up's title into `next`: say it once.
            if let text = c?.next, !followUps.contains(where: { $0.title == text }) { next.append(Markdown.block(text)) }
            for f in followUps {
                next.append("- follow-up experiment `\(f.id)`" + (f.title.map { ": " + md($0) } ?? "") + (f.path.map { " (" + md($0) + ")" } ?? ""))
            }
            out.append(next.isEmpty ? "_None published yet._" : next.joined(separator: "\n\n"))
        }

        out.append("")
        out.append("## Deviations")
        out.append("")
        if e.deviations.isEmpty {
            out.append("None declared.")
        } else {
            out.append("| Date | Field | Reason | By |")
            out.append("|---|---|---|---|")
            for d in e.deviations {
                out.append("| \(Timestamp.day(d.at)) | \(md(d.field)) | \(md(d.reason)) | \(d.by.map { md(ListView.ownerName($0)) } ?? "") |")
            }
        }
        if !undeclaredChanges.isEmpty {
            out.append("")
            out.append("**Changed since the start without a declared deviation:** " + undeclaredChanges.map(md).joined(separator: ", "))
        }

        if !e.reviews.isEmpty {
            out.append("")
            out.append("## Review notes")
            out.append("")
            for (i, n) in e.reviews.enumerated() {
                var head = "\(i + 1). " + (n.resolved ? "resolved" : "**open**") + " · " + Timestamp.day(n.at)
                if let by = n.by { head += " · " + md(ListView.ownerName(by)) }
                if let line = n.line { head += " · line \(line)" }
                out.append(head)
                out.append(Markdown.block(n.text).split(separator: "\n", omittingEmptySubsequences: false).map { "   " + $0 }.joined(separator: "\n"))
            }
        }

        out.append("")
        out.append("## Timeline")
        out.append("")
        if events.isEmpty {
            out.append("_No commits found for this experiment._")
        } else {
            out.append("| Date | Event | Author | Commit |")
            out.append("|---|---|---|---|")
            for (event, what) in describedEvents {
                let label = event.byHand ? "_\(md(what))_" : md(what)
                out.append("| \(Timestamp.day(event.date)) | \(label) | \(md(event.author)) | `\(event.commit.prefix(7))` |")
            }
        }

        out.append("")
        out.append("## Review questions")
        out.append("")
        out.append(ReviewQuestions.checklist.trimmed)
        out.append("")
        out.append("_Rendered by `ff debrief \(e.id)` from " + md(path) + "._")
        return out.joined(separator: "\n") + "\n"
    }

    /// The debrief as JSON (docs/schema/debrief.schema.json).
    public func json(pretty: Bool) -> String {
        let e = experiment
        let c = e.conclusion
        var w = JSONWriter(pretty: pretty)
        w.object { w in
            w.field("id", e.id)
            w.field("title", e.title)
            w.field("path", path)
            w.field("status", e.status.rawValue)
            w.field("owner", e.owner)
            w.field("hypothesis", e.hypothesis)
            w.key("timebox")
            w.object { w in
                w.field("days", e.timebox.days)
                w.field("started", time: e.timebox.started)
            }
            w.field("outcome", c?.outcome?.rawValue)
            w.field("concluded", time: c?.at)
            w.field("returned", c?.returned)
            w.key("ledger")
            w.array(ledger) { w, l in
                w.object { w in
                    w.field("number", l.number)
                    w.field("kind", l.kind)
                    w.field("signal", l.signal)
                    w.field("observed", l.observed.rawValue)
                }
            }
            w.field("facts", c?.facts)
            w.field("signal", c?.signal)
            w.field("remediation", c?.remediation)
            w.key("next")
            w.object { w in
                w.field("text", c?.next)
                w.key("experiments")
                w.array(followUps) { w, f in
                    w.object { w in w.field("id", f.id); w.field("title", f.title); w.field("path", f.path) }
                }
            }
            w.key("abandoned")
            if let a = e.abandoned {
                w.object { w in w.field("at", time: a.at); w.field("reason", a.reason) }
            } else {
                w.null()
            }
            w.key("deviations")
            w.array(e.deviations) { w, d in
                w.object { w in w.field("at", time: d.at); w.field("field", d.field); w.field("reason", d.reason); w.field("by", d.by) }
            }
            w.field("undeclared_changes", strings: undeclaredChanges)
            w.key("reviews")
            w.array(Array(e.reviews.enumerated())) { w, item in
                let (i, n) = item
                w.object { w in
                    w.field("number", i + 1)
                    w.field("at", time: n.at); w.field("by", n.by); w.field("line", n.line)
                    w.field("text", n.text); w.field("resolved", n.resolved)
                }
            }
            w.key("timeline")
            w.array(describedEvents) { w, item in
                let (event, what) = item
                w.object { w in
                    w.field("commit", event.commit)
                    w.field("date", time: event.date)
                    w.field("author", event.author)
                    w.field("event", what)
                    w.field("action", event.action)
                    w.field("transition", event.transition)
                    w.field("outcome", event.outcome?.rawValue)
                    w.field("by_hand", event.byHand)
                    w.field("merge", event.isMerge)
                    w.field("subject", event.subject)
                }
            }
            w.field("review_questions", strings: ReviewQuestions.all.map(\.question))
        }
        return w.output
    }
}
