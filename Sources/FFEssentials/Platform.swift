// The system layer of every ff module, re-exported to the modules that import this one:
// FoundationEssentials where it exists (all of Foundation, with ICU's data, would triple the
// binary and its start-up time), else Foundation; the C library; and Dispatch.
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif
@_exported import Dispatch
