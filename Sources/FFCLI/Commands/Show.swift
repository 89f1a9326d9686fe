import ArgumentParser
import FFWorkspace
import FailForward

extension FFCommand {
    struct Show: WorkspaceCommand {
        static let configuration = CommandConfiguration(abstract: "Show one experiment.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: RefArgument
        @Flag(help: "Show what changed in the plan since the experiment started (its locked fields then and now).")
        var diff = false
        @OptionGroup var output: OutputOptions

        func run(_ ws: Workspace, in ctx: Context) throws {
            let path = try ws.store.resolve(target.ref, cwd: ctx.directory)
            let stored = StoredExperiment(experiment: try ws.store.load(path).experiment, path: path)
            if diff {
                let e = stored.experiment
                let history = try ExperimentHistory.load(ws, id: e.id, path: path)
                guard let start = history.atStart, let planned = start.experiment else {
                    ctx.console.out("\(e.id) has not started: its plan is not locked yet.\n")
                    return
                }
                let changes = PlanDiff.changes(from: planned, to: e)
                if output.asJSON {
                    var w = JSONWriter(pretty: true)
                    w.object { w in
                        w.field("id", e.id)
                        w.field("start_commit", start.commitID)
                        w.key("changes")
                        w.array(changes) { w, c in
                            w.object { w in
                                w.field("field", c.field)
                                w.field("before", strings: c.before)
                                w.field("after", strings: c.after)
                                w.field("declared", !c.declared.isEmpty)
                            }
                        }
                    }
                    ctx.console.out(w.output + "\n")
                } else {
                    ctx.console.out(PlanDiff.render(id: e.id, startCommit: start.commitID, startedAt: planned.timebox.started,
                                                    changes: changes, painter: ctx.painter))
                }
                return
            }
            let e = stored.experiment
            let inReview = e.status.isOpen ? ReviewLookup.find(ws, open: { [e.id] })[e.id]?.review : nil
            if output.asJSON {
                ctx.console.out(stored.json(now: ctx.now(), pretty: true, inReview: inReview) + "\n")
            } else {
                ctx.console.out(ShowView.render(stored, now: ctx.now(), painter: ctx.painter, inReview: inReview))
            }
        }
    }
}
