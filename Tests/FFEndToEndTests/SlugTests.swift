import CLIHarness
import FailForward
import Foundation
import TestSupport
import Testing

/// File names from titles in any script, through the built binary: the slug keeps the words,
/// the file is reachable by it (typed in either Unicode normal form), and git is content.
@Suite struct SlugTests {
    let ff = ffExecutable()

    @Test func titlesInEveryScriptNameTheirFileAndReachIt() throws {
        let h = try Harness()
        let git = h.git
        // ff dates a new experiment as git dates its commit (the harness sets GIT_AUTHOR_DATE).
        let month = Timestamp.month(h.now)
        let branch = try git("branch", "--show-current")
        let cases: [(title: String, slug: String)] = [
            ("週次デモをスポンサーに見せる", "週次デモをスポンサーに見せる"),
            ("Еженедельная демонстрация спонсорам", "еженедельная-демонстрация-спонсорам"),
            ("Café au lait: déjà vu", "café-au-lait-déjà-vu"),
            ("🚀🎉", "experiment"),
            ("Release notes inside the product instead of by email, region by region", "release-notes-inside-the-product-instead-of-by"),
        ]
        for c in cases {
            let r = try run(ff, ["new", c.title], in: h.dir.path, environment: h.env)
            #expect(r.status == 0, "\(c.title): \(r.stderr)")
            let id = h.lastID()
            let path = "experiments/\(month)/\(id)-\(c.slug).yaml"
            let head = try git("rev-parse", "--short=7", "HEAD")
            #expect(r.stdout.hasPrefix("Created \(id) \(c.title) (draft): \(path)  [\(branch) \(head)]\n"), "\(r.stdout)")
            #expect(try git("-c", "core.quotePath=false", "show", "--name-only", "--format=", "HEAD") == path)
            guard c.slug != "experiment" else { continue }
            // The slug is a reference, in NFC as written and in NFD as some systems type it.
            for ref in [c.slug, c.slug.decomposedStringWithCanonicalMapping] {
                let show = try run(ff, ["show", ref], in: h.dir.path, environment: h.env.merging(["NO_COLOR": "1"]) { $1 })
                #expect(show.status == 0, "\(ref): \(show.stderr)")
                #expect(show.stdout.hasPrefix("\(id)  \(c.title)\n"), "\(show.stdout)")
            }
        }
        #expect(try git("fsck", "--strict").isEmpty)
        #expect(try git("status", "--porcelain").isEmpty)
    }
}
