import FFCLI
import FailForward
import Foundation
import Logging
import MCP

/// `ff mcp`: a Model Context Protocol server on stdin and stdout. Each tool runs the ff
/// command it is named after (`ToolCatalog`), so every rule of the command line holds; each
/// experiment file is a resource, `ff://experiment/<id>`.
public enum MCPServer {
    static let usage = """
    usage: ff mcp [-C <path>] [--read-only]
    A Model Context Protocol server on stdin and stdout, for coding agents (ff mcp --help).

    """

    /// Runs the server until the client closes stdin; returns the exit code.
    public static func main(_ arguments: [String]) async -> Int32 {
        var directory = FileManager.default.currentDirectoryPath
        var readOnly = false
        var args = arguments[...]
        while let a = args.popFirst() {
            switch a {
            case "--read-only": readOnly = true
            case "-C":
                guard let d = args.popFirst() else { return fail("-C needs a folder") }
                directory = d.hasPrefix("/") ? d : directory + "/" + d
            case "-h", "--help":
                FileHandle.standardError.write(Data(usage.utf8))
                return 0
            case "--version":
                print(FFVersion.current)
                return 0
            default:
                return fail("unknown argument '\(SafeText.line(a))'")
            }
        }
        var logger = Logger(label: "ff-mcp") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let server = Server(
            name: "ff", version: FFVersion.release,
            instructions: """
            ff keeps small, deliberate experiments in this git repository: each is a YAML file, \
            every change one commit. Before changing code, call why with the paths to see what \
            was tried there and what to test next. Tools that commit follow the method's rules \
            (a plan is locked at start; change it only with amend_experiment and a reason).
            """,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)),
            configuration: .default
        )
        let handler = Handler(runner: CommandRunner(directory: directory, environment: ProcessInfo.processInfo.environment),
                              tools: ToolCatalog.tools(readOnly: readOnly))
        await handler.register(on: server)
        do {
            try await server.start(transport: StdioTransport(logger: logger))
            await server.waitUntilCompleted()
            // At the end of the input, the requests read before it still get their answers
            // (`echo '…' | ff mcp`): each runs in a task of its own.
            await handler.pending.drain()
        } catch {
            return fail("the server stopped: \(error)")
        }
        return 0
    }

    static func fail(_ text: String) -> Int32 {
        FileHandle.standardError.write(Data("ff mcp: \(text)\n\(usage)".utf8))
        return 64
    }
}

/// The server's answers.
struct Handler: Sendable {
    let runner: CommandRunner
    let tools: [ToolSpec]
    let pending = Pending()
    static let resourcePrefix = "ff://experiment/"

    func register(on server: Server) async {
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: tools.map(\.tool)) }
        await server.withMethodHandler(CallTool.self) { params in
            guard let spec = tools.first(where: { $0.name == params.name }) else {
                throw MCPError.invalidParams("ff: no tool '\(SafeText.line(params.name))'; the tools are \(tools.map(\.name).joined(separator: ", "))")
            }
            return await pending.during { await call(spec, params.arguments ?? [:]) }
        }
        await server.withMethodHandler(ListResources.self) { _ in
            .init(resources: try await pending.during { try await resources() })
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            .init(templates: [.init(uriTemplate: Self.resourcePrefix + "{id}", name: "experiment",
                                    title: "An experiment file", description: "The YAML file of the experiment with this id.",
                                    mimeType: "application/yaml")])
        }
        await server.withMethodHandler(ReadResource.self) { params in
            try await pending.during { try await read(params.uri) }
        }
    }

    func call(_ spec: ToolSpec, _ arguments: [String: Value]) async -> CallTool.Result {
        let words: [String]
        do { words = try spec.words(arguments) } catch { return failure("ff: \(error.description)") }
        let run = await runner.run(words)
        // Findings are check's answer: it exits 1 when one is an error, with its JSON.
        let answered = run.code == 0 || (spec.name == "check" && run.code == 1 && run.out.hasPrefix("{"))
        guard answered else {
            // ff's lines; the usage and help hints after a usage error name the command line's words.
            let lines = run.err.split(separator: "\n").filter { $0.hasPrefix("ff: ") }
            return failure(lines.isEmpty ? "ff: \(spec.command[0]) failed (exit status \(run.code))" : lines.joined(separator: "\n"))
        }
        guard spec.effect == .commits else {
            return .init(content: [.text(text: run.out, annotations: nil, _meta: nil)] + notes(run.err), isError: false)
        }
        guard let commit = run.commits.last, let id = commit.experiments.first else {
            return .init(content: [.text(text: run.out, annotations: nil, _meta: nil)] + notes(run.err), isError: false)
        }
        let shown = await runner.run(["show", "--json", "--", id])
        let summaryLine = { (line: Substring) in line.hasPrefix(commit.summary) }
        let messages = (run.out + run.err).split(separator: "\n").filter { !$0.isEmpty && !summaryLine($0) }.map(String.init)
        return .init(content: [.text(text: ChangeAnswer.json(commit: commit, messages: messages, experiment: shown.code == 0 ? shown.out : nil),
                                     annotations: nil, _meta: nil)],
                     isError: false)
    }

    func failure(_ text: String) -> CallTool.Result {
        .init(content: [.text(text: text.trimmingCharacters(in: .newlines), annotations: nil, _meta: nil)], isError: true)
    }

    /// Warnings a command printed beside its answer.
    func notes(_ err: String) -> [Tool.Content] {
        err.isEmpty ? [] : [.text(text: err.trimmingCharacters(in: .newlines), annotations: nil, _meta: nil)]
    }

    func resources() async throws -> [Resource] {
        let run = await runner.run(["list", "--json"])
        guard run.code == 0 else { throw MCPError.internalError(run.err.trimmingCharacters(in: .newlines)) }
        let rows = (try? JSONSerialization.jsonObject(with: Data(run.out.utf8))) as? [[String: Any]] ?? []
        return rows.compactMap { row in
            guard let id = row["id"] as? String, let title = row["title"] as? String else { return nil }
            let status = row["status"] as? String ?? ""
            return Resource(name: id, uri: Self.resourcePrefix + id, title: title,
                            description: "\(status): \(row["path"] as? String ?? "")", mimeType: "application/yaml")
        }
    }

    func read(_ uri: String) async throws -> ReadResource.Result {
        guard uri.hasPrefix(Self.resourcePrefix), case let id = String(uri.dropFirst(Self.resourcePrefix.count)),
              (1...64).contains(id.count), id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") })
        else {
            throw MCPError.invalidParams("ff: no resource '\(SafeText.line(uri))'; experiments are \(Self.resourcePrefix)<id>")
        }
        do {
            let file = try await runner.experimentFile(id: id)
            return .init(contents: [.text(file.text, uri: uri, mimeType: "application/yaml")])
        } catch {
            throw MCPError.invalidParams("ff: \(SafeText.line(String(describing: error)))")
        }
    }
}

/// The requests being answered, so that the server ends only when each has its answer.
actor Pending {
    private var count = 0

    func during<T: Sendable>(_ work: @Sendable () async throws -> T) async rethrows -> T {
        count += 1
        defer { count -= 1 }
        return try await work()
    }

    /// Returns once no request has been in progress for a while (a request read just before
    /// the end of the input may not have started yet when the input ends).
    func drain() async {
        var idle = 0
        while idle < 5 {
            try? await Task.sleep(for: .milliseconds(10))
            idle = count == 0 ? idle + 1 : 0
        }
    }
}

/// What a tool that commits answers: the commit, the lines ff printed besides, and the
/// experiment as `ff show --json` gives it after the change (docs/schema/mcp-change.schema.json).
enum ChangeAnswer {
    static func json(commit: CommandRunner.Commit, messages: [String], experiment: String?) -> String {
        let head = JSON.object([
            ("commit", .string(commit.id)),
            ("branch", .string(commit.branch)),
            ("experiments", .array(commit.experiments.map(JSON.string))),
            ("summary", .string(commit.summary)),
            ("messages", .array(messages.map(JSON.string))),
        ]).render()
        let shown = experiment?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "null"
        return head.dropLast() + ",\"experiment\":" + shown + "}\n"
    }
}
