/// What every page shares: the site's title, whether search exists, where the page is.
struct SiteFrame: Sendable {
    var title: String
    var search: Bool
    var multi: Bool
    var asOf: String

    /// A page: head, navigation, `body`; `root` is the way back to the site's top (`""` or
    /// `"../../"`), so every link is relative.
    func page(_ heading: String, root: String, current: String, body: String, searchable: Bool = false) -> String {
        let h = Escape.html
        var nav = [("index.html", "Portfolio"), ("timeline.html", "Timeline"), ("stats.html", "Stats"), ("feed.xml", "Feed")]
        if search { nav.append(("search.html", "Search")) }
        let links = nav.map { href, label in
            href == current ? "<a href=\"\(root)\(href)\" aria-current=\"page\">\(label)</a>" : "<a href=\"\(root)\(href)\">\(label)</a>"
        }.joined(separator: " ")
        return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(h(heading)) · \(h(title))</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="\(root)style.css">
        <link rel="alternate" type="application/atom+xml" title="Conclusions" href="\(root)feed.xml">
        </head>
        <body>
        <header><p class="site"><a href="\(root)index.html">\(h(title))</a></p><nav>\(links)</nav></header>
        <main\(searchable ? " data-pagefind-body" : "")>
        <h1>\(h(heading))</h1>
        \(body)
        </main>
        <footer>Written by ff from the repositories' history, as of \(asOf).</footer>
        </body>
        </html>

        """
    }
}

enum SitePages {
    static let h = Escape.html

    static func statusText(_ e: Experiment) -> String {
        if e.status == .concluded, let o = e.conclusion?.outcome { return "concluded, \(o.rawValue)" }
        return e.status.rawValue
    }

    static func badge(_ e: Experiment, now: Date) -> String {
        let overdue = e.status == .running && e.schedule.isOverdue(at: now)
        let cls = overdue ? "overdue" : (e.status == .concluded ? (e.conclusion?.outcome?.rawValue ?? "inconclusive") : e.status.rawValue)
        return "<span class=\"badge \(cls)\">\(overdue ? "overdue" : h(statusText(e)))</span>"
    }

    /// A link to an experiment's page from a top page (`root` ""), or from another
    /// experiment's page (`from`: a sibling, or the folder of another source).
    static func link(_ e: SiteEntry, root: String, from: SiteEntry? = nil) -> String {
        let href: String
        if let from {
            href = from.source.slug == e.source.slug ? "\(e.experiment.id).html" : "../\(e.source.slug)/\(e.experiment.id).html"
        } else {
            href = root + e.page
        }
        return "<a href=\"\(href)\">\(h(e.experiment.title))</a> <code>\(h(e.label))</code>"
    }

    static func day(_ d: Date?) -> String { d.map(Timestamp.day) ?? "—" }

    static func list(_ items: [String], empty: String) -> String {
        items.isEmpty ? "<p class=\"empty\">\(empty)</p>" : "<ul>\n" + items.map { "<li>\($0)</li>" }.joined(separator: "\n") + "\n</ul>"
    }

    // MARK: index

    static func index(_ m: SiteModel, _ f: SiteFrame) -> String {
        var b = ""
        let counts = Dictionary(grouping: m.entries, by: { $0.experiment.status }).mapValues(\.count)
        b += "<p class=\"summary\">\(m.entries.count) experiment\(m.entries.count == 1 ? "" : "s")"
        if f.multi { b += " in \(m.sources.count) repositories" }
        b += ": \(counts[.running] ?? 0) running, \(counts[.concluded] ?? 0) concluded, \(counts[.abandoned] ?? 0) abandoned, \(counts[.draft] ?? 0) draft\((counts[.draft] ?? 0) == 1 ? "" : "s").</p>\n"
        if f.multi {
            b += "<p class=\"sources\">Repositories: " + m.sources.map { "<span>\(h($0.name))</span>" }.joined(separator: ", ") + "</p>\n"
        }
        b += "<section><h2>Running</h2>\n"
        b += list(m.running.map { e in
            let left = e.experiment.schedule.daysLeft(at: m.now).map { "\($0) day\($0 == 1 ? "" : "s") left" } ?? "no timebox"
            return "\(link(e, root: "")) — \(left), due \(day(e.experiment.due))\(owner(e))"
        }, empty: "Nothing is running.")
        b += "</section>\n<section><h2>Overdue</h2>\n"
        b += list(m.overdue.map { e in
            let over = e.experiment.due.map { Timestamp.wholeDays(m.now.timeIntervalSince($0)) } ?? 0
            return "\(link(e, root: "")) — due \(day(e.experiment.due)), \(over) day\(over == 1 ? "" : "s") over\(owner(e))"
        }, empty: "Nothing is overdue.")
        b += "</section>\n<section><h2>Recently concluded</h2>\n"
        b += list(m.concluded.prefix(20).map { e in
            let c = e.experiment.conclusion
            return "\(badge(e.experiment, now: m.now)) \(link(e, root: "")) — \(day(c?.at))" + (c?.returned.map { "<br><span class=\"returned\">\(h($0))</span>" } ?? "")
        }, empty: "Nothing has concluded yet.")
        b += "</section>\n<section><h2>Next tests</h2>\n"
        b += list(m.concluded.filter { $0.experiment.conclusion?.hasNextTest ?? false }.prefix(20).map { e in
            let c = e.experiment.conclusion
            let follow = m.followUps(of: e).first.map { " → \(link($0, root: "")) (\(h(statusText($0.experiment))))" } ?? ""
            return "\(link(e, root: "")): \(h(c?.next ?? c?.nextExperiment ?? ""))\(follow)"
        }, empty: "No next test is published yet.")
        b += "</section>\n<section><h2>Month by month</h2>\n" + monthTable(m) + "</section>\n"
        return f.page(f.title, root: "", current: "index.html", body: b)
    }

    static func owner(_ e: SiteEntry) -> String {
        e.experiment.owner.map { " · \(h($0))" } ?? ""
    }

    static func monthTable(_ m: SiteModel) -> String {
        let months = m.months
        guard !months.isEmpty else { return "<p class=\"empty\">No history yet.</p>\n" }
        var t = "<table><thead><tr><th>Month</th><th>Started</th><th>Validated</th><th>Disproved</th><th>Inconclusive</th><th>Abandoned</th></tr></thead><tbody>\n"
        for row in months.reversed() {
            t += "<tr><td>\(row.month)</td><td>\(row.started)</td><td>\(row.outcomes[.validated] ?? 0)</td><td>\(row.outcomes[.disproved] ?? 0)</td><td>\(row.outcomes[.inconclusive] ?? 0)</td><td>\(row.abandoned)</td></tr>\n"
        }
        return t + "</tbody></table>\n"
    }

    // MARK: an experiment

    static func experiment(_ entry: SiteEntry, _ m: SiteModel, _ f: SiteFrame) -> String {
        let e = entry.experiment
        let root = "../../"
        var b = "<p class=\"meta\">\(badge(e, now: m.now)) <code>\(h(entry.label))</code>"
        if f.multi { b += " · \(h(entry.source.name))" }
        b += e.owner.map { " · \(h($0))" } ?? ""
        b += " · created \(day(e.created))"
        if let started = e.timebox.started { b += " · started \(day(started))" }
        if e.status == .running {
            b += " · due \(day(e.due))"
            if let left = e.schedule.daysLeft(at: m.now) { b += left >= 0 ? " (\(left) days left)" : "" }
        }
        b += "</p>\n"
        if !e.tags.isEmpty { b += "<p class=\"tags\">" + e.tags.map { "<span class=\"tag\">\(h($0))</span>" }.joined(separator: " ") + "</p>\n" }

        // The chain of tests, both ways.
        var chain: [String] = []
        if let prev = e.follows {
            chain.append("Follows " + (m.entry(entry.source.slug, prev).map { link($0, root: root, from: entry) } ?? "<code>\(h(prev))</code>"))
        }
        for next in m.followUps(of: entry) { chain.append("Followed by " + link(next, root: root, from: entry)) }
        if !chain.isEmpty { b += "<p class=\"chain\">" + chain.joined(separator: " · ") + "</p>\n" }

        b += "<section><h2>Plan</h2>\n<dl>\n"
        b += term("Hypothesis", e.hypothesis.map(h) ?? "—")
        b += term("Success signals", listOrDash(e.signals.success))
        b += term("Failure signals", listOrDash(e.signals.failure))
        b += term("Data", listOrDash(e.data.map { d in d.how.map { "\(d.what): \($0)" } ?? d.what }))
        b += term("Timebox", e.timebox.days.map { "\($0) days" } ?? "—")
        b += term("Reversible", e.reversible.map { $0 ? "yes" + (e.rollback.map { " — rollback: \(h($0))" } ?? "") : "no" } ?? "—")
        if !e.stakeholders.isEmpty { b += term("Stakeholders", h(e.stakeholders.joined(separator: ", "))) }
        if !e.touches.isEmpty { b += term("Touches", e.touches.map { "<code>\(h($0))</code>" }.joined(separator: " ")) }
        if let p = e.prediction {
            b += term("Prediction", h(p.outcome.rawValue) + (p.confidence.map { " (confidence \(format($0)))" } ?? ""))
        }
        b += "</dl>\n</section>\n"

        if let start = entry.source.baselines[e.id] {
            b += "<section><h2>The plan at its start, and now</h2>\n"
            let changes = PlanDiff.changes(from: start, to: e)
            if changes.isEmpty {
                b += "<p>The plan is as it was when the experiment started.</p>\n"
            } else {
                b += "<table><thead><tr><th>Field</th><th>At the start</th><th>Now</th><th>Declared</th></tr></thead><tbody>\n"
                for c in changes {
                    b += "<tr><td>\(h(c.field))</td><td>\(h(c.before.joined(separator: "\n")))</td><td>\(h(c.after.joined(separator: "\n")))</td>"
                    b += "<td>\(c.declared.isEmpty ? "<strong>no</strong>" : h(c.declared.map(\.reason).joined(separator: "; ")))</td></tr>\n"
                }
                b += "</tbody></table>\n"
            }
            b += "</section>\n"
        }

        if !e.observations.isEmpty {
            b += "<section><h2>Observations</h2>\n" + list(e.observations.map { "<time>\(Timestamp.day($0.at))</time> \(h($0.text))" }, empty: "") + "</section>\n"
        }
        if !e.deviations.isEmpty {
            b += "<section><h2>Deviations</h2>\n" + list(e.deviations.map { "<time>\(Timestamp.day($0.at))</time> <code>\(h($0.field))</code>: \(h($0.reason))" }, empty: "") + "</section>\n"
        }
        if let c = e.conclusion {
            b += "<section><h2>Debrief</h2>\n<dl>\n"
            b += term("Outcome", h(c.outcome?.rawValue ?? "—") + " (\(day(c.at)))")
            for (label, text) in [("Returned", c.returned), ("Facts", c.facts), ("Signal", c.signal), ("Remediation", c.remediation), ("Next test", c.next ?? c.nextExperiment)] {
                if let text, !text.isEmpty { b += term(label, h(text)) }
            }
            b += "</dl>\n"
            if !c.ledger.isEmpty {
                b += "<h3>Signal ledger</h3>\n<table><thead><tr><th>Signal</th><th>Observed</th></tr></thead><tbody>\n"
                for l in c.ledger { b += "<tr><td>\(h(l.signal))</td><td>\(h(l.observed.words))</td></tr>\n" }
                b += "</tbody></table>\n"
            }
            b += "</section>\n"
        }
        if let a = e.abandoned {
            b += "<section><h2>Abandoned</h2>\n<p>\(day(a.at)): \(h(a.reason ?? "no reason given"))</p>\n</section>\n"
        }
        if !e.reviews.isEmpty {
            b += "<section><h2>Review notes</h2>\n" + list(e.reviews.map { r in
                "<time>\(Timestamp.day(r.at))</time> " + (r.by.map { "\(h($0)): " } ?? "") + (r.line.map { "(line \($0)) " } ?? "")
                    + h(r.text) + (r.resolved ? " <span class=\"badge resolved\">resolved</span>" : "")
            }, empty: "") + "</section>\n"
        }
        let events = m.events(of: entry)
        if !events.isEmpty {
            b += "<section><h2>Commits</h2>\n<table class=\"commits\"><thead><tr><th>Date</th><th>What</th><th>Commit</th><th>By</th></tr></thead><tbody>\n"
            for ev in events {
                let short = String(ev.commit.prefix(7))
                let commit = entry.source.commitLink.map { "<a href=\"\($0)\(h(ev.commit))\"><code>\(h(short))</code></a>" } ?? "<code>\(h(short))</code>"
                b += "<tr><td>\(Timestamp.day(ev.time))</td><td>\(h(ev.kind.label))\(ev.byHand ? " (by hand)" : "")\(ev.flagged ? " <strong>flagged</strong>" : "")</td><td>\(commit)</td><td>\(h(ev.author))</td></tr>\n"
            }
            b += "</tbody></table>\n</section>\n"
        }
        return f.page(e.title, root: root, current: "", body: b, searchable: true)
    }

    static func term(_ name: String, _ html: String) -> String { "<dt>\(name)</dt><dd>\(html)</dd>\n" }

    static func listOrDash(_ items: [String]) -> String {
        items.isEmpty ? "—" : "<ul>" + items.map { "<li>\(h($0))</li>" }.joined() + "</ul>"
    }

    static func format(_ d: Double) -> String {
        let r = (d * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    // MARK: timeline, stats, search

    /// How many of the latest events `timeline.html` shows; every event is on its month's page.
    static let latestEvents = 300

    /// `timeline.html` (the months, and the latest events) and a page per month
    /// (`timeline/YYYY-MM.html`), so that a new commit rewrites its month's page alone.
    static func timelinePages(_ m: SiteModel, _ f: SiteFrame) -> [(path: String, html: String)] {
        let events = m.events
        var months: [(month: String, events: ArraySlice<(event: TimelineEvent, source: String, entry: SiteEntry?)>)] = []
        var start = events.startIndex
        while start < events.endIndex {
            let month = Timestamp.month(events[start].event.time)
            var end = start
            while end < events.endIndex, Timestamp.month(events[end].event.time) == month { end += 1 }
            months.append((month, events[start..<end]))
            start = end
        }
        var top = ""
        if events.isEmpty { top += "<p class=\"empty\">No history yet.</p>\n" }
        if !months.isEmpty {
            top += "<section><h2>Months</h2>\n<p class=\"months\">" + months.map { "<a href=\"timeline/\($0.month).html\">\($0.month)</a> (\($0.events.count))" }.joined(separator: " · ") + "</p>\n</section>\n"
            top += "<section><h2>Latest</h2>\n<ul class=\"events\">\n" + events.prefix(latestEvents).map { item($0, root: "", f) }.joined() + "</ul>\n"
            if events.count > latestEvents { top += "<p>The \(latestEvents) latest of \(events.count) events; every month has its page above.</p>\n" }
            top += "</section>\n"
        }
        var pages = [("timeline.html", f.page("Timeline", root: "", current: "timeline.html", body: top))]
        for (month, list) in months {
            let body = "<p><a href=\"../timeline.html\">All months</a></p>\n<ul class=\"events\">\n" + list.map { item($0, root: "../", f) }.joined() + "</ul>\n"
            pages.append(("timeline/\(month).html", f.page("Timeline: \(month)", root: "../", current: "", body: body)))
        }
        return pages
    }

    static func item(_ x: (event: TimelineEvent, source: String, entry: SiteEntry?), root: String, _ f: SiteFrame) -> String {
        let ev = x.event
        let what = x.entry.map { link($0, root: root) } ?? "<code>\(h(ev.experiment))</code> \(h(ev.title))"
        let extra = ev.kind == .concluded ? " — \(h(ev.outcome?.rawValue ?? ""))" : (ev.text.map { " — \(h(String($0.prefix(200))))" } ?? "")
        return "<li><time>\(Timestamp.day(ev.time))</time> <span class=\"kind\">\(h(ev.kind.label))</span> \(what)\(extra)\(f.multi ? " <span class=\"src\">\(h(x.source))</span>" : "")</li>\n"
    }

    static func stats(_ m: SiteModel, _ f: SiteFrame) -> String {
        var b = "<section><h2>Outcomes by month</h2>\n" + SiteCharts.outcomesByMonth(m.months) + "</section>\n"
        let cycles = m.entries.compactMap { e -> Int? in
            guard let s = e.experiment.timebox.started, let c = e.experiment.conclusion?.at else { return nil }
            return max(0, Timestamp.wholeDays(c.timeIntervalSince(s)))
        }
        b += "<section><h2>Cycle times</h2>\n<p>Days from start to conclusion, \(cycles.count) concluded experiment\(cycles.count == 1 ? "" : "s").</p>\n" + SiteCharts.cycleTimes(cycles) + "</section>\n"
        let forecasts = m.entries.compactMap { e -> (Double, Bool)? in
            guard let p = e.experiment.prediction, let conf = p.confidence, let o = e.experiment.conclusion?.outcome else { return nil }
            return (conf, p.outcome == o)
        }
        b += "<section><h2>Calibration</h2>\n"
        if forecasts.isEmpty {
            b += "<p class=\"empty\">No concluded experiment had a forecast with a confidence.</p>\n"
        } else {
            let brier = forecasts.map { (c, hit) in (c - (hit ? 1 : 0)) * (c - (hit ? 1 : 0)) }.reduce(0, +) / Double(forecasts.count)
            b += "<p>\(forecasts.count) forecast\(forecasts.count == 1 ? "" : "s"); Brier score \(format(brier)) (0 is perfect; always saying 50 % scores 0.25).</p>\n"
            b += SiteCharts.calibration(forecasts)
        }
        b += "</section>\n"
        return f.page("Stats", root: "", current: "stats.html", body: b)
    }

    static func search(_ f: SiteFrame) -> String {
        let body = """
        <div id="search"><p class="empty">Search needs JavaScript; every page is also linked from the portfolio and the timeline.</p></div>
        <link rel="stylesheet" href="pagefind/pagefind-ui.css">
        <script src="pagefind/pagefind-ui.js"></script>
        <script>window.addEventListener("DOMContentLoaded", function () { new PagefindUI({ element: "#search", showImages: false }); });</script>
        """
        return f.page("Search", root: "", current: "search.html", body: body)
    }
}
