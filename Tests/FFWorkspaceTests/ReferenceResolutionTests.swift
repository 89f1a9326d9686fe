import FFWorkspace
import FailForward
import Foundation
import TestSupport
import Testing

/// `ExperimentStore.resolve`: an id, a prefix, a slug or a path names one file, and every
/// other reference fails with the error that says why.
@Suite struct ReferenceResolutionTests {
    let id = "p7c3v8m2"

    @Test func anIdAPrefixASlugAndAPathNameTheFile() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Pricing page copy")
        let ws = try f.open()
        #expect(try f.git("ls-files", "experiments/*.yaml") == path)
        for ref in [id, String(id.prefix(4)), "pricing-page-copy", "Pricing-Page-Copy", path, "./" + path, " \(id) "] {
            #expect(try ws.store.resolve(ref, cwd: ws.root) == path, "\(ref)")
        }
        let folder = ws.root + "/experiments/2026-11"
        #expect(try ws.store.resolve((path as NSString).lastPathComponent, cwd: folder) == path)
        #expect(try ws.store.resolve(ws.root + "/" + path, cwd: "/") == path)
    }

    @Test func otherReferencesFailWithTheReason() throws {
        let f = try Fixture()
        let path = try f.addReady(id, "Pricing page copy")
        let ws = try f.open()
        func failure(_ ref: String) -> WorkspaceError? {
            do {
                _ = try ws.store.resolve(ref, cwd: ws.root)
                return nil
            } catch {
                return error as? WorkspaceError
            }
        }
        #expect(failure(String(id.prefix(3))) == .refTooShort(String(id.prefix(3))))
        #expect(failure("nothing-like-it") == .unknownRef("nothing-like-it", suggestions: []))
        #expect(failure("pricing") == .unknownRef("pricing", suggestions: [id]))
        #expect(failure("/etc/passwd") == .notAnExperimentPath("/etc/passwd"))
        #expect(failure("experiments/2026-11/none.yaml") == .notAnExperimentPath("experiments/2026-11/none.yaml"))

        // Two files whose ids share a prefix: both named, by path order.
        let twin = String(id.prefix(4)) + "0000"
        try f.addReady(twin, "Twin")
        let files = try f.git("ls-files", "experiments/*.yaml").split(separator: "\n").map(String.init)
        #expect(files.count == 2 && files.contains(path))
        let candidates = files.sorted().map { "\(($0 as NSString).lastPathComponent.prefix(8)) (\($0))" }
        #expect(failure(String(id.prefix(4))) == .ambiguousRef(String(id.prefix(4)), candidates: candidates))
        #expect(try ws.store.resolve(id, cwd: ws.root) == path)
    }

    @Test func aFileNamedByHandIsFoundByItsIdAndTitleAndALinkIsRefused() throws {
        let f = try Fixture()
        try f.dir.write("experiments/team-a/old/idea.yaml", "ff: 1\nid: 7x7x7x7x\ntitle: Moved by hand\nstatus: draft\n")
        try f.dir.write("outside.yaml", "ff: 1\nid: 5y5y5y5y\ntitle: Outside\nstatus: draft\n")
        try FileManager.default.createSymbolicLink(atPath: f.dir.file("experiments/link.yaml"), withDestinationPath: "../outside.yaml")
        let ws = try f.open()
        #expect(try ws.store.resolve("7x7x", cwd: ws.root) == "experiments/team-a/old/idea.yaml")
        #expect(try ws.store.resolve("moved-by-hand", cwd: ws.root) == "experiments/team-a/old/idea.yaml")
        #expect(throws: WorkspaceError.unsafePath("experiments/link.yaml")) { try ws.store.resolve("experiments/link.yaml", cwd: ws.root) }
        #expect(throws: WorkspaceError.unknownRef("5y5y", suggestions: [])) { try ws.store.resolve("5y5y", cwd: ws.root) }
    }
}
