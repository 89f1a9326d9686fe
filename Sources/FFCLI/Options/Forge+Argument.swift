import ArgumentParser
import FailForward

extension Forge: ExpressibleByArgument {}
