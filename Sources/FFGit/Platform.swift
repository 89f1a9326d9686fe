// The system layer every file of this module uses: FoundationEssentials where it exists
// (all of Foundation, with ICU's data, would triple the binary and its start-up time), else
// Foundation; and the C library.
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
@_exported import FFEssentials
