/// Experiment ids: 8 random lowercase Crockford base32 characters, so that clones that
/// create experiments independently never collide (40 bits of randomness).
public enum ExperimentID {
    public static let alphabet: [Character] = Array("0123456789abcdefghjkmnpqrstvwxyz")
    public static let length = 8
    /// The shortest prefix accepted as a reference.
    public static let minimumPrefix = 4

    public static func random<R: RandomNumberGenerator>(using rng: inout R) -> String {
        String((0..<length).map { _ in alphabet[Int(rng.next(upperBound: UInt8(alphabet.count)))] })
    }

    public static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        return random(using: &rng)
    }

    public static func isValid(_ s: String) -> Bool {
        s.utf8.count == length && s.utf8.allSatisfy(isIDByte)
    }

    /// `0-9`, `a-z` without `i`, `l`, `o`, `u`.
    public static func isIDByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 97 && b <= 122 && b != 105 && b != 108 && b != 111 && b != 117)
    }

    /// Whether `s` could be an id or an id prefix (lowercase Crockford characters only).
    public static func isIDCharacter(_ c: Character) -> Bool {
        alphabet.contains(c)
    }
}

/// File-name slugs: lowercase ASCII letters and digits joined by single dashes.
public enum Slug {
    public static let maximumLength = 48

    public static func make(from title: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in title.lowercased().unicodeScalars {
            let c = Character(ascii(scalar))
            if c.isASCII && (c.isLetter || c.isNumber) {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(c)
            } else {
                pendingDash = true
            }
            if out.count >= maximumLength { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "experiment" : out
    }

    /// Folds common accented Latin letters to ASCII so that "Café" becomes "cafe".
    private static func ascii(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let s = String(scalar).applyingTransformIfAvailable
        return s.unicodeScalars.count == 1 ? s.unicodeScalars.first! : scalar
    }
}

import Foundation

private extension String {
    var applyingTransformIfAvailable: String {
        folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }
}
