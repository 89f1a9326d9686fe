import FFGit
import FailForward
import Foundation

/// A write-ahead note of a commit in progress, so that a command killed at any point (power
/// loss, SIGKILL) leaves nothing half-done once the next ff command runs: it either puts the
/// files back as they were (the commit did not land) or finishes the job (it did).
struct Journal {
    /// HEAD before the commit, or nil on an unborn branch.
    var head: ObjectID?
    /// Each path and its contents before the command (nil: the file did not exist).
    var files: [(path: String, original: [UInt8]?)]

    static let header = "ff-journal 1"

    var text: String {
        var lines = [Self.header, "head " + (head?.hex ?? "unborn")]
        for f in files {
            let escaped = f.path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n")
            lines.append("file \(escaped)\t" + (f.original.map { Data($0).base64EncodedString() } ?? "-"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    init(head: ObjectID?, files: [(path: String, original: [UInt8]?)]) {
        self.head = head
        self.files = files
    }

    init?(text: String) {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == Self.header, lines.count >= 2, lines[1].hasPrefix("head ") else { return nil }
        let h = String(lines[1].dropFirst(5))
        head = h == "unborn" ? nil : ObjectID(hex: h)
        if h != "unborn" && head == nil { return nil }
        files = []
        for line in lines.dropFirst(2) {
            guard line.hasPrefix("file "), let tab = line.lastIndex(of: "\t") else { return nil }
            var path = ""
            var escaping = false
            for c in line[line.index(line.startIndex, offsetBy: 5)..<tab] {
                if escaping {
                    path.append(c == "t" ? "\t" : c == "n" ? "\n" : c)
                    escaping = false
                } else if c == "\\" {
                    escaping = true
                } else {
                    path.append(c)
                }
            }
            let payload = line[line.index(after: tab)...]
            if payload == "-" {
                files.append((path, nil))
            } else {
                guard let data = Data(base64Encoded: String(payload)) else { return nil }
                files.append((path, [UInt8](data)))
            }
        }
    }
}

/// Fault points for tests: a debug build killed itself at the named point when `FF_FAULT`
/// says so, to prove that a kill anywhere leaves the old state or the new one. Release
/// builds contain no such code.
enum Fault {
    static func point(_ name: String) {
        #if DEBUG
        if ProcessInfo.processInfo.environment["FF_FAULT"] == name {
            kill(getpid(), SIGKILL)
        }
        #endif
    }
}

extension Workspace {
    var journalPath: String { repo.commonDir + "/ff/journal" }

    func writeJournal(_ journal: Journal) throws {
        let path = journalPath
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(journal.text.utf8)), rename(tmp, path) == 0 else {
            throw FFError.io("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    func clearJournal() {
        unlink(journalPath)
    }

    /// Run under the write lock before anything else: settles what an interrupted command left.
    func recoverInterruptedCommand() {
        guard let data = FileManager.default.contents(atPath: journalPath) else { return }
        defer { clearJournal() }
        guard let journal = Journal(text: String(decoding: data, as: UTF8.self)) else {
            ctx.console.err("ff: warning: ignored an unreadable \(journalPath)\n")
            return
        }
        let paths = journal.files.map(\.path)
        let head = try? repo.head().id
        if head == journal.head {
            // The commit did not land: put every file back.
            for f in journal.files {
                if let original = f.original { try? store.write(original, to: f.path) } else { store.remove(f.path) }
            }
            ctx.console.err("ff: recovered from an interrupted ff command: put back \(paths.joined(separator: ", "))\n")
            return
        }
        // HEAD moved: if it holds exactly what the working tree holds, the commit landed and
        // only the index may lag behind.
        let landed = head.map { h in
            journal.files.allSatisfy { f in
                let inHead = try? repo.fileContents(at: f.path, in: h)
                let inTree = try? store.read(f.path)
                return inHead == inTree
            }
        } ?? false
        if landed {
            _ = repo.refreshIndex(paths: paths)
            ctx.console.err("ff: finished an interrupted ff command (its commit had landed): refreshed the index for \(paths.joined(separator: ", "))\n")
        } else {
            ctx.console.err("ff: warning: an interrupted ff command left \(paths.joined(separator: ", ")) changed; check them with git status and git diff\n")
        }
    }
}
