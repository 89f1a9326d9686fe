// On every command's path: each function is @_optimize(speed), since a release build compiles
// the rest of this module for size (Package.swift, sizeOptimized).

/// The times in experiment files: ISO 8601, written in UTC with whole seconds
/// (`2026-11-28T09:14:00Z`); read with any offset, or as a bare date.
public enum Timestamp {
    /// The first and last second a four-digit year can write: 0000-01-01T00:00:00Z and
    /// 9999-12-31T23:59:59Z.
    public static let earliest = Date(timeIntervalSince1970: -62_167_219_200)
    public static let latest = Date(timeIntervalSince1970: 253_402_300_799)

    /// Whole seconds since 1970, within `earliest...latest` (a time outside, which only
    /// arithmetic on a bad number can make, is written as the nearest end; never a trap).
    @_optimize(speed) public static func seconds(_ date: Date) -> Int64 {
        let t = date.timeIntervalSince1970.rounded(.down)
        guard !t.isNaN else { return 0 }
        return Int64(min(max(t, earliest.timeIntervalSince1970), latest.timeIntervalSince1970))
    }

    /// Whole days in `interval` seconds, rounded up (as "3 days left" counts), within ±Int32.max.
    @_optimize(speed) public static func wholeDays(_ interval: TimeInterval) -> Int {
        let days = (interval / 86_400).rounded(.up)
        guard !days.isNaN else { return 0 }
        return Int(min(max(days, Double(Int32.min)), Double(Int32.max)))
    }

    @_optimize(speed) public static func format(_ date: Date) -> String {
        let secs = seconds(date)
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: Int(days))
        // By hand: String(format:) goes through Foundation's formatter, ten times slower.
        return String(unsafeUninitializedCapacity: 20) { buf in
            @_optimize(speed) func put(_ v: Int, _ at: Int, _ width: Int) {
                var x = v
                for i in stride(from: at + width - 1, through: at, by: -1) {
                    buf[i] = UInt8(48 + x % 10)
                    x /= 10
                }
            }
            put(y, 0, 4); buf[4] = 45; put(m, 5, 2); buf[7] = 45; put(d, 8, 2); buf[10] = 84
            put(Int(rem / 3600), 11, 2); buf[13] = 58; put(Int(rem % 3600 / 60), 14, 2); buf[16] = 58
            put(Int(rem % 60), 17, 2); buf[19] = 90
            return 20
        }
    }

    /// `2026-11-28`, for tables and digests.
    @_optimize(speed) public static func day(_ date: Date) -> String {
        String(format(date).prefix(10))
    }

    @_optimize(speed) public static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        @_optimize(speed) func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= u.count else { return nil }
            var v = 0
            for i in from..<(from + len) {
                let c = u[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard u.count >= 10, let y = num(0, 4), u[4] == 45, let mo = num(5, 2), u[7] == 45, let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var secs = Int64(days(fromCivil: y, mo, d)) * 86_400
        var i = 10
        if i == u.count { return Date(timeIntervalSince1970: TimeInterval(secs)) }
        guard u[i] == 84 || u[i] == 116 || u[i] == 32, let h = num(i + 1, 2), i + 3 < u.count, u[i + 3] == 58,
              let mi = num(i + 4, 2), h < 24, mi < 60 else { return nil }
        secs += Int64(h * 3600 + mi * 60)
        i += 6
        if i < u.count, u[i] == 58 {
            guard let s = num(i + 1, 2), s < 61 else { return nil }
            secs += Int64(s)
            i += 3
            if i < u.count, u[i] == 46 {
                i += 1
                while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            }
        }
        while i < u.count, u[i] == 32 { i += 1 }
        if i == u.count || ((u[i] == 90 || u[i] == 122) && i + 1 == u.count) {
            return Date(timeIntervalSince1970: TimeInterval(secs))
        }
        guard u[i] == 43 || u[i] == 45 else { return nil }
        let sign: Int64 = u[i] == 45 ? -1 : 1
        let rest = u[(i + 1)...].filter { $0 != 58 }
        guard rest.count == 4 || rest.count == 2, rest.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let digits = rest.map { Int64($0 - 48) }
        let oh = digits[0] * 10 + digits[1]
        let om = rest.count == 4 ? digits[2] * 10 + digits[3] : 0
        secs -= sign * (oh * 3600 + om * 60)
        return Date(timeIntervalSince1970: TimeInterval(secs))
    }

    /// Truncates to whole seconds, the precision the files keep.
    @_optimize(speed) public static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    @_optimize(speed) static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    @_optimize(speed) static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// `2026-11` for a date, the name of its month folder (UTC).
    @_optimize(speed) public static func month(_ date: Date) -> String {
        String(format(date).prefix(7))
    }
}
