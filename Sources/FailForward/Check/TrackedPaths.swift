/// The paths git tracks, listed once per `ff check`, against which `touches:` globs are tried.
public struct TrackedPaths: Sendable {
    /// Sorted, so that a plain path is found by bisection.
    private let paths: [String]

    public init(_ paths: [String]) { self.paths = paths.sorted() }

    /// Whether any tracked path matches `glob`.
    public func matchesAny(_ glob: PathGlob) -> Bool {
        guard glob.isValid else { return false }
        if let plain = glob.plainPath {
            if plain.isEmpty { return !paths.isEmpty }
            // The first path not ordered before `plain` is `plain` itself or what starts with it.
            var lo = 0, hi = paths.count
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                if paths[mid] < plain { lo = mid + 1 } else { hi = mid }
            }
            while lo < paths.count && paths[lo].hasPrefix(plain) {
                if glob.matches(paths[lo]) { return true }
                lo += 1
            }
            return false
        }
        return paths.contains { glob.matches($0) }
    }
}
