import FFGit

extension Workspace {
    /// The repository git would work on for this command: `GIT_DIR`, `GIT_WORK_TREE` and
    /// `GIT_CEILING_DIRECTORIES` from the command's environment, paths from its folder (after
    /// `-C`); nil when a search finds none.
    /// libgit2's process-wide settings are made here, once, before any unit of work: no
    /// setting changes while one is under way.
    static func findRepository(_ env: Environment) throws -> Repository? {
        // Tuned for reading long histories (only speed and memory change): see
        // `Repository.prepareForLongWalks`.
        Repository.prepareForLongWalks()
        do {
            return try Repository.discover(from: env.directory, environment: env.variables)
        } catch let error as RepositoryLocationError {
            throw WorkspaceError.usage(error.description)
        }
    }
}
