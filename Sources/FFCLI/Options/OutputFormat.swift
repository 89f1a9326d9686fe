import ArgumentParser
import FFWorkspace
import FailForward

/// The formats a command prints, one of them JSON.
protocol OutputFormat: ExpressibleByArgument, CaseIterable, RawRepresentable, Equatable, Sendable where RawValue == String {
    static var json: Self { get }
    /// What the command prints without `--format`.
    static var standard: Self { get }
    /// The help of `--format`.
    static var help: String { get }
}

extension OutputFormat {
    static var help: String {
        "What to print (default \(standard.rawValue); json is described in docs/FORMAT.md)."
    }
}

/// `--format <format>` and `--json`, its short form for `--format json`: every command that
/// prints data takes both, declared here once.
struct FormatOptions<Format: OutputFormat>: ParsableArguments {
    @Option(help: ArgumentHelp(Format.help, valueName: "format"))
    var format: Format?
    @Flag(help: "Print JSON: the same as --format json.")
    var json = false

    func validate() throws {
        if json, let format, format != .json {
            throw ValidationError("--json and --format \(format.rawValue) ask for different formats: give one of them")
        }
    }

    /// The format asked for.
    var chosen: Format { json ? .json : format ?? .standard }
}

/// Text for a terminal, or JSON.
enum DataFormat: String, OutputFormat {
    case text, json
    static let standard = DataFormat.text
}

extension FormatOptions where Format == DataFormat {
    /// Whether JSON was asked for, by either spelling.
    var asJSON: Bool { chosen == .json }
}

/// `--format text|json` and `--json` for the commands that print data.
typealias OutputOptions = FormatOptions<DataFormat>
