import CLIHarness
import FailForward
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

    /// What the page looks like at a width, read by a script run in the page after it is laid
    /// out (appended to a copy of it), and a screenshot. Screenshots go to `FF_SCREENSHOTS`
    /// when set (to look at), else to a folder removed after the test.
    struct Layout {
        var facts: [String: Any]
        var viewport: Double { facts["clientWidth"] as? Double ?? 0 }
        /// The page's width, and the same with every row opened.
        var scrollWidth: Double { max(facts["scrollWidth"] as? Double ?? .infinity, facts["scrollWidthOpen"] as? Double ?? .infinity) }
        var labels: [[String: Any]] { facts["labels"] as? [[String: Any]] ?? [] }
        var rows: [[String: Any]] { facts["rows"] as? [[String: Any]] ?? [] }
        var today: [String: Any]? { facts["today"] as? [String: Any] }
    }

    static let probe = """
    <script>(function(){
      function box(e){var r=e.getBoundingClientRect();return {left:r.left,right:r.right,width:r.width,top:r.top,bottom:r.bottom};}
      var d=document.documentElement,axis=document.querySelector('.axis'),today=document.querySelector('.today');
      var f={clientWidth:d.clientWidth,innerWidth:innerWidth,scrollWidth:d.scrollWidth,empty:!!document.querySelector('.empty'),
        axis:axis?box(axis):null,today:today?box(today):null,
        labels:[].filter.call(document.querySelectorAll('.axis span'),function(e){return getComputedStyle(e).display!=='none';})
          .map(function(e){var b=box(e);b.text=e.textContent;return b;}),
        rows:[].map.call(document.querySelectorAll('li.row'),function(li){
          var bar=li.querySelector('.bar'),plan=li.querySelector('.plan'),late=li.querySelector('.late'),s=li.querySelector('summary');
          return {id:li.id,classes:li.className,bar:bar?getComputedStyle(bar).backgroundColor:null,barBox:bar?box(bar):null,
            plan:plan?box(plan):null,late:late?box(late):null,track:box(li.querySelector('.track')),due:li.querySelectorAll('.due').length,
            marker:getComputedStyle(li.querySelector('.label'),'::before').content,cursor:getComputedStyle(s).cursor,
            hint:s.getAttribute('title')};})};
      // With every debrief open too, nothing may scroll sideways.
      document.querySelectorAll('details').forEach(function(d){d.open=true;});
      f.scrollWidthOpen=d.scrollWidth;
      var pre=document.createElement('pre');pre.id='ff-facts';pre.textContent=JSON.stringify(f);document.body.appendChild(pre);
    })();</script>
    """

    /// `open`: the experiment whose debrief is open in the screenshot.
    static func layout(of html: String, width: Int, browser: String, screenshots: String, name: String, open: String? = nil) throws -> Layout {
        let work = TempDir("ff-browser"), profile = TempDir("ff-chromium-profile")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        let probed = work.file("probed.html")
        try page.replacingOccurrences(of: "</body>", with: probe + "</body>").write(toFile: probed, atomically: false, encoding: .utf8)
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": profile.path, "LANG": "C.UTF-8"]
        let common = ["120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                      "--user-data-dir=" + profile.path, "--window-size=\(width),1000"]
        let dom = try run("/usr/bin/timeout", common + ["--dump-dom", "file://" + probed], environment: env)
        #expect(dom.status == 0, "\(dom.stderr.suffix(500))")
        let shot = try run("/usr/bin/timeout", common + ["--screenshot=\(screenshots)/\(name)-\(width).png", "file://" + html + (open.map { "#x-" + $0 } ?? "")],
                           environment: env)
        #expect(shot.status == 0, "\(shot.stderr.suffix(500))")
        guard let start = dom.stdout.range(of: "<pre id=\"ff-facts\">"),
              let end = dom.stdout[start.upperBound...].range(of: "</pre>") else {
            Issue.record("the probe did not run at \(width) px")
            return Layout(facts: [:])
        }
        let json = dom.stdout[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return Layout(facts: (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]) ?? [:])
    }

    static func screenshotFolder() -> (String, TempDir?) {
        if let dir = ProcessInfo.processInfo.environment["FF_SCREENSHOTS"], !dir.isEmpty {
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return (dir, nil)
        }
        let t = TempDir("ff-screenshots")
        return (t.path, t)
    }

    /// The demo's page at 800, 1400 and 1920 px: no sideways scroll, every month label whole
    /// inside the page and none on another, overdue rows apart from running ones, a marker for
    /// today and for each due date, and rows that show they open.
    @Test func theTimelineFitsEveryWidth() throws {
        guard let browser = Self.chromium() else {
            print("BrowserTests skipped: Chromium is not installed (apt-get install chromium, or set CHROMIUM=/path/to/chromium)")
            return
        }
        let ff = ffExecutable()
        let out = TempDir("ff-demo-widths")
        let repo = out.path + "/sample"
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "FF": ff, "TMPDIR": out.path, "LANG": "C.UTF-8"]
        let demo = try run(Self.root + "/scripts/demo", [repo], environment: env)
        #expect(demo.status == 0, "\(demo.stderr)")
        let list = try run(ff, ["-C", repo, "list", "--overdue", "--json"], environment: env)
        let overdue = ((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        #expect(!overdue.isEmpty, "the demo has an overdue experiment")
        let (shots, keep) = Self.screenshotFolder()
        for width in [800, 1400, 1920] {
            let l = try Self.layout(of: repo + "/timeline.html", width: width, browser: browser, screenshots: shots, name: "demo", open: overdue.first)
            #expect(l.viewport == Double(width))
            #expect(l.scrollWidth <= l.viewport, "\(width) px: the page scrolls sideways (\(l.scrollWidth) px wide)")
            // Month labels: at least a few, each whole inside the page and the axis, none overlapping.
            #expect(l.labels.count >= 3, "\(width) px: \(l.labels.count) labels")
            let axis = l.facts["axis"] as? [String: Double] ?? [:]
            var previous = -Double.infinity
            for label in l.labels {
                let left = label["left"] as? Double ?? -1, right = label["right"] as? Double ?? .infinity, text = label["text"] as? String ?? ""
                #expect(left >= 0 && right <= l.viewport, "\(width) px: label \(text) at \(left)–\(right)")
                #expect(left >= (axis["left"] ?? 0) - 0.5 && right <= (axis["right"] ?? 0) + 0.5, "\(width) px: label \(text) outside the axis")
                #expect(left >= previous, "\(width) px: label \(text) overlaps the one before")
                previous = right
            }
            // Today: a marker inside the chart's track area.
            let today = l.today ?? [:]
            let x = today["left"] as? Double ?? -1
            #expect(x >= (axis["left"] ?? 0) && x <= (axis["right"] ?? 0) && x < l.viewport, "\(width) px: today at \(x)")
            // Overdue rows are told apart from running ones, by class and by colour.
            let rows = l.rows
            let late = rows.filter { ($0["classes"] as? String ?? "").split(separator: " ").contains("overdue") }
            #expect(Set(late.compactMap { ($0["id"] as? String)?.dropFirst(2) }.map(String.init)) == Set(overdue))
            let running = rows.filter { ($0["classes"] as? String ?? "").split(separator: " ") == ["row", "running"] }
            #expect(!running.isEmpty)
            for r in late {
                #expect(r["late"] != nil, "an overdue row shows the days past its timebox")
                #expect(r["bar"] as? String != running.first?["bar"] as? String, "overdue and running bars share a colour")
            }
            // Every started experiment with a timebox marks its due date; running ones their plan.
            for r in running {
                #expect((r["due"] as? Int ?? 0) == 1)
                #expect(r["plan"] != nil)
            }
            // Each row shows that it opens.
            for r in rows {
                #expect(r["marker"] as? String == "\"▸\"", "\(r["id"] ?? "")")
                #expect(r["cursor"] as? String == "pointer")
                #expect(r["hint"] as? String == "Open the debrief and history")
            }
        }
        _ = keep
    }

    /// A new repository: one experiment just started shows its whole timebox, not a sliver; an
    /// empty one says what to do instead of drawing an empty axis.
    @Test func aNewRepositoryShowsPlansNotSlivers() throws {
        guard let browser = Self.chromium() else { return }
        let h = try Harness()
        h.at(Timestamp.format(Timestamp.wholeSeconds(Date())))
        let (shots, keep) = Self.screenshotFolder()
        let ff = ffExecutable()
        let empty = try run(ff, ["timeline", "--format", "html", "-o", "empty.html"], in: h.dir.path, environment: h.env)
        #expect(empty.status == 0, "\(empty.stderr)")
        let e = try Self.layout(of: h.dir.file("empty.html"), width: 800, browser: browser, screenshots: shots, name: "empty")
        #expect(e.facts["empty"] as? Bool == true)
        #expect(e.facts["axis"] is NSNull)
        #expect(e.scrollWidth <= e.viewport)

        let id = h.newReady("Our first experiment")
        #expect(h.ff("start", id).code == 0)
        h.ff("new", "A draft for later")
        let page = try run(ff, ["timeline", "--format", "html", "-o", "new.html"], in: h.dir.path, environment: h.env)
        #expect(page.status == 0, "\(page.stderr)")
        for width in [800, 1400, 1920] {
            let l = try Self.layout(of: h.dir.file("new.html"), width: width, browser: browser, screenshots: shots, name: "new")
            #expect(l.scrollWidth <= l.viewport)
            let row = l.rows.first { $0["id"] as? String == "x-\(id)" } ?? [:]
            let track = (row["track"] as? [String: Double])?["width"] ?? 1
            let bar = (row["barBox"] as? [String: Double])?["width"] ?? 0, plan = (row["plan"] as? [String: Double])?["width"] ?? 0
            // Fourteen days of an axis of at most two months: a quarter of the track or more.
            #expect((bar + plan) / track > 0.2, "\(width) px: \(bar) + \(plan) of \(track)")
            #expect(l.today != nil)
            #expect(l.labels.count >= 1)
        }
        _ = keep
    }

    /// Four years of history on 800 px: the labels thin out to what fits (quarters, years),
    /// each still whole and apart from the next; at 1920 px there are more of them.
    @Test func aLongHistoryThinsItsLabelsToWhatFits() throws {
        guard let browser = Self.chromium() else { return }
        let h = try Harness()
        for (start, end) in [("2022-11-10T10:00:00Z", "2022-11-20T10:00:00Z"), ("2024-06-03T10:00:00Z", "2024-06-20T10:00:00Z")] {
            h.at(start)
            let id = h.newReady()
            h.ff("start", id)
            h.at(end)
            #expect(h.ff("conclude", id, "--outcome", "validated", "--returned", "Yes.", "--met", "s1", "--not-met", "f1").code == 0)
        }
        h.at(Timestamp.format(Timestamp.wholeSeconds(Date())))
        #expect(h.ff("start", h.newReady("Running now")).code == 0)
        let page = try run(ffExecutable(), ["timeline", "--format", "html", "-o", "long.html"], in: h.dir.path, environment: h.env)
        #expect(page.status == 0, "\(page.stderr)")
        let (shots, keep) = Self.screenshotFolder()
        var counts: [Int] = []
        for width in [800, 1920] {
            let l = try Self.layout(of: h.dir.file("long.html"), width: width, browser: browser, screenshots: shots, name: "long")
            #expect(l.scrollWidth <= l.viewport)
            var previous = -Double.infinity
            for label in l.labels {
                let left = label["left"] as? Double ?? -1, right = label["right"] as? Double ?? .infinity
                #expect(left >= previous + 4 && right <= l.viewport, "\(width) px: \(label)")
                previous = right
            }
            #expect(l.labels.count >= 3)
            counts.append(l.labels.count)
        }
        #expect(counts[1] > counts[0])
        _ = keep
    }
}
