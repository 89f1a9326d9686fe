
/// The repository's `.ff/config.yaml`.
public struct FFConfig: Equatable, Sendable {
    public enum LintLevel: String, CaseIterable, Sendable { case off, warning, error }

    /// The experiments folder, relative to the repository root.
    public var experiments = "experiments"
    public var timeboxDays: ClosedRange<Int> = 7...30
    public var lintLevel: LintLevel = .warning
    public var lintExtra: [String] = []
    public var lintAllow: [String] = []

    public init() {}

    public static let path = ".ff/config.yaml"

    /// The commented file `ff init` writes.
    public static var template: String { Templates.files["config.yaml"]! }

    /// Reads the config; unknown keys are ignored so that a newer ff's settings don't break
    /// an older one.
    public static func parse(_ text: String, path: String = FFConfig.path) throws -> FFConfig {
        var config = FFConfig()
        guard let node = try YAMLComposer.compose(text, path: path) else { return config }
        guard case .mapping = node else {
            throw FileError(path: path, line: 1, column: 1, message: "the config must be a mapping of keys")
        }
        let map = node
        func fail(_ n: YAMLNode, _ m: String) -> FileError {
            FileError(path: path, line: n.start.line, column: n.start.column, message: m)
        }
        func strings(_ n: YAMLNode, _ field: String) throws -> [String] {
            guard case let .sequence(s) = n else { throw fail(n, "\(field) must be a list") }
            return try s.items.map {
                guard case let .scalar(v) = $0 else { throw fail($0, "\(field) must be a list of phrases") }
                return v.string
            }
        }
        if let e = map["experiments"] {
            guard case let .scalar(s) = e else { throw fail(e, "experiments must be a folder name") }
            let folder = s.string.trimmed(scalars: "/ ")
            let parts = folder.split(separator: "/")
            guard !folder.isEmpty, !s.string.hasPrefix("/"),
                  !parts.contains(where: { $0 == ".." || $0 == "." || $0.lowercased() == ".git" }) else {
                throw fail(e, "experiments must be a folder inside the repository, like 'experiments'")
            }
            config.experiments = folder
        }
        if let t = map["timebox"] {
            guard case .mapping = t else { throw fail(t, "timebox must be {min_days: N, max_days: M}") }
            let tm = t
            func days(_ key: String, _ fallback: Int) throws -> Int {
                guard let n = tm[key] else { return fallback }
                guard case let .scalar(s) = n, let v = Int(s.string), (1...Timebox.maximumDays).contains(v) else {
                    throw fail(n, "timebox.\(key) must be a whole number of days from 1 to \(Timebox.maximumDays)")
                }
                return v
            }
            let lo = try days("min_days", 7), hi = try days("max_days", 30)
            guard lo <= hi else { throw fail(t, "timebox.min_days (\(lo)) is above max_days (\(hi))") }
            config.timeboxDays = lo...hi
        }
        if let l = map["lint"] {
            guard case .mapping = l else { throw fail(l, "lint must be {level: …, extra: […], allow: […]}") }
            let lm = l
            if let lv = lm["level"] {
                guard case let .scalar(s) = lv, let level = LintLevel(rawValue: s.string) else {
                    throw fail(lv, "lint.level must be off, warning or error")
                }
                config.lintLevel = level
            }
            if let x = lm["extra"] { config.lintExtra = try strings(x, "lint.extra") }
            if let a = lm["allow"] { config.lintAllow = try strings(a, "lint.allow") }
        }
        return config
    }
}
