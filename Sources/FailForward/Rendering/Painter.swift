/// Colours for terminal output, decided once per command (on a terminal, without `NO_COLOR`).
/// Hand-written rather than a colour library because such libraries switch colour on and off
/// through global state, and commands here run side by side in one process under test.
public struct Painter: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static let plain = Painter(enabled: false)

    private func sgr(_ code: String, _ s: String) -> String {
        enabled && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    public func bold(_ s: String) -> String { sgr("1", s) }
    public func dim(_ s: String) -> String { sgr("2", s) }
    public func red(_ s: String) -> String { sgr("31", s) }
    public func green(_ s: String) -> String { sgr("32", s) }
    public func yellow(_ s: String) -> String { sgr("33", s) }
    public func blue(_ s: String) -> String { sgr("34", s) }
    public func magenta(_ s: String) -> String { sgr("35", s) }
    public func cyan(_ s: String) -> String { sgr("36", s) }

    public func status(_ s: Status) -> String {
        switch s {
        case .draft: return dim(s.rawValue)
        case .running: return cyan(s.rawValue)
        case .concluded: return green(s.rawValue)
        case .abandoned: return yellow(s.rawValue)
        }
    }

    public func outcome(_ o: Outcome) -> String {
        switch o {
        case .validated: return green(o.rawValue)
        case .disproved: return magenta(o.rawValue)
        case .inconclusive: return yellow(o.rawValue)
        }
    }
}
