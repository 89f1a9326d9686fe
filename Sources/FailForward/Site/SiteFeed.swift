/// `feed.xml`: an Atom 1.0 feed of the conclusions, the most recent first (the last 50).
/// Links are relative to the feed, which readers resolve against where they fetched it.
enum SiteFeed {
    static func atom(_ m: SiteModel, title: String) -> String {
        let x = { (s: String) in Escape.xml(s) }
        let concluded = Array(m.concluded.prefix(50))
        let updated = concluded.first?.experiment.conclusion?.at ?? m.entries.compactMap(\.experiment.created).max()
        var out = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
        <title>\(x(title)): conclusions</title>
        <subtitle>What each experiment returned, and the next test.</subtitle>
        <id>urn:ff:site:\(m.sources.map(\.slug).joined(separator: "+"))</id>
        <updated>\(Timestamp.format(updated ?? Date(timeIntervalSince1970: 0)))</updated>
        <link rel="self" href="feed.xml"/>
        <link rel="alternate" type="text/html" href="index.html"/>
        <author><name>ff</name></author>
        <generator>ff</generator>

        """
        for e in concluded {
            let c = e.experiment.conclusion
            let outcome = c?.outcome?.rawValue ?? "inconclusive"
            var html = "<p><strong>\(Escape.html(outcome))</strong></p>"
            for (label, text) in [("Returned", c?.returned), ("Signal", c?.signal), ("Next test", c?.next ?? c?.nextExperiment)] {
                if let text, !text.isEmpty { html += "<p><strong>\(label):</strong> \(Escape.html(text))</p>" }
            }
            out += """
            <entry>
            <title>\(x(e.experiment.title)) — \(outcome)</title>
            <id>urn:ff:\(e.source.slug):\(x(e.experiment.id))</id>
            <updated>\(Timestamp.format(c?.at ?? e.experiment.created ?? Date(timeIntervalSince1970: 0)))</updated>
            <link rel="alternate" type="text/html" href="\(e.page)"/>
            \(e.experiment.owner.map { "<author><name>\(x($0))</name></author>\n" } ?? "")<category term="\(outcome)"/>
            <summary>\(x(c?.returned ?? outcome))</summary>
            <content type="html">\(x(html))</content>
            </entry>

            """
        }
        return out + "</feed>\n"
    }
}
