/// Which files are experiments, and what their names say: `*.yaml` or `*.yml` anywhere under
/// the experiments folder, no part of the path below it hidden (a dot-file or dot-folder, as
/// git users keep editors' swap files and tools' state), named `<id>-<slug>.yaml` when ff made
/// them. Every reader of the folder — the working tree, the index, commits' trees — asks here.
public enum ExperimentFileName {
    /// Whether `path` (relative to the repository) is an experiment file under `folder`.
    public static func isExperimentPath(_ path: String, folder: String) -> Bool {
        // Bytes, not Characters: a check of the staged index runs this for every entry.
        let p = path.utf8, f = folder.utf8
        guard p.count > f.count + 1, p.starts(with: f) else { return false }
        let rest = p.dropFirst(f.count)
        guard rest.first == UInt8(ascii: "/"), hasYAMLExtension(rest) else { return false }
        var previous = UInt8(ascii: "/")
        for b in rest.dropFirst() {
            if previous == UInt8(ascii: "/") && b == UInt8(ascii: ".") { return false }
            previous = b
        }
        return true
    }

    /// Whether one file name (no folder) is an experiment's: `*.yaml` or `*.yml`, not hidden.
    public static func isExperimentName<C: BidirectionalCollection>(_ name: C) -> Bool where C.Element == UInt8 {
        name.first != UInt8(ascii: ".") && hasYAMLExtension(name)
    }

    /// Whether the text ends in `.yaml` or `.yml` (with something before it).
    public static func hasYAMLExtension<C: BidirectionalCollection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        let n = bytes.count
        return n > 5 && bytes.suffix(5).elementsEqual(".yaml".utf8) || n > 4 && bytes.suffix(4).elementsEqual(".yml".utf8)
    }

    /// The id and slug a file name carries (`k7q2m9x4-weekly-demo.yaml`), when it follows the
    /// naming rule; the folders before the name are ignored.
    public static func parts(_ path: String) -> (id: String, slug: String)? {
        // On bytes: this runs for every file on every command that takes a reference.
        let u = Array(path.utf8)
        var start = u.count
        while start > 0 && u[start - 1] != 0x2F { start -= 1 }
        var end = u.count
        if u.count - start > 5, u[(u.count - 5)...].elementsEqual(".yaml".utf8) {
            end -= 5
        } else if u.count - start > 4, u[(u.count - 4)...].elementsEqual(".yml".utf8) {
            end -= 4
        }
        guard end - start >= ExperimentID.length else { return nil }
        for i in start..<(start + ExperimentID.length) where !ExperimentID.isIDByte(u[i]) { return nil }
        let id = String(decoding: u[start..<(start + ExperimentID.length)], as: UTF8.self)
        let rest = start + ExperimentID.length
        if rest == end { return (id, "") }
        guard u[rest] == 0x2D else { return nil }
        return (id, String(decoding: u[(rest + 1)..<end], as: UTF8.self))
    }

    /// The file name ff gives a new experiment: `<id>-<slug of the title>.yaml`.
    public static func name(id: String, title: String) -> String {
        "\(id)-\(Slug.make(from: title)).yaml"
    }
}
