/// The stats page's charts, as inline SVG scaled to the page's width (a `viewBox`), each with
/// a text alternative; colours come from the stylesheet, so both themes apply.
enum SiteCharts {
    static let outcomes: [Outcome] = [.validated, .disproved, .inconclusive]

    static func outcomesByMonth(_ months: [(month: String, started: Int, outcomes: [Outcome: Int], abandoned: Int)]) -> String {
        let rows = months.filter { !$0.outcomes.isEmpty }
        guard !rows.isEmpty else { return "<p class=\"empty\">Nothing has concluded yet.</p>\n" }
        let top = max(1, rows.map { $0.outcomes.values.reduce(0, +) }.max() ?? 1)
        // A fixed width, so that a few months do not grow into giant bars.
        let width = 600, height = 160, left = 30, bottom = 30
        let slot = max(6, (width - left) / max(rows.count, 1))
        let barW = max(4, min(36, slot * 3 / 4)), gap = slot - barW
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height + bottom)\" role=\"img\" aria-labelledby=\"om-t\"><title id=\"om-t\">Conclusions per month by outcome</title>\n"
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(height)\" x2=\"\(width)\" y2=\"\(height)\"/>\n"
        svg += "<text class=\"label\" x=\"\(left - 4)\" y=\"12\" text-anchor=\"end\">\(top)</text><text class=\"label\" x=\"\(left - 4)\" y=\"\(height)\" text-anchor=\"end\">0</text>\n"
        for (i, row) in rows.enumerated() {
            let x = left + gap / 2 + i * slot
            var y = height
            for o in outcomes {
                let n = row.outcomes[o] ?? 0
                guard n > 0 else { continue }
                let h = max(1, n * (height - 10) / top)
                y -= h
                svg += "<rect class=\"\(o.rawValue)\" x=\"\(x)\" y=\"\(y)\" width=\"\(barW)\" height=\"\(h)\"><title>\(row.month): \(n) \(o.rawValue)</title></rect>\n"
            }
            if rows.count <= 24 || i % 3 == 0 {
                svg += "<text class=\"label\" x=\"\(x + barW / 2)\" y=\"\(height + 14)\" text-anchor=\"middle\">\(row.month.suffix(2))</text>\n"
            }
            if i == 0 || row.month.hasSuffix("-01") {
                svg += "<text class=\"label\" x=\"\(x + barW / 2)\" y=\"\(height + 27)\" text-anchor=\"middle\">\(row.month.prefix(4))</text>\n"
            }
        }
        svg += "</svg>\n"
        let legend = "<p class=\"legend\">" + outcomes.map { "<span class=\"sw \($0.rawValue)\"></span>\($0.rawValue)" }.joined(separator: " ") + "</p>\n"
        var table = "<table class=\"data\"><thead><tr><th>Month</th>" + outcomes.map { "<th>\($0.rawValue.capitalized)</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows.reversed() {
            table += "<tr><td>\(row.month)</td>" + outcomes.map { "<td>\(row.outcomes[$0] ?? 0)</td>" }.joined() + "</tr>\n"
        }
        table += "</tbody></table>\n"
        return svg + legend + table
    }

    static let cycleBuckets: [(label: String, upTo: Int)] = [("≤ 7", 7), ("8–14", 14), ("15–21", 21), ("22–30", 30), ("31–60", 60), ("> 60", Int.max)]

    static func cycleTimes(_ days: [Int]) -> String {
        guard !days.isEmpty else { return "<p class=\"empty\">Nothing has concluded yet.</p>\n" }
        var counts = [Int](repeating: 0, count: cycleBuckets.count)
        for d in days {
            counts[cycleBuckets.firstIndex { d <= $0.upTo } ?? cycleBuckets.count - 1] += 1
        }
        let top = max(1, counts.max() ?? 1)
        let rowH = 24, left = 60, width = 400
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(left + width + 40) \(cycleBuckets.count * rowH + 8)\" role=\"img\" aria-labelledby=\"ct-t\"><title id=\"ct-t\">Cycle times in days</title>\n"
        for (i, b) in cycleBuckets.enumerated() {
            let y = 4 + i * rowH
            let w = counts[i] * width / top
            svg += "<text class=\"label\" x=\"\(left - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(b.label)</text>"
            svg += "<rect class=\"bar\" x=\"\(left)\" y=\"\(y + 3)\" width=\"\(max(w, counts[i] > 0 ? 2 : 0))\" height=\"\(rowH - 8)\"><title>\(b.label) days: \(counts[i])</title></rect>"
            svg += "<text class=\"label\" x=\"\(left + w + 6)\" y=\"\(y + 15)\">\(counts[i])</text>\n"
        }
        svg += "</svg>\n"
        let sorted = days.sorted()
        let median = sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2]) : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return svg + "<p>Median \(SitePages.format(median)) days.</p>\n"
    }

    /// Forecasts in bins of confidence: how often each bin was right, against the diagonal of
    /// perfect calibration.
    static func calibration(_ forecasts: [(confidence: Double, hit: Bool)]) -> String {
        var bins = [(n: Int, hits: Int, sum: Double)](repeating: (0, 0, 0), count: 5)
        for f in forecasts {
            let c = min(max(f.confidence, 0), 1)
            let i = min(4, Int(c * 5))
            bins[i].n += 1
            bins[i].hits += f.hit ? 1 : 0
            bins[i].sum += c
        }
        let size = 200, pad = 30
        func px(_ v: Double) -> Int { pad + Int(v * Double(size)) }
        func py(_ v: Double) -> Int { pad + size - Int(v * Double(size)) }
        var svg = "<svg class=\"chart square\" viewBox=\"0 0 \(size + 2 * pad) \(size + 2 * pad)\" role=\"img\" aria-labelledby=\"cal-t\"><title id=\"cal-t\">Calibration: forecast confidence against how often it was right</title>\n"
        svg += "<rect class=\"frame\" x=\"\(pad)\" y=\"\(pad)\" width=\"\(size)\" height=\"\(size)\"/>\n"
        svg += "<line class=\"ideal\" x1=\"\(px(0))\" y1=\"\(py(0))\" x2=\"\(px(1))\" y2=\"\(py(1))\"/>\n"
        svg += "<text class=\"label\" x=\"\(pad)\" y=\"\(size + pad + 16)\">0</text><text class=\"label\" x=\"\(size + pad)\" y=\"\(size + pad + 16)\" text-anchor=\"end\">confidence 1</text>\n"
        svg += "<text class=\"label\" x=\"\(pad - 4)\" y=\"\(pad + 8)\" text-anchor=\"end\">1</text>\n"
        var table = "<table class=\"data\"><thead><tr><th>Confidence</th><th>Forecasts</th><th>Right</th></tr></thead><tbody>\n"
        for (i, b) in bins.enumerated() where b.n > 0 {
            let mean = b.sum / Double(b.n), rate = Double(b.hits) / Double(b.n)
            svg += "<circle class=\"point\" cx=\"\(px(mean))\" cy=\"\(py(rate))\" r=\"\(4 + min(b.n, 12) / 2)\"><title>\(b.n) forecast\(b.n == 1 ? "" : "s") near \(SitePages.format(mean)): \(b.hits) right</title></circle>\n"
            let lo = Double(i) / 5
            table += "<tr><td>\(SitePages.format(lo))–\(SitePages.format(lo + 0.2))</td><td>\(b.n)</td><td>\(b.hits)</td></tr>\n"
        }
        svg += "</svg>\n"
        return svg + table + "</tbody></table>\n"
    }
}
