import Foundation
import TestSupport
import Testing

/// The HTML timeline of `make demo`'s sample repository, rendered by a real browser.
@Suite struct BrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Chromium from `CHROMIUM`, or Debian's and others' usual names.
    static func chromium() -> String? {
        if let path = ProcessInfo.processInfo.environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) { return path }
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/snap/bin/chromium"]
            where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return nil
    }

    @Test func theDemoTimelineShowsEveryExperimentInABrowser() throws {
        guard let browser = Self.chromium() else {
            print("BrowserTests skipped: Chromium is not installed (apt-get install chromium, or set CHROMIUM=/path/to/chromium)")
            return
        }
        let ff = ffExecutable()
        let out = TempDir("ff-demo-browser"), profile = TempDir("ff-chromium-profile")
        let repo = out.path + "/sample"
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "FF": ff, "TMPDIR": out.path, "LANG": "C.UTF-8"]
        let demo = try run(Self.root + "/scripts/demo", [repo], environment: env)
        #expect(demo.status == 0, "\(demo.stderr)")
        let html = repo + "/timeline.html"
        #expect(demo.stdout.contains("The learning timeline of the sample is in \(html)"))
        #expect(FileManager.default.fileExists(atPath: html))

        let list = try run(ff, ["-C", repo, "list", "--json"], environment: env)
        let experiments = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(experiments.count >= 10)
        let first = experiments[0]["id"] as! String
        let dom = try run("/usr/bin/timeout", ["120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                              "--user-data-dir=" + profile.path, "--dump-dom", "file://\(html)#x-\(first)"],
                          environment: env.merging(["HOME": profile.path]) { $1 })
        #expect(dom.status == 0, "\(dom.stderr.suffix(500))")
        #expect(dom.stdout.contains("<h1>Learning timeline</h1>"))
        for e in experiments {
            let id = e["id"] as! String, title = e["title"] as! String
            // The DOM as serialised: text escapes &, < and >.
            let shown = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            #expect(dom.stdout.contains("id=\"x-\(id)\""), "\(id) missing")
            #expect(dom.stdout.contains(shown), "\(title) missing")
        }
        // The page's script ran: the experiment named in the address has its debrief open.
        let row = dom.stdout.range(of: "id=\"x-\(first)\"")!
        let rest = dom.stdout[row.upperBound...].prefix(400)
        #expect(rest.contains("<details open=\"\">"))
    }
}
