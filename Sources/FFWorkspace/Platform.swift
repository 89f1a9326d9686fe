// FoundationEssentials, the C library and Dispatch, for every file of this module (see
// FFEssentials/Platform.swift), with FFEssentials' text and path operations.
@_exported import FFEssentials
