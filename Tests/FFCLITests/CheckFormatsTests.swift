import CLIHarness
import Foundation
import TestSupport
import Testing

/// `ff check --format github|sarif|junit`: what CI systems read, checked by the readers CI
/// systems use — the official SARIF 2.1.0 schema (scripts/validate-sarif), Python's XML
/// parser for JUnit — and, for GitHub's workflow commands, the exact lines with the runner's
/// escaping.
@Suite struct CheckFormatsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A repository with an error (a locked signal edited by hand and committed past the
    /// hooks), a warning (a conclusion without a next test), a file in a folder whose name
    /// needs escaping, and a clean draft.
    func setUp() throws -> (Harness, locked: String, lonely: String, spaced: String, draft: String, clean: String) {
        let h = try Harness()
        let running = h.newReady("Weekly demo")
        h.ff("start", running)
        let locked = try h.path(of: running)
        try h.edit(locked, "2 of 3 sponsors ask for a follow-up", "1 of 3 sponsors asks")
        try h.git("commit", "-q", "--no-verify", "-am", "Fewer sponsors")
        let lonelyID = h.newReady("Concluded alone")
        h.ff("start", lonelyID)
        h.ff("conclude", lonelyID, "--outcome", "disproved", "--returned", "No replies.")
        let lonely = try h.path(of: lonelyID)
        // A copy of a draft in a folder whose name holds the runner's separators and an
        // escape: both files are an error (one id, two files) whose message names the other.
        let draftID = h.newReady("A draft")
        let draft = try h.path(of: draftID)
        let folder = "experiments/team a,b:%0A::error::x#1"
        let spaced = folder + "/" + (draft as NSString).lastPathComponent
        try FileManager.default.createDirectory(atPath: h.dir.file(folder), withIntermediateDirectories: true)
        try h.dir.write(spaced, try h.dir.read(draft))
        try h.git("add", spaced)
        try h.git("commit", "-q", "--no-verify", "-m", "Copy the draft")
        let clean = h.newReady("Clean draft")
        return (h, locked, lonely, spaced, draft, try h.path(of: clean))
    }

    @Test func githubPrintsOneEscapedWorkflowCommandPerFinding() throws {
        let (h, locked, lonely, spaced, draft, _) = try setUp()
        let r = h.ff("check", "--format", "github")
        #expect(r.code == 1)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 4, "\(r.out)")
        // Every line is one command: nothing of a file's name starts another.
        #expect(lines.allSatisfy { $0.hasPrefix("::error file=") || $0.hasPrefix("::warning file=") }, "\(r.out)")
        #expect(lines.contains { $0.hasPrefix("::error file=\(locked),line=16,col=1,title=ff check (locked)::signals of running experiment ") }, "\(r.out)")
        #expect(lines.contains { $0.hasPrefix("::warning file=\(lonely),line=") && $0.contains(",title=ff check (no-next-test)::concluded without a next test: publish one with ff new --follows ") }, "\(r.out)")
        // In properties `%`, `,` and `:` are escaped; in the message `%` (and CR, LF).
        let property = spaced.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ",", with: "%2C").replacingOccurrences(of: ":", with: "%3A")
        let data = spaced.replacingOccurrences(of: "%", with: "%25")
        #expect(lines.contains { $0.hasPrefix("::error file=\(property),line=2,col=1,title=ff check (record)::id ") && $0.hasSuffix(" is also the id of \(draft): give one of them a new id") }, "\(r.out)")
        #expect(lines.contains { $0.hasPrefix("::error file=\(draft),line=2,col=1,title=ff check (record)::id ") && $0.hasSuffix(" is also the id of \(data): give one of them a new id") }, "\(r.out)")
        #expect(r.err == "ff check: 3 errors, 1 warning in 5 files\n")
    }

    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let (h, locked, lonely, spaced, _, _) = try setUp()
        let r = h.ff("check", "--format", "sarif")
        #expect(r.code == 1)
        let out = TempDir("ff-sarif")
        try r.out.write(toFile: out.file("check.sarif"), atomically: true, encoding: .utf8)
        let valid = try run("/usr/bin/env", ["python3", Self.root + "/scripts/validate-sarif", out.file("check.sarif")],
                            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        if valid.status == 2 {
            print("CheckFormatsTests: the SARIF schema check skipped: \(valid.stderr)")
        } else {
            #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        }
        let log = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run0 = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect(run0["columnKind"] as? String == "unicodeCodePoints")
        let results = try #require(run0["results"] as? [[String: Any]])
        #expect(results.count == 4)
        func location(_ result: [String: Any]) -> (uri: String, line: Int)? {
            guard let p = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any],
                  let uri = (p["artifactLocation"] as? [String: Any])?["uri"] as? String,
                  let line = (p["region"] as? [String: Any])?["startLine"] as? Int else { return nil }
            return (uri, line)
        }
        let lockedResult = try #require(results.first { $0["ruleId"] as? String == "locked" })
        #expect(lockedResult["level"] as? String == "error")
        #expect(location(lockedResult)?.uri == locked && location(lockedResult)?.line == 16)
        #expect(results.contains { $0["ruleId"] as? String == "no-next-test" && $0["level"] as? String == "warning" && location($0)?.uri == lonely })
        let encoded = spaced.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: ",", with: "%2C")
            .replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: "#", with: "%23")
        #expect(results.contains { location($0)?.uri == encoded }, "\(r.out)")
        let rules = try #require(((run0["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(Set(rules.compactMap { $0["id"] as? String }) == ["locked", "no-next-test", "record"])
        // Every result's ruleIndex points at its rule.
        for result in results {
            let i = try #require(result["ruleIndex"] as? Int)
            #expect(rules[i]["id"] as? String == result["ruleId"] as? String)
        }
    }

    @Test func junitIsOneTestCasePerFileReadByAnXMLParser() throws {
        let (h, locked, lonely, spaced, draft, clean) = try setUp()
        let r = h.ff("check", "--format", "junit")
        #expect(r.code == 1)
        let out = TempDir("ff-junit")
        try r.out.write(toFile: out.file("check.xml"), atomically: true, encoding: .utf8)
        // Python's XML parser reads it; one line per test case: name, failures, output.
        let script = """
        import sys, xml.etree.ElementTree as E
        root = E.parse(sys.argv[1]).getroot()
        suite = root.find("testsuite")
        print(root.tag, root.get("tests"), root.get("failures"), suite.get("tests"), suite.get("failures"))
        for case in suite.findall("testcase"):
            print(case.get("name"), len(case.findall("failure")), "out" if case.find("system-out") is not None else "-")
        """
        let parsed = try run("/usr/bin/env", ["python3", "-c", script, out.file("check.xml")],
                             environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(parsed.stdout == """
        testsuites 5 3 5 3
        \([locked, lonely, spaced, draft, clean].sorted().map { p in
            "\(p) \([locked, spaced, draft].contains(p) ? 1 : 0) \(p == lonely ? "out" : "-")"
        }.joined(separator: "\n"))

        """, "\(r.out)")
        #expect(r.out.contains("1 of 3 sponsors asks") == false)
        #expect(r.out.contains("signals of running experiment"))
    }

    @Test func aCleanCheckIsEmptyButWellFormed() throws {
        let h = try Harness()
        _ = h.newReady("Clean")
        // Two formats at once is a usage error, as for every command (--json won silently).
        for format in ["sarif", "github", "text"] {
            let both = h.ff("check", "--json", "--format", format)
            #expect(both.code == 64 && both.out == "")
            #expect(both.err.hasPrefix("ff: --json and --format \(format) ask for different formats: give one of them\nUsage: ff check "), "\(both.err)")
        }
        let github = h.ff("check", "--format", "github")
        #expect(github.code == 0 && github.out == "" && github.err == "")
        let sarif = h.ff("check", "--format", "sarif")
        #expect(sarif.code == 0)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.out.utf8)) as? [String: Any])
        #expect(((log["runs"] as? [[String: Any]])?.first?["results"] as? [Any])?.isEmpty == true)
        let junit = h.ff("check", "--format", "junit")
        #expect(junit.code == 0 && junit.out.contains("tests=\"1\" failures=\"0\""), "\(junit.out)")
    }

    /// The workflow `ff init --forge github` writes is a valid GitHub Actions workflow (the
    /// schema check-jsonschema ships for them) that runs ff check with annotations.
    @Test func theGitHubWorkflowIsAValidWorkflow() throws {
        let h = try Harness()
        #expect(h.ff("init", "--forge", "github").code == 0)
        let path = h.dir.file(".github/workflows/ff-check.yml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("run: ff check --format github"))
        #expect(text.contains("fetch-depth: 0"))
        let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": h.home.path]
        guard (try? run("/usr/bin/env", ["check-jsonschema", "--version"], environment: env))?.status == 0 else {
            print("CheckFormatsTests: check-jsonschema is not installed (pip install check-jsonschema); the workflow's schema check skipped")
            return
        }
        let r = try run("/usr/bin/env", ["check-jsonschema", "--builtin-schema", "vendor.github-workflows", path], environment: env)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    /// A committed file name with a terminal escape, a tab or a newline: ff check's text never
    /// sends the escape to the terminal and keeps one finding per line; the github format keeps
    /// the tab (the annotation finds its file) and percent-encodes the rest; JUnit's attributes
    /// keep tab and newline as character references, which an XML parser reads back exactly.
    @Test func hostileFileNamesNeverReachTheTerminalAndKeepTheirTabs() throws {
        let h = try Harness()
        let escape = "experiments/x/a\u{1B}]0;pwned\u{07}\u{1B}[2J.yaml"
        let tabbed = "experiments/tab\there/b.yaml"
        let broken = "experiments/new\nline/c.yaml"
        for (path, id) in [(escape, "aaaa2222"), (tabbed, "bbbb3333"), (broken, "cccc4444")] {
            try FileManager.default.createDirectory(atPath: h.dir.file((path as NSString).deletingLastPathComponent), withIntermediateDirectories: true)
            try h.dir.write(path, "ff: 1\nid: \(id)\ntitle: [unclosed\n")
        }
        let text = h.ff("check")
        #expect(text.code == 1)
        #expect(!text.out.contains("\u{1B}") && !text.out.contains("\u{07}"), "\(text.out.debugDescription)")
        #expect(text.out.contains("experiments/x/a^[]0;pwned^G^[[2J.yaml:"), "\(text.out.debugDescription)")
        #expect(text.out.split(separator: "\n").count == 3, "\(text.out.debugDescription)")

        let github = h.ff("check", "--format", "github")
        let lines = github.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines.allSatisfy { $0.hasPrefix("::error file=") }, "\(github.out.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("::error file=experiments/tab\there/b.yaml,line=") }, "\(github.out.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("::error file=experiments/x/a%1B]0;pwned%07%1B[2J.yaml,line=") }, "\(github.out.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("::error file=experiments/new%0Aline/c.yaml,line=") }, "\(github.out.debugDescription)")

        let junit = h.ff("check", "--format", "junit")
        let out = TempDir("ff-junit-names")
        try junit.out.write(toFile: out.file("check.xml"), atomically: true, encoding: .utf8)
        let names = try run("/usr/bin/env", ["python3", "-c", """
            import sys, json, xml.etree.ElementTree as E
            print(json.dumps(sorted(c.get("file") for c in E.parse(sys.argv[1]).getroot().iter("testcase"))))
            """, out.file("check.xml")], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(names.status == 0, "\(names.stderr)")
        let files = try JSONSerialization.jsonObject(with: Data(names.stdout.utf8)) as? [String]
        #expect(files?.contains(tabbed) == true && files?.contains(broken) == true, "\(names.stdout)")
        #expect(!junit.out.contains("\u{1B}"))
    }
}
