import FFGit
import FailForward

/// What `ff init` sets up for review and collaboration: the merge driver for experiment files
/// (a committed `.gitattributes` entry, and the driver in this clone's config, which git never
/// clones) and a forge's debrief template.
public enum ReviewSetup {
    public static let driverName = "ff experiment files, merged field by field"
    /// `ff` is looked up on PATH when git runs the driver, so the entry survives upgrades and
    /// moves of the binary.
    public static let driverCommand = "ff merge-driver %O %A %B %P"

    /// The `.gitattributes` pattern for every file under the experiments folder.
    public static func attributesPattern(_ folder: String) -> String {
        let pattern = folder + "/**"
        // Git reads C-style quoted patterns; only spaces and quotes need them here.
        guard pattern.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" || $0 == "\t" }) else { return pattern }
        return "\"" + pattern.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
            .replacingAll("\t", with: "\\t") + "\""
    }

    /// The files to commit: `.gitattributes` with the merge entry, and the forge's template.
    /// Files that already say what they should are left alone; a template the team changed
    /// is kept, with a note.
    public static func writes(store: ExperimentStore, forge: Forge?, pages: Bool = false, delegate: WorkspaceDelegate) throws -> [Workspace.Write] {
        var out: [Workspace.Write] = []
        let pattern = attributesPattern(store.folder)
        let line = "\(pattern) merge=ff"
        let existing = try? store.read(".gitattributes")
        let text = existing.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let present = text.split(whereSeparator: \.isNewline).contains { l in
            let words = l.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return words.first.map(String.init) == pattern && words.dropFirst().contains("merge=ff")
        }
        if !present {
            var new = text
            if !new.isEmpty && !new.hasSuffix("\n") { new += "\n" }
            new += "# Experiment files merge field by field: observations from both sides are kept (ff merge-driver).\n" + line + "\n"
            out.append(.init(path: ".gitattributes", bytes: Array(new.utf8), original: existing))
        }
        if let forge {
            var files = [(path: forge.templatePath, text: forge.template, what: "ff's debrief template")]
            if let workflow = forge.checkWorkflow { files.append((workflow.path, workflow.text, "ff's check workflow")) }
            if let site = forge.siteWorkflow {
                if pages {
                    files.append((site.path, site.text, "ff's site workflow"))
                    if let include = site.include {
                        // GitLab reads one .gitlab-ci.yml: a new one includes the job; an existing
                        // one is the team's, to include it in.
                        if let ci = try? store.read(".gitlab-ci.yml") {
                            if !String(decoding: ci, as: UTF8.self).contains(site.path) {
                                delegate.note("to publish the site, add to .gitlab-ci.yml: include: [{local: \(site.path)}]")
                            }
                        } else {
                            out.append(.init(path: ".gitlab-ci.yml", bytes: Array(("# CI of this repository; ff's learning site job is in \(site.path).\n" + include).utf8), original: nil))
                        }
                    }
                } else if (try? store.read(site.path)) == nil {
                    delegate.note("to publish the learning site on \(forge.rawValue == "github" ? "GitHub" : "GitLab") Pages too: ff init --forge \(forge.rawValue) --pages")
                }
            }
            for (path, text, what) in files {
                if let current = try? store.read(path) {
                    if current != Array(text.utf8) {
                        delegate.note("\(path) exists and differs from \(what); it was left as it is")
                    }
                } else {
                    out.append(.init(path: path, bytes: Array(text.utf8), original: nil))
                }
            }
        }
        return out
    }

    /// Registers the merge driver in the repository's config unless it is already there.
    /// Returns whether anything changed.
    static func registerMergeDriver(in repo: Repository) throws -> Bool {
        let config = try repo.config()
        var changed = false
        for (key, value) in [("merge.ff.name", driverName), ("merge.ff.driver", driverCommand)] where config.string(key) != value {
            try repo.setConfig(key, value)
            changed = true
        }
        return changed
    }
}
