
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

/// File-name slugs: the title's words — letters of every script and decimal digits, in Unicode
/// NFC, lowercased — joined by single dashes, cut between words. Nothing else survives, so a
/// slug never holds a path separator, a dot or a space, and after the id it can never name a
/// reserved file. A title with no letter or digit (emoji only) gets `experiment`.
public enum Slug {
    /// At most this many characters (grapheme clusters)...
    public static let maximumLength = 48
    /// ...and this many bytes of UTF-8, so that `<id>-<slug>.yaml` stays far below the 255
    /// bytes a file name may have, whatever the script.
    public static let maximumBytes = 160

    public static func make(from title: String) -> String {
        var words: [String] = []
        var word = ""
        for c in title.nfc.lowercased().nfc {
            if isKept(c) {
                // Without the invisible joiners and formatting a character may carry along.
                word.unicodeScalars.append(contentsOf: c.unicodeScalars.filter { $0.properties.generalCategory != .format })
            } else if c == "'" || c == "’" || c == "ʼ", !word.isEmpty {
                // An apostrophe is inside a word ("engineer's" → "engineers"), not between two.
                continue
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        var out = ""
        for w in words {
            let joined = out.isEmpty ? w : out + "-" + w
            if fits(joined) {
                out = joined
                continue
            }
            // Cut between words; only a first word too long for a slug is cut inside (between
            // characters, where a line of Chinese or Japanese text may break anyway).
            if out.isEmpty {
                for c in w {
                    guard fits(out + String(c)) else { break }
                    out.append(c)
                }
            }
            break
        }
        return out.isEmpty ? "experiment" : out
    }

    private static func fits(_ s: String) -> Bool {
        s.count <= maximumLength && s.utf8.count <= maximumBytes
    }

    /// A letter of any script (with the marks that belong to it) or a decimal digit.
    private static func isKept(_ c: Character) -> Bool {
        guard let first = c.unicodeScalars.first else { return false }
        let p = first.properties
        return p.isAlphabetic || p.generalCategory == .decimalNumber
    }
}
