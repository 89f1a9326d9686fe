import FFMCP
import Foundation

// Run by `ff mcp` (FFCLI's MCP command), which gives it -C and --read-only.
signal(SIGPIPE, SIG_IGN)
exit(await MCPServer.main(Array(CommandLine.arguments.dropFirst())))
