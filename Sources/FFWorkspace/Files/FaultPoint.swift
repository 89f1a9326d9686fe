import FailForward

/// Fault points for tests: a debug build kills itself at the named point when the
/// environment's `FF_FAULT` says so, to prove that a kill anywhere leaves the old state or
/// the new one. Release builds contain no such code. Read from the workspace's environment,
/// not the process's.
enum Fault {
    static func point(_ name: String, in env: Environment) {
        #if DEBUG
        if env.variables["FF_FAULT"] == name {
            kill(getpid(), SIGKILL)
        }
        #endif
    }
}
