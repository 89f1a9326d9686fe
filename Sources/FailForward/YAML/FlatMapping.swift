import Yams

extension ExperimentDocument {
    /// A mapping of plain keys to text (the debrief template): values trimmed, empty ones left out.
    public static func parseMapping(_ text: String, path: String) throws -> [String: String] {
        try precheck(text, path: path)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw FileError(yaml: error, path: path)
        }
        guard let node else { return [:] }
        guard case let .mapping(map) = node else {
            throw FileError(path: path, line: 1, column: 1, message: "expected keys like 'outcome: …'")
        }
        var out: [String: String] = [:]
        for (k, v) in map {
            guard case let .scalar(ks) = k, case let .scalar(vs) = v else {
                throw FileError(path: path, line: v.mark?.line, column: v.mark?.column, message: "expected text")
            }
            let value = vs.string.trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty && !(vs.style == .plain && ["~", "null"].contains(value)) { out[ks.string] = value }
        }
        return out
    }
}

import Foundation
