import ArgumentParser
import FFGit
import FailForward

extension FFCommand {
    struct MergeDriver: FFRunnable {
        static let configuration = CommandConfiguration(
            commandName: "merge-driver",
            abstract: "Git's merge driver for experiment files (registered by ff init; git runs it).",
            discussion: """
            Merges the three versions field by field: observations, deviations and review notes \
            from both sides are kept, a state that advanced on one side takes the advanced one, \
            and a real conflict (two conclusions, two edits of the same text) gets git's conflict \
            markers around that field only. Writes the result over <ours>; exits 0 when clean, 1 \
            with conflicts. Files that are not experiments are merged as text.
            """,
            shouldDisplay: false
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The common ancestor's version (git's %O).") var base: String
        @Argument(help: "Our version, replaced by the result (git's %A).") var ours: String
        @Argument(help: "Their version (git's %B).") var theirs: String
        @Argument(help: "The file's path in the repository (git's %P).") var path: String?

        func run(in ctx: Context) throws {
            func abs(_ p: String) -> String { p.hasPrefix("/") ? p : ctx.directory + "/" + p }
            func read(_ p: String) throws -> [UInt8] {
                guard let data = FileManager.default.contents(atPath: abs(p)) else { throw FFError.io("merge-driver: cannot read \(p)") }
                return Array(data)
            }
            let name = path ?? ours
            let (b, o, t) = (try read(base), try read(ours), try read(theirs))
            let style = Self.conflictStyle(ctx)
            let outcome = try ExperimentMergeDriver.merge(path: name, base: b, ours: o, theirs: t, style: style)
            guard FileManager.default.createFile(atPath: abs(ours), contents: Data(outcome.bytes)) else {
                throw FFError.io("merge-driver: cannot write \(ours)")
            }
            if !outcome.conflicts.isEmpty {
                ctx.console.err("ff merge-driver: \(SafeText.line(name)): conflicting \(outcome.conflicts.joined(separator: ", ")); resolve the markers, then git add it\n")
                throw ExitCode(1)
            }
        }

        /// `merge.conflictStyle` of the repository git runs us in, as git would use it.
        static func conflictStyle(_ ctx: Context) -> TextMerge.Style {
            guard let repo = try? Workspace.findRepository(ctx), let value = try? repo.config().string("merge.conflictstyle") else {
                return .merge
            }
            return value == "diff3" ? .diff3 : value == "zdiff3" ? .zdiff3 : .merge
        }
    }
}

/// The merge driver's work: parse the three versions, merge them field by field, and write
/// the result into ours' text (keeping its comments and layout), with markers only around
/// fields that truly conflict.
enum ExperimentMergeDriver {
    struct Outcome {
        var bytes: [UInt8]
        /// Empty when the merge is clean.
        var conflicts: [String]
    }

    static func merge(path: String, base: [UInt8], ours: [UInt8], theirs: [UInt8], style: TextMerge.Style) throws -> Outcome {
        func textMerge(_ b: [UInt8], _ o: [UInt8], _ t: [UInt8]) throws -> TextMerge.Result {
            try TextMerge.merge(base: b, ours: o, theirs: t, style: style)
        }
        // Not an experiment (or one ff cannot rewrite): git's own text merge.
        func plain() throws -> Outcome {
            let r = try textMerge(base, ours, theirs)
            return Outcome(bytes: r.bytes, conflicts: r.clean ? [] : ["text"])
        }
        guard var od = try? ExperimentDocument(path: path, bytes: ours),
              let td = try? ExperimentDocument(path: path, bytes: theirs) else { return try plain() }
        let bd: ExperimentDocument?
        if base.isEmpty {
            bd = nil
        } else {
            guard let parsed = try? ExperimentDocument(path: path, bytes: base) else { return try plain() }
            bd = parsed
        }
        let current = Experiment.currentSchema
        guard od.experiment.id == td.experiment.id, bd.map({ $0.experiment.id == od.experiment.id }) ?? true,
              [od, td].allSatisfy({ $0.experiment.schema == current }), bd.map({ $0.experiment.schema == current }) ?? true else {
            return try plain()
        }

        let m = ExperimentMerge.merge(base: bd?.experiment, ours: od.experiment, theirs: td.experiment)
        // The three texts, each in its own layout, agreeing on every field except the conflicts.
        var tv = td, bv = bd ?? od
        do {
            let oursOriginal = od
            try od.update(to: m.merged)
            try tv.update(to: m.theirsVariant)
            try bv.update(to: m.baseVariant)
            let r = try textMerge(bv.bytes, od.bytes, tv.bytes)
            if m.conflicts.isEmpty {
                // The text merge also brings theirs' comments and keys ff does not know; it is
                // used when it reads back as the merged experiment.
                if r.clean, let check = try? ExperimentDocument(path: path, bytes: r.bytes),
                   check.experiment.withoutUnknownKeys == m.merged.withoutUnknownKeys {
                    return Outcome(bytes: r.bytes, conflicts: [])
                }
                if oursOriginal.experiment.unknownKeys.sorted() == td.experiment.unknownKeys.sorted() {
                    return Outcome(bytes: od.bytes, conflicts: [])
                }
                return Outcome(bytes: r.bytes, conflicts: r.clean ? ["keys ff does not know"] : ["text"])
            }
            if !r.clean { return Outcome(bytes: r.bytes, conflicts: m.conflicts) }
            // A conflict the texts do not show (a move the lifecycle forbids): the whole file
            // is marked, never silently chosen.
            var out = Array("<<<<<<< ours\n".utf8) + od.bytes
            out += Array("=======\n".utf8) + tv.bytes + Array(">>>>>>> theirs\n".utf8)
            return Outcome(bytes: out, conflicts: m.conflicts)
        } catch {
            return try plain()
        }
    }
}

extension Experiment {
    fileprivate var withoutUnknownKeys: Experiment {
        var e = self
        e.unknownKeys = []
        return e
    }
}
