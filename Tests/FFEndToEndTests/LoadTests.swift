import Foundation
import TestSupport
import Testing

/// Many writers at once on one repository: every process succeeds or fails with a clear
/// message, nothing is lost, and git's checks stay clean.
@Suite struct LoadTests {
    let ff = ffExecutable()

    func spawn(_ args: [String], in dir: String, env: [String: String], count: Int) throws -> [(Int32, String)] {
        let tmp = TempDir("ff-load-out")
        let processes: [Process] = try (0..<count).map { i in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ff)
            p.arguments = args.map { $0.replacingOccurrences(of: "{i}", with: String(i)) }
            p.currentDirectoryURL = URL(fileURLWithPath: dir)
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            _ = FileManager.default.createFile(atPath: tmp.file("err\(i)"), contents: nil)
            p.standardError = FileHandle(forWritingAtPath: tmp.file("err\(i)"))
            try p.run()
            return p
        }
        return processes.enumerated().map { i, p in
            p.waitUntilExit()
            return (p.terminationStatus, (try? tmp.read("err\(i)")) ?? "")
        }
    }

    @Test func thirtyTwoParallelNewsAndNotesLoseNothing() throws {
        let dir = TempDir("ff-load"), home = TempDir("ff-load-home")
        let env = isolatedEnvironment(home: home.path)
        let git = Git(dir.path, environment: env)
        #expect(try run(ff, ["init"], in: dir.path, environment: env).status == 0)

        let news = try spawn(["new", "Parallel experiment {i}"], in: dir.path, env: env, count: 32)
        #expect(news.allSatisfy { $0.0 == 0 }, "\(news.filter { $0.0 != 0 })")
        let ids = try git("log", "--format=%(trailers:key=FF-Experiment,valueonly)").split(separator: "\n").map(String.init)
        #expect(ids.count == 32 && Set(ids).count == 32)
        #expect(try git("ls-files", "experiments").split(separator: "\n").filter { $0.hasSuffix(".yaml") }.count == 32)

        let target = ids[0]
        let path = try git("ls-files", "experiments/*\(target)*")
        let text = try dir.read(path)
        let ready = text.replacingOccurrences(of: "status: draft\n", with: """
            status: draft
            hypothesis: h
            reversible: true
            rollback: r
            stakeholders: [p]
            timebox: {days: 7}
            signals: {success: [s], failure: [f]}
            data: [{what: d, how: h}]

            """)
        try ready.write(toFile: dir.file(path), atomically: true, encoding: .utf8)
        #expect(try run(ff, ["start", target], in: dir.path, environment: env).status == 0)
        let before = try git("rev-list", "--count", "HEAD")
        let notes = try spawn(["note", target, "observation {i}"], in: dir.path, env: env, count: 32)
        #expect(notes.allSatisfy { $0.0 == 0 }, "\(notes.filter { $0.0 != 0 })")
        #expect(try git("rev-list", "--count", "HEAD") == String(Int(before)! + 32))
        let final = try dir.read(path)
        for i in 0..<32 { #expect(final.contains("    text: observation \(i)\n")) }
        #expect(try git("status", "--porcelain") == "")
        try git("fsck", "--strict")
    }
}
