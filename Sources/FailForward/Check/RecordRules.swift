/// A started experiment is a record: it is abandoned, never deleted, and its file never left
/// outside the experiments folder. The one rule of `ff check` (for a commit) and the
/// pre-receive check (for a push), each with its own words for what to do.
public enum RecordRules {
    /// Where the rule is applied: the commit being made, or a push a server receives.
    public enum Stage: Sendable {
        case commit
        /// `pushAgain`: what ends every push finding (how to push again).
        case push(pushAgain: String)
    }

    /// The finding for a file that is gone, when the experiment it held had started and is
    /// no longer anywhere in the tree (`remains`); nil otherwise.
    public static func deleted(_ old: Experiment, at path: String, remains: Bool, stage: Stage) -> Diagnostic? {
        guard old.isStarted, !remains else { return nil }
        let what = "deletes \(old.status.rawValue) experiment \(old.id): started experiments are never deleted"
        switch stage {
        case .commit:
            return Diagnostic(path: path, severity: .error,
                              message: what + (old.status == .running ? "; stop it with ff abandon \(old.id) --reason \"…\"" : ""))
        case .push:
            return Diagnostic(path: path, severity: .error, message: what + " (ff abandon stops a running one)")
        }
    }

    /// The finding for a started experiment whose file stays where the config no longer
    /// names the experiments folder.
    public static func leftOutside(_ e: Experiment, at path: String, folder: String, stage: Stage) -> Diagnostic {
        let what = "leaves \(e.status.rawValue) experiment \(e.id) outside the experiments folder (\(folder)) that \(FFConfig.path) now names: move its file there too (git mv), or keep the folder"
        switch stage {
        case .commit:
            return Diagnostic(path: path, severity: .error,
                              message: what + "; started experiments are never dropped" + (e.status == .running ? " (ff abandon \(e.id) --reason \"…\" stops one)" : ""))
        case let .push(pushAgain):
            return Diagnostic(path: path, severity: .error, message: what + pushAgain)
        }
    }
}
