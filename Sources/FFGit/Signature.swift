import CLibgit2

/// Who made a commit and when, as git records it.
public struct Signature: Equatable, Sendable {
    public var name: String
    public var email: String
    /// Seconds since the epoch.
    public var time: Int64
    /// Offset from UTC in minutes, as written after the time (`+0100` is 60).
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Int64, offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ sig: UnsafePointer<git_signature>) {
        name = sig.pointee.name.map { String(cString: $0) } ?? ""
        email = sig.pointee.email.map { String(cString: $0) } ?? ""
        time = sig.pointee.when.time
        offsetMinutes = Int(sig.pointee.when.offset)
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(time)) }

    /// `Name <email>`, the form the experiment file's `owner` uses.
    public var person: String { "\(name) <\(email)>" }

    /// Builds a libgit2 signature for the duration of `body`.
    func withGitSignature<T>(_ body: (UnsafePointer<git_signature>) throws -> T) throws -> T {
        var sig: UnsafeMutablePointer<git_signature>?
        try check("git_signature_new") { git_signature_new(&sig, name, email, time, Int32(offsetMinutes)) }
        defer { git_signature_free(sig) }
        return try body(sig!)
    }
}

/// Author and committer for a new commit, resolved the way git resolves them.
public struct Identity: Equatable, Sendable {
    public var author: Signature
    public var committer: Signature

    public init(author: Signature, committer: Signature) {
        self.author = author
        self.committer = committer
    }
}

/// A missing or unreadable identity; the text says how to fix it.
public enum IdentityError: Error, CustomStringConvertible, Equatable {
    case missing(role: String, what: String)
    /// Missing for ff, but set under an include libgit2 cannot evaluate (`includeIf
    /// "hasconfig:…"`): `keys` are what the include sets (`user.name`), `file` holds it.
    case underUnsupportedInclude(keys: [String], values: [String: String], condition: String, file: String)
    case badDate(variable: String, value: String)

    public var description: String {
        switch self {
        case let .missing(role, what):
            return "no \(role) \(what) is configured: run git config --global user.name \"Your Name\" and git config --global user.email you@example.com (or set GIT_\(role.uppercased())_NAME and GIT_\(role.uppercased())_EMAIL)"
        case let .underUnsupportedInclude(keys, values, condition, file):
            let set = keys.map { key in values[key].map { "git config \(key) \"\($0)\"" } ?? "git config \(key) …" }
            return "no identity: \(keys.joined(separator: " and ")) \(keys.count == 1 ? "is" : "are") set under includeIf \"\(condition)\" in \(file), which ff cannot evaluate (libgit2 does not support hasconfig:); set \(keys.count == 1 ? "it" : "them") in this repository with \(set.joined(separator: " and ")), or set GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL"
        case let .badDate(variable, value):
            return "\(variable) is not a date git understands: '\(value)' (use ISO 8601, e.g. 2026-11-28T09:14:00Z, or '@<seconds> +0000')"
        }
    }
}

extension Identity {
    /// Resolves author and committer as git does: `GIT_AUTHOR_*` / `GIT_COMMITTER_*`, then
    /// `author.*` / `committer.*`, then `user.*` from config, then `EMAIL`; dates from
    /// `GIT_AUTHOR_DATE` / `GIT_COMMITTER_DATE` or now.
    /// When one is missing, the configuration files git reads (and `repositoryConfig`) are
    /// looked at for an `includeIf "hasconfig:…"` that sets it, which libgit2 skips, to say so.
    public static func resolve(
        environment env: [String: String],
        config: (String) -> String?,
        now: Date = Date(),
        repositoryConfig: String? = nil
    ) throws -> Identity {
        func person(_ role: String) throws -> (String, String) {
            let upper = role.uppercased()
            let name = nonEmpty(env["GIT_\(upper)_NAME"]) ?? nonEmpty(config("\(role).name")) ?? nonEmpty(config("user.name"))
            let email = nonEmpty(env["GIT_\(upper)_EMAIL"]) ?? nonEmpty(config("\(role).email")) ?? nonEmpty(config("user.email")) ?? nonEmpty(env["EMAIL"])
            guard let name, let email else {
                let missing = (name == nil ? ["name"] : []) + (email == nil ? ["email"] : [])
                throw unsupportedInclude(setting: missing, of: role, environment: env, repositoryConfig: repositoryConfig)
                    ?? IdentityError.missing(role: role, what: missing[0])
            }
            return (name, email)
        }
        func when(_ variable: String) throws -> (Int64, Int) {
            guard let value = nonEmpty(env[variable]) else {
                return (Int64(now.timeIntervalSince1970.rounded(.down)), localOffsetMinutes(at: now))
            }
            guard let parsed = GitDate.parse(value) else {
                throw IdentityError.badDate(variable: variable, value: value)
            }
            return parsed
        }
        let (an, ae) = try person("author")
        let (cn, ce) = try person("committer")
        let (at, ao) = try when("GIT_AUTHOR_DATE")
        let (ct, co) = try when("GIT_COMMITTER_DATE")
        return Identity(
            author: Signature(name: an, email: ae, time: at, offsetMinutes: ao),
            committer: Signature(name: cn, email: ce, time: ct, offsetMinutes: co)
        )
    }

    /// The error naming the first hasconfig include that sets any of `what` (`name`, `email`)
    /// for `role`, with every missing key it sets; nil when none does.
    private static func unsupportedInclude(setting what: [String], of role: String, environment env: [String: String],
                                           repositoryConfig: String?) -> IdentityError? {
        for include in UnsupportedInclude.find(environment: env, repositoryConfig: repositoryConfig) {
            let keys = what.compactMap { field in
                ["\(role).\(field)", "user.\(field)"].first { nonEmpty(include.values[$0]) != nil }
            }
            guard !keys.isEmpty else { continue }
            var file = include.file
            if let home = env["HOME"], !home.isEmpty, file.hasPrefix(home + "/") { file = "~" + file.dropFirst(home.count) }
            return .underUnsupportedInclude(keys: keys, values: include.values.filter { keys.contains($0.key) },
                                            condition: include.condition, file: file)
        }
        return nil
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.trimmed(.whitespaces).isEmpty else { return nil }
        return s
    }

    private static func localOffsetMinutes(at date: Date) -> Int {
        TimeZone.current.secondsFromGMT(for: date) / 60
    }
}

/// The date formats git accepts in `GIT_AUTHOR_DATE` that people actually use.
public enum GitDate {
    /// Returns seconds since the epoch and the UTC offset in minutes.
    public static func parse(_ text: String) -> (Int64, Int)? {
        let s = text.trimmed(.whitespaces)
        guard let r = parseInternal(s) ?? parseISO(s) ?? parseRFC2822(s) else { return nil }
        // Years 0000 to 9999, as the experiment files write them.
        return (-62_167_219_200...253_402_300_799).contains(r.0) ? r : nil
    }

    /// `@1700000000 +0100`, `1700000000 +0100` or `@1700000000`.
    static func parseInternal(_ s: String) -> (Int64, Int)? {
        var body = Substring(s)
        if body.hasPrefix("@") { body = body.dropFirst() }
        let parts = body.split(separator: " ")
        guard (1...2).contains(parts.count), let secs = Int64(parts[0]) else { return nil }
        if parts.count == 1 { return s.hasPrefix("@") || secs >= 100_000_000 ? (secs, 0) : nil }
        guard let off = parseOffset(parts[1]) else { return nil }
        return (secs, off)
    }

    /// `+0100`, `-05:30`, `Z`.
    static func parseOffset(_ s: Substring) -> Int? {
        if s == "Z" || s == "z" { return 0 }
        guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
        let digits = s.dropFirst().filter { $0 != ":" }
        guard digits.count == 4, let v = Int(digits) else { return nil }
        let minutes = (v / 100) * 60 + v % 100
        return sign == "-" ? -minutes : minutes
    }

    /// `2026-11-28T09:14:00Z`, `2026-11-28 09:14:00 +0100`, `2026-11-28T09:14:00+01:00`, `2026-11-28`.
    static func parseISO(_ s: String) -> (Int64, Int)? {
        let u = Array(s.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= u.count else { return nil }
            var v = 0
            for i in from..<(from + len) {
                let c = u[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard u.count >= 10, let y = num(0, 4), u[4] == 45, let mo = num(5, 2), u[7] == 45, let d = num(8, 2) else { return nil }
        var h = 0, mi = 0, se = 0, offset = 0
        var i = 10
        if i < u.count {
            guard u[i] == 84 || u[i] == 116 || u[i] == 32, let hh = num(i + 1, 2), u.count > i + 3, u[i + 3] == 58, let mm = num(i + 4, 2) else { return nil }
            h = hh; mi = mm; i += 6
            if i < u.count, u[i] == 58 {
                guard let ss = num(i + 1, 2) else { return nil }
                se = ss; i += 3
                if i < u.count, u[i] == 46 { // fractional seconds
                    i += 1
                    while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
                }
            }
            var rest = Substring(String(decoding: u[i...], as: UTF8.self))
            while rest.first == " " { rest = rest.dropFirst() }
            if !rest.isEmpty {
                guard let off = parseOffset(rest) else { return nil }
                offset = off
            }
        }
        guard (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        let days = daysFromCivil(y, mo, d)
        let secs = Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + se) - Int64(offset * 60)
        return (secs, offset)
    }

    /// `Thu, 07 Apr 2005 22:13:13 +0200` (the weekday is optional).
    static func parseRFC2822(_ s: String) -> (Int64, Int)? {
        var parts = s.split(separator: " ")
        if let first = parts.first, first.hasSuffix(",") { parts.removeFirst() }
        guard parts.count == 5, let d = Int(parts[0]), let y = Int(parts[2]) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let mo = months.firstIndex(of: parts[1].lowercased().prefix(3).description) else { return nil }
        let hms = parts[3].split(separator: ":").compactMap { Int($0) }
        // Checked before any arithmetic: the numbers come from the environment.
        guard hms.count >= 2, hms[0] < 24, hms[1] < 60, hms.count < 3 || hms[2] < 61, hms.allSatisfy({ $0 >= 0 }),
              (0...9999).contains(y), (1...31).contains(d), let off = parseOffset(parts[4]) else { return nil }
        let days = daysFromCivil(y, mo + 1, d)
        let secs = Int64(days) * 86_400 + Int64(hms[0] * 3600 + hms[1] * 60 + (hms.count > 2 ? hms[2] : 0)) - Int64(off * 60)
        return (secs, off)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
