import CLIHarness
import FFCLI
import Foundation
import TestSupport
import Testing

/// `ff init --forge github|gitlab --pages`: a valid workflow (check-jsonschema's schemas for
/// GitHub workflows and GitLab CI) whose site-building step, run here with the built ff,
/// writes the site.
@Suite struct PagesWorkflowTests {
    /// The shell text of a step or job, read from the YAML by PyYAML (nil without it).
    static func runText(_ file: String, _ query: String) throws -> String? {
        let script = "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); " + query
        let r = try run("/usr/bin/env", ["python3", "-c", script, file], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        return r.status == 0 ? r.stdout : nil
    }

    static var hasCheckJSONSchema: Bool {
        (try? run("/usr/bin/env", ["check-jsonschema", "--version"], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]))?.status == 0
    }

    func builds(_ h: Harness, command: String) throws {
        var env = h.env
        env["PATH"] = (ffExecutable() as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let r = try run("/bin/sh", ["-ec", command], in: h.dir.path, environment: env, timeout: 300)
        #expect(r.status == 0, "\(command): \(r.stderr)")
    }

    @Test func gitHubPagesWorkflow() throws {
        let h = try Harness(initialise: false)
        let plain = h.ff("init", "--forge", "github")
        #expect(plain.code == 0)
        #expect(plain.err.contains("ff init --forge github --pages") || plain.out.contains("ff init --forge github --pages"), "\(plain.out)\(plain.err)")
        #expect(!FileManager.default.fileExists(atPath: h.dir.file(".github/workflows/ff-site.yml")))
        _ = h.newReady()
        let r = h.ff("init", "--forge", "github", "--pages")
        #expect(r.code == 0, "\(r.err)")
        let path = h.dir.file(".github/workflows/ff-site.yml")
        #expect(try h.git("ls-files", ".github/workflows/ff-site.yml") == ".github/workflows/ff-site.yml")
        if Self.hasCheckJSONSchema {
            let v = try run("/usr/bin/env", ["check-jsonschema", "--builtin-schema", "vendor.github-workflows", path], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": h.home.path])
            #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        } else {
            print("PagesWorkflowTests: check-jsonschema is not installed (pip install check-jsonschema); the schema check skipped")
        }
        guard let step = try Self.runText(path, "print(next(s['run'] for s in d['jobs']['build']['steps'] if s.get('name') == 'Build the site'))") else {
            print("PagesWorkflowTests: PyYAML is not installed (pip install pyyaml); the build step was not run")
            return
        }
        #expect(step.contains("ff site -o _site"))
        try builds(h, command: step)
        #expect(FileManager.default.fileExists(atPath: h.dir.file("_site/index.html")))
        let uploads = try Self.runText(path, "print(next(s['with']['path'] for s in d['jobs']['build']['steps'] if 'upload-pages-artifact' in s.get('uses', '')))")
        #expect(uploads?.trimmingCharacters(in: .whitespacesAndNewlines) == "_site")
    }

    @Test func gitLabPagesJob() throws {
        let h = try Harness(initialise: false)
        let r = h.ff("init", "--forge", "gitlab", "--pages")
        #expect(r.code == 0, "\(r.err)")
        _ = h.newReady()
        let job = h.dir.file(".gitlab/ff-pages.yml")
        #expect(try h.dir.read(".gitlab-ci.yml").contains("local: .gitlab/ff-pages.yml"))
        if Self.hasCheckJSONSchema {
            for file in [job, h.dir.file(".gitlab-ci.yml")] {
                let v = try run("/usr/bin/env", ["check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", file], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": h.home.path])
                #expect(v.status == 0, "\(file): \(v.stdout)\(v.stderr)")
            }
        }
        guard let script = try Self.runText(job, "print('\\n'.join(d['pages']['script'])); assert d['pages']['artifacts']['paths'] == ['public']") else {
            print("PagesWorkflowTests: PyYAML is not installed (pip install pyyaml); the job was not run")
            return
        }
        try builds(h, command: script)
        #expect(FileManager.default.fileExists(atPath: h.dir.file("public/index.html")))
    }

    @Test func pagesNeedsAForgeWithPages() throws {
        let h = try Harness(initialise: false)
        let r = h.ff("init", "--forge", "gitea", "--pages")
        #expect(r.code == 64)
        #expect(r.err.hasPrefix("ff: --pages needs --forge github or --forge gitlab"), "\(r.err)")
    }
}
