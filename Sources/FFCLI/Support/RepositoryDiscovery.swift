import FFGit

extension Workspace {
    /// The repository git would work on for this command: `GIT_DIR`, `GIT_WORK_TREE` and
    /// `GIT_CEILING_DIRECTORIES` from the command's environment, paths from its folder (after
    /// `-C`); nil when a search finds none.
    static func findRepository(_ ctx: Context) throws -> Repository? {
        do {
            return try Repository.discover(from: ctx.directory, environment: ctx.environment)
        } catch let error as RepositoryLocationError {
            throw FFError.usage(error.description)
        }
    }
}
