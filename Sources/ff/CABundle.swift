#if os(Linux)
/// libgit2's start (`git_libgit2_init`, in every command that opens a repository) loads the
/// system's CA bundle into mbedTLS for HTTPS remotes: 52 million instructions, about 6 ms of
/// a 24 ms `ff show` (bench/README.md, "The binary"). ff uses none of libgit2's transports
/// (`ff site` fetches its sources with the git CLI), so this executable answers that one call
/// itself, with no certificate: a TLS connection made through libgit2 in ff would fail its
/// verification, never skip it. Package.swift exports this symbol alone from the executable,
/// and the dynamic loader binds libgit2's call to it before mbedTLS's own; a program that
/// links ff's libraries keeps mbedTLS's.
@_cdecl("mbedtls_x509_crt_parse_file")
public func ffSkipsTheCABundle(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 { 0 }
#endif
