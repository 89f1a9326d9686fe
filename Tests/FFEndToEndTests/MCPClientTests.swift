import Foundation
import TestSupport
import Testing

/// `ff mcp` driven by the official Python MCP client (pip install mcp): every tool, the
/// commits checked with git, protocol errors, hostile text, hooks and --read-only
/// (Tests/MCPClient/test_ff_mcp.py, which says what each case checks).
@Suite struct MCPClientTests {
    @Test func theOfficialClientDrivesEveryTool() throws {
        let ff = ffExecutable()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MCPClient/test_ff_mcp.py").path
        var env = ProcessInfo.processInfo.environment
        env["FF"] = ff
        let r = try run("/usr/bin/env", ["python3", script], environment: env, timeout: 600)
        if r.status == 3 {
            print("MCPClientTests skipped: the mcp package is not installed (pip install mcp; .ci/run installs it)")
            return
        }
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        #expect(r.stderr.contains("\nOK"), "\(r.stderr)")
    }

    /// `ff mcp` runs the ff-mcp beside it, or in ../libexec/ff/ as make install lays them out;
    /// without one it says so in one line.
    @Test func ffMCPFindsTheServerOrSaysItIsMissing() throws {
        let built = ffExecutable()
        let prefix = TempDir("ff-mcp-prefix")
        try FileManager.default.createDirectory(atPath: prefix.file("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: built, toPath: prefix.file("bin/ff"))
        let env = ["PATH": "/usr/bin:/bin", "HOME": prefix.path]
        let missing = try run(prefix.file("bin/ff"), ["mcp"], in: prefix.path, environment: env, stdin: "", timeout: 60)
        #expect(missing.status == 1)
        #expect(missing.stdout == "")
        #expect(missing.stderr.hasPrefix("ff: the MCP server, ff-mcp, is not installed"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")

        try FileManager.default.createDirectory(atPath: prefix.file("libexec/ff"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: (built as NSString).deletingLastPathComponent + "/ff-mcp",
                                         toPath: prefix.file("libexec/ff/ff-mcp"))
        let hello = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        // The answer comes before stdin ends (the test's stdin is a file): the server answers
        // what it read, then stops at the end of its input.
        let found = try run("/bin/sh", ["-c", "(cat; sleep 2) | \"$0\" mcp --read-only", prefix.file("bin/ff")],
                            in: prefix.path, environment: env, stdin: hello + "\n", timeout: 60)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains(#""serverInfo":{"name":"ff""#), "\(found.stdout)")
    }
}
