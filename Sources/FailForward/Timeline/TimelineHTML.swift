import Foundation

/// `ff timeline --format html`: one self-contained page (CSS and script inline, no network
/// reference) with every experiment as a bar on a time axis from its start to its end,
/// coloured by outcome, follow-up tests listed under the experiment they follow and linked
/// both ways, and each debrief opening on a click. All user text is escaped.
public enum TimelineHTML {
    public static func render(_ t: Timeline, now: Date) -> String {
        var eventsByID: [String: [TimelineEvent]] = [:]
        for e in t.events { eventsByID[e.experiment, default: []].append(e) }
        let rows = chainOrder(t)
        var followers: [String: [String]] = [:]
        for f in t.experiments { if let p = f.follows { followers[p, default: []].append(f.id) } }
        // The axis: from the earliest start (or creation) to the latest end, or now.
        var lo = Date.distantFuture, hi = Date.distantPast
        for r in rows {
            let (s, e) = span(r.id, t, eventsByID, now: now)
            lo = min(lo, s)
            hi = max(hi, e)
        }
        if lo > hi { lo = now; hi = now }
        lo = monthStart(lo)
        if hi.timeIntervalSince(lo) < 86_400 { hi = lo.addingTimeInterval(86_400) }
        let total = hi.timeIntervalSince(lo)
        func pct(_ d: Date) -> String { String(format: "%.3f", max(0, min(100, d.timeIntervalSince(lo) / total * 100))) }

        var h = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Learning timeline</title>
        <style>\(css)</style>
        </head>
        <body>
        <header>
        <h1>Learning timeline</h1>

        """
        h += "<p class=\"summary\">\(Escape.html(TimelineText.summary(t)))\(t.head.map { " · up to commit <code>\(Escape.html(String($0.prefix(12))))</code>" } ?? "")</p>\n"
        for note in t.notes { h += "<p class=\"note\" role=\"note\"><strong>Note:</strong> \(Escape.html(note))</p>\n" }
        h += "<ul class=\"legend\">"
        for (cls, name) in [("validated", "validated"), ("disproved", "disproved"), ("inconclusive", "inconclusive"),
                            ("running", "running"), ("abandoned", "abandoned"), ("draft", "not started")] {
            h += "<li><span class=\"sw \(cls)\"></span>\(name)</li>"
        }
        h += "</ul>\n<input id=\"q\" type=\"search\" placeholder=\"Filter by title, id, owner or tag\" aria-label=\"Filter experiments\">\n</header>\n<main>\n"
        // Month ticks.
        h += "<div class=\"axis\" aria-hidden=\"true\">"
        var tick = monthStart(lo)
        var ticks = 0
        while tick <= hi && ticks < 400 {
            if tick >= lo { h += "<span style=\"left:\(pct(tick))%\">\(Timestamp.month(tick))</span>" }
            tick = nextMonth(tick)
            ticks += 1
        }
        h += "</div>\n<ol class=\"rows\">\n"
        for r in rows {
            h += row(r, t, eventsByID[r.id] ?? [], followers: followers[r.id] ?? [], now: now, span: span(r.id, t, eventsByID, now: now), pct: pct)
        }
        h += "</ol>\n"
        if rows.isEmpty { h += "<p>No experiments in this range.</p>\n" }
        h += "</main>\n<script>\(script)</script>\n</body>\n</html>\n"
        return h
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

    static func cssClass(_ f: ExperimentFacts?) -> String {
        guard let f else { return "gone" }
        switch f.status {
        case .concluded: return f.outcome?.rawValue ?? "inconclusive"
        case .running: return "running"
        case .abandoned: return "abandoned"
        case .draft: return "draft"
        }
    }

    static func row(_ r: Row, _ t: Timeline, _ events: [TimelineEvent], followers: [String], now: Date, span: (Date, Date), pct: (Date) -> String) -> String {
        let f = t.facts(r.id)
        let cls = cssClass(f)
        let title = t.title(of: r.id)
        let search = ([r.id, title, f?.owner ?? ""] + (f?.tags ?? [])).joined(separator: " ").lowercased()
        var h = "<li class=\"row \(cls)\" id=\"x-\(Escape.html(r.id))\" data-search=\"\(Escape.html(search))\" style=\"--depth:\(min(r.depth, 8))\">"
        h += "<details><summary><span class=\"label\">"
        if r.depth > 0 { h += "<span class=\"chain\" title=\"next test of the one above\">↳</span>" }
        h += "<code>\(Escape.html(r.id))</code> \(Escape.html(title))</span><span class=\"track\">"
        let (s, e) = span
        let what = f.map { describe($0) } ?? "no longer in the repository"
        if f?.started == nil {
            h += "<span class=\"dot\" style=\"left:\(pct(s))%\" title=\"\(Escape.html(what))\"></span>"
        } else {
            let left = Double(pct(s)) ?? 0, right = Double(pct(e)) ?? 0
            h += "<span class=\"bar\" style=\"left:\(pct(s))%;width:\(String(format: "%.3f", max(right - left, 0.3)))%\" title=\"\(Escape.html(what))\"></span>"
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

    static func describe(_ f: ExperimentFacts) -> String {
        var parts: [String] = []
        switch f.status {
        case .concluded: parts.append("concluded \(f.concludedAt.map(Timestamp.day) ?? "") · \(f.outcome?.rawValue ?? "no outcome")")
        case .running: parts.append("running" + (f.due.map { ", due \(Timestamp.day($0))" } ?? ""))
        case .abandoned: parts.append("abandoned \(f.abandonedAt.map(Timestamp.day) ?? "")")
        case .draft: parts.append("draft, created \(f.created.map(Timestamp.day) ?? "")")
        }
        if let s = f.started { parts.append("started \(Timestamp.day(s))") }
        if let c = f.cycleDays, let d = f.days { parts.append("\(Timestamp.wholeDays(c * 86_400)) of \(d) days") }
        if let o = f.owner { parts.append("owner \(o)") }
        if !f.tags.isEmpty { parts.append("tags: " + f.tags.joined(separator: ", ")) }
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
    :root{--fg:#1d1d1f;--bg:#fff;--muted:#6b6b70;--line:#e3e3e8;--validated:#2e7d32;--disproved:#8e24aa;--inconclusive:#c88a00;--running:#1e6fd9;--abandoned:#8a8a8a;--label:22rem}
    @media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--bg:#141416;--muted:#9a9aa2;--line:#2c2c31}}
    *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
    header{padding:1rem 1.5rem;border-bottom:1px solid var(--line)}
    h1{font-size:1.3rem;margin:0 0 .2rem}.summary{margin:0;color:var(--muted)}.note{background:#fff4d6;color:#5a4500;padding:.4rem .6rem;border-radius:4px}
    .legend{list-style:none;padding:0;margin:.5rem 0;display:flex;gap:1rem;flex-wrap:wrap}.sw{display:inline-block;width:.9rem;height:.6rem;border-radius:2px;margin-right:.3rem;background:var(--c)}
    #q{width:min(28rem,100%);padding:.3rem .5rem;font:inherit}
    main{padding:0 1.5rem 2rem}.axis{height:1.6rem;margin-left:var(--label);border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--bg);z-index:1}
    .axis span{position:absolute;bottom:.2rem;font-size:.75rem;color:var(--muted);border-left:1px solid var(--line);padding-left:.2rem;white-space:nowrap}
    .rows{list-style:none;margin:0;padding:0}.row{border-bottom:1px solid var(--line);scroll-margin-top:2rem}
    summary{display:flex;align-items:center;cursor:pointer;list-style:none;min-height:1.6rem}summary::-webkit-details-marker{display:none}
    .label{flex:0 0 var(--label);overflow:hidden;text-overflow:ellipsis;white-space:nowrap;padding-right:.5rem;padding-left:calc(var(--depth)*.9rem)}
    .chain{color:var(--muted);margin-right:.2rem}.track{position:relative;flex:1;height:1rem}
    .bar{position:absolute;top:.15rem;height:.7rem;border-radius:3px;background:var(--c);min-width:3px}
    .dot{position:absolute;top:.25rem;width:.5rem;height:.5rem;border-radius:50%;border:2px solid var(--muted)}
    .validated{--c:var(--validated)}.disproved{--c:var(--disproved)}.inconclusive{--c:var(--inconclusive)}.running{--c:var(--running)}.abandoned,.gone{--c:var(--abandoned)}
    .draft .sw,.sw.draft{background:none;border:2px solid var(--muted)}
    .debrief{margin:.3rem 0 .8rem var(--label);max-width:60rem}.debrief h3{font-size:.85rem;margin:.8rem 0 .2rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
    .prose,.text{white-space:pre-wrap;margin:0}.meta,.path{color:var(--muted)}.events{padding-left:1.2rem}.events li{margin:.15rem 0}
    .text{color:var(--muted);margin-left:1rem}.tag{font-size:.75rem;border:1px solid var(--line);border-radius:3px;padding:0 .25rem}
    .flag{color:#c62828;font-weight:600}.obs{font-size:.75rem;border-radius:3px;padding:0 .3rem;border:1px solid var(--line)}.obs.met{color:var(--validated)}
    a{color:var(--running)}code{font-size:.9em}
    @media (max-width:50rem){:root{--label:12rem}}
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
