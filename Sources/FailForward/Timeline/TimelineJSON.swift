// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).

/// `ff timeline --format json`: the schema in docs/FORMAT.md ("Timeline JSON") and
/// docs/schema/timeline.schema.json. Keys are always present (`null` or `[]` when empty).
public enum TimelineJSON {
    public static let version = 1

    @_optimize(speed) public static func render(_ t: Timeline) -> [UInt8] {
        var out: [UInt8] = []
        write(t) { out += $0 }
        return out
    }

    /// Writes the JSON in pieces of about a megabyte to `sink`: a long history's timeline is
    /// tens of megabytes, and holding it whole is not needed. Written byte by byte rather than
    /// through `JSONWriter`: it is the format a long history is read in, and the time of a
    /// warm run is mostly this.
    @_optimize(speed) public static func write(_ t: Timeline, pretty: Bool = false, to sink: ([UInt8]) -> Void) {
        guard !pretty else {
            sink(Array(render(t, pretty: true).utf8))
            return
        }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 8192)
        var w = JSONWriter()
        w.object { w in
            header(t, into: &w)
        }
        out += w.take().dropLast()
        append(#","events":["#, &out)
        for (i, e) in t.events.enumerated() {
            if i > 0 { out.append(0x2C) }
            appendEvent(e, title: t.title(for: e), into: &out)
            if out.count > 1 << 20 {
                sink(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        append(#"],"experiments":["#, &out)
        for (i, x) in summaries(t).enumerated() {
            if i > 0 { out.append(0x2C) }
            var w = JSONWriter()
            summary(x, into: &w)
            out += w.take()
        }
        append("]}\n", &out)
        sink(out)
    }

    /// The keys before the events: the layout's version, the head, the shallow clone, notes.
    @_optimize(speed) private static func header(_ t: Timeline, into w: inout JSONWriter) {
        w.field("ff_timeline", version)
        w.field("head", t.head)
        w.key("shallow")
        if let s = t.shallow {
            w.object { w in
                w.field("boundaries", strings: s.boundaries)
                w.field("since", time: s.since)
            }
        } else {
            w.null()
        }
        w.field("notes", strings: t.notes)
    }

    /// The compact or indented document at once (tests, small histories).
    @_optimize(speed) public static func render(_ t: Timeline, pretty: Bool) -> String {
        guard pretty else {
            var out: [UInt8] = []
            write(t) { out += $0 }
            return String(decoding: out, as: UTF8.self)
        }
        var w = JSONWriter(pretty: true)
        w.object { w in
            header(t, into: &w)
            w.key("events")
            w.array(t.events) { w, e in event(e, t, into: &w) }
            w.key("experiments")
            w.array(summaries(t)) { w, x in summary(x, into: &w) }
        }
        return w.output + "\n"
    }

    @_optimize(speed) private static func append(_ s: StaticString, _ out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    @_optimize(speed) private static func appendTime(_ d: Date, _ out: inout [UInt8]) {
        out.append(0x22)
        out.append(contentsOf: Timestamp.format(d).utf8)
        out.append(0x22)
    }

    @_optimize(speed) private static func appendString(_ s: String?, _ out: inout [UInt8]) {
        if let s { JSON.quote(s, into: &out) } else { append("null", &out) }
    }

    /// One event, compact, keys as `event(_:_:into:)` writes them.
    @_optimize(speed) static func appendEvent(_ e: TimelineEvent, title: String, into out: inout [UInt8]) {
        append(#"{"time":"#, &out); appendTime(e.time, &out)
        append(#","kind":""#, &out); out.append(contentsOf: e.kind.rawValue.utf8); out.append(0x22)
        append(#","experiment":"#, &out); JSON.quote(e.experiment, into: &out)
        append(#","title":"#, &out); JSON.quote(title, into: &out)
        append(#","commit":"#, &out); JSON.quote(e.commit, into: &out)
        append(#","author":"#, &out); JSON.quote(e.author, into: &out)
        append(#","outcome":"#, &out); appendString(e.outcome?.rawValue, &out)
        append(#","fields":["#, &out)
        for (i, f) in e.fields.enumerated() {
            if i > 0 { out.append(0x2C) }
            JSON.quote(f, into: &out)
        }
        append(#"],"text":"#, &out); appendString(e.text, &out)
        append(e.byHand ? #","by_hand":true"# : #","by_hand":false"#, &out)
        append(e.reconstructed ? #","reconstructed":true"# : #","reconstructed":false"#, &out)
        append(e.flagged ? #","flagged":true"# : #","flagged":false"#, &out)
        append(#","action":"#, &out); appendString(e.action, &out)
        out.append(0x7D)
    }

    @_optimize(speed) public static func event(_ e: TimelineEvent, _ t: Timeline, into w: inout JSONWriter) {
        w.object { w in
            w.field("time", time: e.time)
            w.field("kind", e.kind.rawValue)
            w.field("experiment", e.experiment)
            w.field("title", t.title(for: e))
            w.field("commit", e.commit)
            w.field("author", e.author)
            w.field("outcome", e.outcome?.rawValue)
            w.field("fields", strings: e.fields)
            w.field("text", e.text)
            w.field("by_hand", e.byHand)
            w.field("reconstructed", e.reconstructed)
            w.field("flagged", e.flagged)
            w.field("action", e.action)
        }
    }

    /// What the events say about one experiment: its last title, the state its lifecycle
    /// events leave it in, and when it was created, started and ended.
    public struct Summary: Equatable, Sendable {
        public var id: String
        public var title: String
        public var status: String
        public var outcome: Outcome?
        public var created: Date?
        public var started: Date?
        public var ended: Date?
        public var events: Int
    }

    /// One summary per experiment, in the order of their first event.
    @_optimize(speed) public static func summaries(_ t: Timeline) -> [Summary] {
        var order: [String] = []
        var byID: [String: Summary] = [:]
        for e in t.events {
            var x = byID[e.experiment] ?? {
                order.append(e.experiment)
                return Summary(id: e.experiment, title: "", status: "draft", events: 0)
            }()
            x.events += 1
            if !e.title.isEmpty { x.title = e.title }
            switch e.kind {
            case .created: if x.created == nil { x.created = e.time }
            case .started:
                if x.started == nil { x.started = e.time }
                if x.status == "draft" { x.status = "running" }
            case .concluded, .debriefMerged:
                x.status = "concluded"
                x.outcome = e.outcome ?? x.outcome
                x.ended = e.time
            case .abandoned:
                x.status = "abandoned"
                x.ended = e.time
            case .deleted: x.status = "deleted"
            default: break
            }
            byID[e.experiment] = x
        }
        return order.map { byID[$0]! }
    }

    @_optimize(speed) static func summary(_ x: Summary, into w: inout JSONWriter) {
        w.object { w in
            w.field("id", x.id)
            w.field("title", x.title)
            w.field("status", x.status)
            w.field("outcome", x.outcome?.rawValue)
            w.field("created", time: x.created)
            w.field("started", time: x.started)
            w.field("ended", time: x.ended)
            w.field("events", x.events)
        }
    }
}
