import Foundation

/// Validates JSON files (or, with `yaml`, YAML files) against a schema in docs/schema/ with a
/// standard validator (Python's jsonschema, through scripts/validate-json): status 0 when
/// they validate, 2 when the validator is not installed.
public func validateSchema(_ schema: String, _ files: [String], yaml: Bool = false, file: String = #filePath) throws -> ProcessResult {
    let root = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    return try run("/usr/bin/env", ["python3", root + "/scripts/validate-json"] + (yaml ? ["--yaml"] : []) + [schema] + files,
                   environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
}
