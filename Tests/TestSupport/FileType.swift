import Foundation

/// The type of what is at `path` (`S_IFREG`, `S_IFIFO`, …), without following a link.
public func fileType(_ path: String) -> mode_t? {
    var st = stat()
    return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : nil
}
