/// A table for a terminal, laid out to a width: columns shown whole (ids, states, dates) keep
/// their width, text columns (titles, names) share what is left and are cut with `…`, and when
/// that leaves a text column too little, the columns least needed are left out.
public struct TextTable {
    public struct Column: Sendable {
        public var header: String
        /// Text that may be cut: the fewest columns it is worth showing, and its share of the
        /// room against the other text columns. nil: shown whole, never cut (an id).
        public var text: (minimum: Int, weight: Int)?
        /// When the width is short, columns are left out in this order (lowest first); nil: never.
        public var dropOrder: Int?

        public init(_ header: String, text: (minimum: Int, weight: Int)? = nil, dropOrder: Int? = nil) {
            self.header = header
            self.text = text
            self.dropOrder = dropOrder
        }
    }

    public static let gap = 2
    public var columns: [Column]
    public var rows: [[String]]

    public init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Each column's width, nil where the column is left out, for lines of at most `width`
    /// columns (no limit when nil). Past the point where only the minimums are left, lines are
    /// wider than `width` rather than cut through an id.
    public func layout(width: Int?) -> [Int?] {
        let natural = columns.indices.map { i in
            rows.reduce(TerminalText.width(columns[i].header)) { max($0, i < $1.count ? TerminalText.width($1[i]) : 0) }
        }
        var shown = Array(columns.indices)
        while true {
            func result(_ w: [Int: Int]) -> [Int?] { columns.indices.map { shown.contains($0) ? (w[$0] ?? natural[$0]) : nil } }
            guard let width else { return result([:]) }
            let gaps = Self.gap * max(0, shown.count - 1)
            if shown.reduce(gaps, { $0 + natural[$1] }) <= width { return result([:]) }
            let text = shown.filter { columns[$0].text != nil }
            let room = width - gaps - shown.filter { columns[$0].text == nil }.reduce(0) { $0 + natural[$1] }
            var w = share(max(0, room), among: text, natural: natural)
            // A text column is worth showing with at least its minimum and its whole header.
            func least(_ i: Int) -> Int { min(natural[i], max(columns[i].text?.minimum ?? 0, TerminalText.width(columns[i].header))) }
            let short = text.contains { i in w[i, default: 0] < least(i) }
            if !short { return result(w) }
            if let drop = shown.filter({ columns[$0].dropOrder != nil }).min(by: { columns[$0].dropOrder! < columns[$1].dropOrder! }) {
                shown.removeAll { $0 == drop }
                continue
            }
            for i in text { w[i] = max(w[i, default: 0], least(i)) }
            return result(w)
        }
    }

    /// `room` shared among the text columns by weight, a column that needs less than its share
    /// giving the rest to the others.
    private func share(_ room: Int, among text: [Int], natural: [Int]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        var open = text
        var left = room
        while !open.isEmpty {
            let weights = open.reduce(0) { $0 + (columns[$1].text?.weight ?? 1) }
            let fits = open.filter { natural[$0] * weights <= left * (columns[$0].text?.weight ?? 1) }
            if fits.isEmpty {
                var given = 0
                for i in open {
                    out[i] = left * (columns[i].text?.weight ?? 1) / weights
                    given += out[i]!
                }
                // What rounding leaves goes to the heaviest column (the title).
                if let heaviest = open.max(by: { (columns[$0].text?.weight ?? 1) < (columns[$1].text?.weight ?? 1) }) {
                    out[heaviest]! += left - given
                }
                break
            }
            for i in fits {
                out[i] = natural[i]
                left -= natural[i]
            }
            open.removeAll { fits.contains($0) }
        }
        return out
    }

    /// The header line (through `header`), then a line per row: each cell fitted and padded to
    /// its column (the last one not padded), passed through `paint(row, column, cell)`.
    public func render(width: Int?, header: (String) -> String = { $0 }, paint: (Int, Int, String) -> String = { $2 }) -> [String] {
        let widths = layout(width: width)
        let shown = columns.indices.filter { widths[$0] != nil }
        func line(_ cells: [String], _ painted: (Int, String) -> String) -> String {
            var parts: [String] = []
            for (n, i) in shown.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                let w = widths[i] ?? 0
                let text = n == shown.count - 1 ? TerminalText.fit(cell, to: w) : TerminalText.pad(cell, to: w)
                parts.append(painted(i, text))
            }
            var s = parts.joined(separator: String(repeating: " ", count: Self.gap))
            while s.last == " " { s.removeLast() }
            return s
        }
        var out = [header(line(columns.map(\.header)) { $1 })]
        for (r, cells) in rows.enumerated() {
            out.append(line(cells) { paint(r, $0, $1) })
        }
        return out
    }
}
