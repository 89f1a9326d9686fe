
/// `ff timeline --format html`: one self-contained page (CSS and script inline, no network
/// reference) with every experiment as a bar on a time axis from its start to its end,
/// coloured by outcome (overdue ones apart, with the days past their timebox; running ones
/// with the rest of their timebox), a mark at each due date and at today, follow-up tests
/// listed under the experiment they follow and linked both ways, and each debrief opening on a
/// click. It fits any width: month labels thin out to the room there is. All user text is
/// escaped.
public enum TimelineHTML {
    /// The room a month label needs on the axis, in rem: "2026-11" and a gap.
    static let labelRoom = 4.5

    public static func render(_ t: Timeline, now: Date) -> String {
        var eventsByID: [String: [TimelineEvent]] = [:]
        for e in t.events { eventsByID[e.experiment, default: []].append(e) }
        let rows = chainOrder(t)
        var followers: [String: [String]] = [:]
        for f in t.experiments { if let p = f.follows { followers[p, default: []].append(f.id) } }
        // The axis: from the month of the earliest start (or creation) to the end of the month
        // of the latest end, due date, or today while an experiment is still open, so that a
        // timebox just begun shows its whole plan rather than a sliver.
        var lo = Date.distantFuture, hi = Date.distantPast
        var open = false
        for r in rows {
            let (s, e) = span(r.id, t, eventsByID, now: now)
            lo = min(lo, s)
            hi = max(hi, e)
            if let f = t.facts(r.id), f.status.isOpen {
                open = true
                if f.status == .running, let due = f.due { hi = max(hi, due) }
            }
        }
        if lo > hi { lo = now; hi = now }
        if open { hi = max(hi, now) }
        lo = monthStart(lo)
        hi = nextMonth(hi)
        let total = hi.timeIntervalSince(lo)
        func fraction(_ d: Date) -> Double { max(0, min(1, d.timeIntervalSince(lo) / total)) }
        func pct(_ d: Date) -> String { fixed(fraction(d) * 100, 3) }

        var h = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Learning timeline</title>
        <style>\(css)</style>

        """
        // Month labels: each is shown while the axis has room for it (a container query per
        // label): every month when wide, then every quarter, half year, year, … and never one
        // that would run past the end of the axis.
        var ticks = ""
        var hidden: [Int: [Int]] = [:] // quarter-rem widths below which labels are hidden → labels
        var tick = lo
        var n = 0
        while tick < hi && n < 400 {
            let month = monthNumber(tick)
            let step = [120, 60, 12, 6, 3, 1].first { month % $0 == 0 } ?? 1
            let forStep = labelRoom * total / (Double(step) * 28 * 86_400)
            let forRoom = labelRoom * total / max(hi.timeIntervalSince(tick), 1)
            let need = Int((max(forStep, forRoom) * 4).rounded(.up))
            hidden[need, default: []].append(n)
            ticks += "<span class=\"t\(n)\" style=\"left:\(pct(tick))%\">\(Timestamp.month(tick))</span>"
            tick = nextMonth(tick)
            n += 1
        }
        h += "<style>"
        for (need, labels) in hidden.sorted(by: { $0.key < $1.key }) {
            h += "@container axis (width < \(fixed(Double(need) / 4, 2))rem){\(labels.map { ".axis .t\($0)" }.joined(separator: ",")){display:none}}"
        }
        h += "</style>\n</head>\n<body>\n<header>\n<h1>Learning timeline</h1>\n"
        h += "<p class=\"summary\">\(Escape.html(TimelineText.summary(t)))\(t.head.map { " · up to commit <code>\(Escape.html(String($0.prefix(12))))</code>" } ?? "")</p>\n"
        for note in t.notes { h += "<p class=\"note\" role=\"note\"><strong>Note:</strong> \(Escape.html(note))</p>\n" }
        guard !rows.isEmpty else {
            let why = t.head == nil ? "The history is empty." : "No experiments in this range yet."
            h += "</header>\n<main>\n<p class=\"empty\">\(why) Create one with <code>ff new \"&lt;title&gt;\"</code>: each experiment appears here as a bar from its start to its end, coloured by outcome.</p>\n"
            h += "</main>\n</body>\n</html>\n"
            return h
        }
        h += "<ul class=\"legend\">"
        for (cls, name) in [("validated", "validated"), ("disproved", "disproved"), ("inconclusive", "inconclusive"),
                            ("running", "running"), ("overdue", "overdue"), ("abandoned", "abandoned"), ("draft", "not started")] {
            h += "<li><span class=\"sw \(cls)\"></span>\(name)</li>"
        }
        h += "<li><span class=\"sw k-plan\"></span>rest of the timebox</li><li><span class=\"sw k-late\"></span>past it</li>"
            + "<li><span class=\"sw k-due\"></span>due</li><li><span class=\"sw k-today\"></span>today</li>"
        h += "</ul>\n<input id=\"q\" type=\"search\" placeholder=\"Filter by title, id, owner or tag\" aria-label=\"Filter experiments\">\n"
        h += "<p class=\"hint\">Click a row to open its debrief and history.</p>\n</header>\n<main>\n<div class=\"chart\">\n"
        h += "<div class=\"axis\" aria-hidden=\"true\">\(ticks)</div>\n<ol class=\"rows\">\n"
        for r in rows {
            h += row(r, t, eventsByID[r.id] ?? [], followers: followers[r.id] ?? [], now: now, span: span(r.id, t, eventsByID, now: now), pct: pct)
        }
        h += "</ol>\n"
        if now >= lo && now <= hi {
            let x = fraction(now)
            h += "<div class=\"today\(x > 0.9 ? " end" : "")\" style=\"--x:\(fixed(x, 5))\" title=\"Today, \(Timestamp.day(now))\"><span>today</span></div>\n"
        }
        h += "</div>\n</main>\n<script>\(script)</script>\n</body>\n</html>\n"
        return h
    }

    /// Months since year 0, so that quarters and years fall on the calendar's.
    static func monthNumber(_ d: Date) -> Int {
        let m = Timestamp.month(d)
        let parts = m.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let mo = Int(parts[1]) else { return 0 }
        return y * 12 + mo - 1
    }

    struct Row {
        var id: String
        var depth: Int
    }

    /// Experiments in chains: each root (one that follows nothing shown here) by time, then its
    /// follow-ups right after it, depth first.
    static func chainOrder(_ t: Timeline) -> [Row] {
        let ids = t.ids
        let known = Set(ids)
        var children: [String: [String]] = [:]
        var roots: [String] = []
        for id in ids {
            if let parent = t.facts(id)?.follows, parent != id, known.contains(parent) {
                children[parent, default: []].append(id)
            } else {
                roots.append(id)
            }
        }
        var out: [Row] = []
        var placed = Set<String>()
        func visit(_ id: String, _ depth: Int) {
            guard placed.insert(id).inserted else { return }
            out.append(Row(id: id, depth: depth))
            for c in children[id] ?? [] { visit(c, depth + 1) }
        }
        for r in roots { visit(r, 0) }
        // Follow-up cycles (a file edited by hand) have no root: show them anyway.
        for id in ids where !placed.contains(id) { visit(id, 0) }
        return out
    }

    static func span(_ id: String, _ t: Timeline, _ events: [String: [TimelineEvent]], now: Date) -> (Date, Date) {
        let evs = events[id] ?? []
        if let f = t.facts(id) {
            let start = f.started ?? f.created ?? evs.first?.time ?? now
            let end = f.endedAt ?? (f.status == .running ? now : (f.started == nil ? start : evs.last?.time ?? start))
            return (start, max(start, end))
        }
        let start = evs.first?.time ?? now
        return (start, max(start, evs.last?.time ?? start))
    }

    static func cssClass(_ f: ExperimentFacts?, now: Date) -> String {
        guard let f else { return "gone" }
        switch f.status {
        case .concluded: return f.outcome?.rawValue ?? "inconclusive"
        case .running: return f.due.map { $0 < now } == true ? "running overdue" : "running"
        case .abandoned: return "abandoned"
        case .draft: return "draft"
        }
    }

    static func row(_ r: Row, _ t: Timeline, _ events: [TimelineEvent], followers: [String], now: Date, span: (Date, Date), pct: (Date) -> String) -> String {
        let f = t.facts(r.id)
        let cls = cssClass(f, now: now)
        let title = t.title(of: r.id)
        let search = ([r.id, title, f?.owner ?? ""] + (f?.tags ?? [])).joined(separator: " ").lowercased()
        var h = "<li class=\"row \(cls)\" id=\"x-\(Escape.html(r.id))\" data-search=\"\(Escape.html(search))\" style=\"--depth:\(min(r.depth, 8))\">"
        h += "<details><summary title=\"Open the debrief and history\"><span class=\"label\">"
        if r.depth > 0 { h += "<span class=\"chain\" title=\"next test of the one above\">↳</span>" }
        h += "<code>\(Escape.html(r.id))</code> \(Escape.html(title))</span><span class=\"track\">"
        let (s, e) = span
        let what = f.map { describe($0, now: now) } ?? "no longer in the repository"
        func segment(_ cls: String, _ from: Date, _ to: Date, _ title: String) -> String {
            let left = Double(pct(from)) ?? 0, right = Double(pct(to)) ?? 0
            return "<span class=\"\(cls)\" style=\"left:\(pct(from))%;width:\(fixed(max(right - left, 0.3), 3))%\" title=\"\(Escape.html(title))\"></span>"
        }
        if f?.started == nil {
            h += "<span class=\"dot\" style=\"left:\(pct(s))%\" title=\"\(Escape.html(what))\"></span>"
        } else if let f, f.status == .running, let due = f.due {
            // Running: the days so far, then the rest of the timebox, or the days past it.
            if due > now {
                h += segment("bar", s, now, what) + segment("plan", now, due, "rest of the timebox, to \(Timestamp.day(due))")
            } else {
                h += segment("bar", s, due, what) + segment("late", due, now, "past the timebox since \(Timestamp.day(due))")
            }
        } else {
            h += segment("bar", s, e, what)
        }
        if let due = f?.due, f?.started != nil {
            h += "<span class=\"due\" style=\"left:\(pct(due))%\" title=\"due \(Timestamp.day(due))\"></span>"
        }
        h += "</span></summary>\n<div class=\"debrief\">"
        h += "<p class=\"meta\">\(Escape.html(what))</p>"
        if let f {
            var links: [String] = []
            if let p = f.follows { links.append("Next test of \(ref(p, t))") }
            var nexts = followers
            if let n = f.nextExperiment, !nexts.contains(n) { nexts.append(n) }
            if !nexts.isEmpty { links.append("Followed by " + nexts.map { ref($0, t) }.joined(separator: ", ")) }
            if !links.isEmpty { h += "<p class=\"links\">\(links.joined(separator: " · "))</p>" }
            h += section("Hypothesis", f.hypothesis)
            h += section("What it returned", f.returned)
            h += section("Facts", f.facts)
            h += section("Signal", f.signal)
            h += section("Remediation", f.remediation)
            h += section("Next test", f.next)
            if !f.ledger.isEmpty {
                h += "<h3>Signal ledger</h3><ul class=\"ledger\">"
                for l in f.ledger { h += "<li><span class=\"obs \(l.observed.rawValue)\">\(l.observed.rawValue)</span> \(Escape.html(l.signal))</li>" }
                h += "</ul>"
            }
            if let reason = f.abandonReason { h += section("Why it was abandoned", reason) }
            h += "<p class=\"path\"><code>\(Escape.html(f.path))</code></p>"
        }
        if !events.isEmpty {
            h += "<h3>History</h3><ol class=\"events\">"
            for e in events {
                var line = "<time datetime=\"\(Timestamp.format(e.time))\">\(Timestamp.day(e.time))</time> \(Escape.html(e.kind.label))"
                if let o = e.outcome { line += " (\(o.rawValue))" }
                if !e.fields.isEmpty { line += ": \(Escape.html(e.fields.joined(separator: ", ")))" }
                if e.flagged { line += " <span class=\"flag\">no deviation declared</span>" }
                line += " — \(Escape.html(e.authorName)) <code>\(Escape.html(String(e.commit.prefix(7))))</code>"
                if e.byHand { line += " <span class=\"tag\">by hand</span>" }
                if e.reconstructed { line += " <span class=\"tag\">reconstructed</span>" }
                if let text = e.text, !text.isEmpty { line += "<div class=\"text\">\(Escape.html(text))</div>" }
                h += "<li>\(line)</li>"
            }
            h += "</ol>"
        }
        h += "</div></details></li>\n"
        return h
    }

    static func ref(_ id: String, _ t: Timeline) -> String {
        let title = t.title(of: id)
        return "<a href=\"#x-\(Escape.html(id))\"><code>\(Escape.html(id))</code>\(title.isEmpty ? "" : " " + Escape.html(title))</a>"
    }

    static func describe(_ f: ExperimentFacts, now: Date) -> String {
        var parts: [String] = []
        switch f.status {
        case .concluded: parts.append("concluded \(f.concludedAt.map(Timestamp.day) ?? "") · \(f.outcome?.rawValue ?? "no outcome")")
        case .running:
            if let due = f.due, due < now {
                let over = Schedule(status: .running, started: f.started, days: f.days).daysLeft(at: now).map { -$0 } ?? 0
                parts.append("overdue: due \(Timestamp.day(due)), \(over == 1 ? "1 day" : "\(over) days") past its timebox")
            } else {
                parts.append("running" + (f.due.map { ", due \(Timestamp.day($0))" } ?? ""))
            }
        case .abandoned: parts.append("abandoned \(f.abandonedAt.map(Timestamp.day) ?? "")")
        case .draft: parts.append("draft, created \(f.created.map(Timestamp.day) ?? "")")
        }
        if let s = f.started { parts.append("started \(Timestamp.day(s))") }
        if let c = f.cycleDays, let d = f.days { parts.append("\(Timestamp.wholeDays(c * 86_400)) of \(d) days") }
        if let o = f.owner { parts.append("owner \(o)") }
        if !f.tags.isEmpty { parts.append("tags: " + f.tags.joined(separator: ", ")) }
        if !f.touches.isEmpty { parts.append("touches: " + f.touches.joined(separator: ", ")) }
        return parts.joined(separator: " · ")
    }

    static func section(_ name: String, _ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        return "<h3>\(name)</h3><p class=\"prose\">\(Escape.html(text))</p>"
    }

    static func monthStart(_ d: Date) -> Date {
        Timestamp.parse(Timestamp.month(d) + "-01") ?? Timestamp.earliest
    }

    static func nextMonth(_ d: Date) -> Date {
        monthStart(d.addingTimeInterval(32 * 86_400))
    }

    static let css = """
    :root{--fg:#1d1d1f;--bg:#fff;--muted:#6b6b70;--line:#e3e3e8;--hover:#f4f4f7;--validated:#2e7d32;--disproved:#8e24aa;--inconclusive:#c88a00;--running:#1e6fd9;--overdue:#d9480f;--abandoned:#8a8a8a;--today:#d62828;--label:clamp(11rem,30vw,30rem)}
    @media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--bg:#141416;--muted:#9a9aa2;--line:#2c2c31;--hover:#1f1f23;--overdue:#ff7a45;--today:#ff5c5c}}
    *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
    header{padding:1rem 1.5rem;border-bottom:1px solid var(--line)}
    h1{font-size:1.3rem;margin:0 0 .2rem}.summary{margin:0;color:var(--muted)}.note{background:#fff4d6;color:#5a4500;padding:.4rem .6rem;border-radius:4px}
    .legend{list-style:none;padding:0;margin:.5rem 0;display:flex;gap:.4rem 1rem;flex-wrap:wrap}.sw{display:inline-block;width:.9rem;height:.6rem;border-radius:2px;margin-right:.3rem;background:var(--c)}
    .k-plan{background:none;border:1px dashed var(--running)}.k-late{background:repeating-linear-gradient(135deg,var(--overdue) 0 3px,transparent 3px 5px)}
    .k-due{width:2px;height:.8rem;border-radius:0;background:var(--fg);vertical-align:-.1rem}
    .k-today{width:0;height:.8rem;border-radius:0;border-left:2px dashed var(--today);background:none;vertical-align:-.1rem}
    #q{width:min(28rem,100%);padding:.3rem .5rem;font:inherit}.hint{margin:.4rem 0 0;color:var(--muted);font-size:.85rem}
    .empty{margin:1.5rem 0;color:var(--muted);max-width:40rem}
    main{padding:0 1.5rem 2rem}.chart{position:relative;padding-bottom:1.4rem}
    .axis{height:1.6rem;margin-left:var(--label);border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--bg);z-index:2;container:axis/inline-size}
    .axis span{position:absolute;bottom:.2rem;font-size:.75rem;color:var(--muted);border-left:1px solid var(--line);padding-left:.2rem;white-space:nowrap}
    .rows{list-style:none;margin:0;padding:0}.row{border-bottom:1px solid var(--line);scroll-margin-top:2rem}
    summary{display:flex;align-items:center;cursor:pointer;list-style:none;min-height:1.6rem;border-radius:3px}summary::-webkit-details-marker{display:none}
    summary:hover{background:var(--hover)}summary:focus-visible{outline:2px solid var(--running);outline-offset:-2px}
    .label{flex:0 0 var(--label);min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;padding-right:.5rem;padding-left:calc(var(--depth)*.9rem)}
    .label::before{content:"▸";display:inline-block;width:1em;color:var(--muted);transition:transform .15s}details[open]>summary .label::before{transform:rotate(90deg)}
    .chain{color:var(--muted);margin-right:.2rem}.track{position:relative;flex:1;min-width:0;height:1rem}
    .bar,.plan,.late{position:absolute;top:.15rem;height:.7rem;min-width:3px}
    .bar{border-radius:3px;background:var(--c)}.plan{border:1px dashed var(--c);border-left:0;border-radius:0 3px 3px 0}
    .late{border-radius:0 3px 3px 0;background:repeating-linear-gradient(135deg,var(--overdue) 0 4px,transparent 4px 7px)}
    .running .bar:has(+.plan){border-radius:3px 0 0 3px}.overdue .bar{border-radius:3px 0 0 3px}
    .due{position:absolute;top:0;width:2px;height:1rem;margin-left:-1px;background:var(--fg);opacity:.55}.overdue .due{background:var(--overdue);opacity:1}
    .dot{position:absolute;top:.25rem;width:.5rem;height:.5rem;border-radius:50%;border:2px solid var(--muted)}
    .validated{--c:var(--validated)}.disproved{--c:var(--disproved)}.inconclusive{--c:var(--inconclusive)}.running{--c:var(--running)}.overdue{--c:var(--overdue)}.abandoned,.gone{--c:var(--abandoned)}
    .draft .sw,.sw.draft{background:none;border:2px solid var(--muted)}
    .overdue .label code{color:var(--overdue);font-weight:600}
    .today{position:absolute;top:1.6rem;bottom:0;left:calc(var(--label) + (100% - var(--label)) * var(--x));border-left:2px dashed var(--today);pointer-events:none;z-index:3}
    .today span{position:absolute;bottom:0;left:0;transform:translateX(-50%);font-size:.75rem;color:var(--today);white-space:nowrap}.today.end span{transform:translateX(-100%);padding-right:.2rem}
    .debrief{margin:.3rem 0 .8rem var(--label);max-width:60rem;overflow-wrap:anywhere;position:relative;z-index:4;background:var(--bg)}.debrief h3{font-size:.85rem;margin:.8rem 0 .2rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
    .prose,.text{white-space:pre-wrap;margin:0}.meta,.path{color:var(--muted)}.events{padding-left:1.2rem}.events li{margin:.15rem 0}
    .text{color:var(--muted);margin-left:1rem}.tag{font-size:.75rem;border:1px solid var(--line);border-radius:3px;padding:0 .25rem}
    .flag{color:#c62828;font-weight:600}.obs{font-size:.75rem;border-radius:3px;padding:0 .3rem;border:1px solid var(--line)}.obs.met{color:var(--validated)}
    a{color:var(--running)}code{font-size:.9em}
    @media (max-width:36rem){:root{--label:8rem}.debrief{margin-left:0}}
    """

    static let script = """
    (function(){
      function openHash(){var id=decodeURIComponent(location.hash.slice(1));var el=id&&document.getElementById(id);
        if(el){var d=el.querySelector('details');if(d){d.open=true;}}}
      window.addEventListener('hashchange',openHash);openHash();
      var q=document.getElementById('q');
      q.addEventListener('input',function(){var v=q.value.trim().toLowerCase();
        document.querySelectorAll('li.row').forEach(function(li){li.hidden=!!v&&li.getAttribute('data-search').indexOf(v)<0;});});
    })();
    """
}
