import FFWorkspace
import FailForward

/// What `conclude --review` says after making the review branch: how to open the pull request.
enum ReviewAnnouncement {
    static func print(_ a: ReviewBranch.Announcement, in ctx: Context) {
        let p = ctx.painter
        let out = ctx.console
        let q = ReviewBranch.shellQuoted
        out.out("On branch \(p.bold(a.branch)) (from \(a.base)): ff commits for other experiments are refused here until you git switch \(q(a.base)) (or give --here). To open the pull request:\n")
        if a.remoteMissing {
            out.out("  git remote add \(a.remote) <url>    # no remote '\(a.remote)' yet\n")
        }
        out.out("  git push -u \(q(a.remote)) \(a.branch)\n")
        out.out("  gh pr create --base \(q(a.base)) --head \(a.branch) --title \(q("Debrief: " + SafeText.line(a.title))) --body-file \(q(a.bodyFile))\n")
        out.out(p.dim("The body (ff debrief \(a.id) prints it again): \(SafeText.line(a.bodyFile))") + "\n")
    }
}
