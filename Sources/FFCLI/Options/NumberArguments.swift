import ArgumentParser
import FailForward

/// Numbers from flags, read into their range. A value outside it (or too long for 64 bits)
/// is a usage error that names the flag, which argument-parser adds, and the range:
/// `The value '0' is invalid for '--days <days>': must be a whole number of days from 1 to 36500`.
enum NumberArgument {
    static func whole(_ range: ClosedRange<Int>, _ what: String) -> @Sendable (String) throws -> Int {
        { text in
            guard let v = Int(text), range.contains(v) else { throw ValidationError("must be \(what)") }
            return v
        }
    }

    static let days = whole(1...Timebox.maximumDays, "a whole number of days from 1 to \(Timebox.maximumDays)")
    static let ordinal = whole(1...Int.max, "a whole number, 1 or more")

    /// A probability: finite, from 0 to 1.
    static let probability: @Sendable (String) throws -> Double = { text in
        guard let v = Double(text), (0...1).contains(v) else { throw ValidationError("must be a number from 0 to 1") }
        return v
    }

    /// A `--since`/`--until` value, checked as `TimeSpec` reads it.
    static func checkTime(_ value: String?, flag: String) throws {
        guard let value else { return }
        do {
            _ = try TimeSpec.resolve(value, now: Date())
        } catch {
            throw ValidationError("\(flag): \(error)")
        }
    }
}
