import FFGit
import FailForward

/// `ff why`: the experiments whose `touches:` match some paths, answered from the list's
/// summary cache (and, for `--history`, the timeline's facts): no experiment file is read.
public enum TouchingExperiments {
    /// The experiments for `paths` (relative to the folder the command runs in), newest
    /// first, and the files that could not be read. With `history`, also those that were
    /// running (from their start to their conclusion or abandon, as the timeline has them)
    /// when a commit changed one of the paths.
    public static func find(_ ws: Workspace, paths: [String], history: Bool = false) throws -> (matches: [WhyMatch], problems: [FileError]) {
        let asked = try paths.map { try ws.repositoryPath($0) }
        let (all, problems) = SummaryCache.load(ws)
        var matches: [WhyMatch] = []
        for (path, summary) in all where !summary.touches.isEmpty {
            let touched = WhyMatch.touched(summary.touches, by: asked)
            if !touched.isEmpty { matches.append(WhyMatch(path: path, summary: summary, touched: touched)) }
        }
        if history { try addHistory(ws, asked: asked, to: &matches) }
        return (matches.sorted(by: WhyMatch.newestFirst), problems)
    }

    private static func addHistory(_ ws: Workspace, asked: [String], to matches: inout [WhyMatch]) throws {
        let times = try ws.repo.changeTimes(of: asked)
        guard times.contains(where: { !$0.isEmpty }) else { return }
        let timeline = try TimelineHistory.load(ws, facts: true)
        let now = ws.env.now()
        var at: [String: Int] = [:]
        for (n, m) in matches.enumerated() { at[m.id] = n }
        for f in timeline.experiments {
            guard let started = f.started else { continue }
            let from = Int64(started.timeIntervalSince1970), to = Int64((f.endedAt ?? now).timeIntervalSince1970)
            let changed = asked.indices.filter { k in times[k].contains { from <= $0 && $0 <= to } }.map { asked[$0] }
            guard !changed.isEmpty else { continue }
            if let n = at[f.id] {
                matches[n].changed = changed
            } else {
                at[f.id] = matches.count
                matches.append(WhyMatch(facts: f, changed: changed))
            }
        }
    }
}

extension Workspace {
    /// A path from the command line (relative to the folder the command runs in, as git
    /// takes it) as a path from the repository's top; `""` for the top itself.
    public func repositoryPath(_ path: String) throws -> String {
        let abs = path.hasPrefix("/") ? path : Paths.join(env.directory, path)
        let standard = Paths.standardize(abs), top = Paths.standardize(root)
        if standard == top { return "" }
        guard standard.hasPrefix(top + "/") else { throw WorkspaceError.usage("\(SafeText.line(path)) is outside the repository") }
        return String(standard.dropFirst(top.count + 1))
    }
}
