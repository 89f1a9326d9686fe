/// The version `ff --version` prints: the release number, and — in a binary built by `make`
/// from a git checkout — the commit it was built from (`0.1.0 (3aa1e50, 2026-11-29)`, with
/// `-dirty` when the tree had uncommitted changes). `scripts/build-info` writes that into
/// BuildInfo.swift (not in git) and `make` compiles it in with `-DFF_BUILD_INFO`; a plain
/// `swift build` prints the number alone.
public enum FFVersion {
    // Kept on a line of its own as it is: the Makefile and scripts/ read the number from it.
    static let number = "0.1.0"
    /// The release number alone (`0.1.0`).
    public static var release: String { number }

    #if FF_BUILD_INFO
    public static let current = ffBuildInfo.isEmpty ? number : "\(number) (\(ffBuildInfo))"
    #else
    public static let current = number
    #endif
}
