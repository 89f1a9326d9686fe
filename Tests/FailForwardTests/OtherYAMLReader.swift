import Foundation
import TestSupport

/// Another YAML reader than ff's, to show that what ff writes reads the same anywhere:
/// PyYAML's safe loader, through python3 (times come back as text). Nil, with a line on
/// standard output, when python3 or PyYAML is missing.
func otherYAMLReader(_ text: String) throws -> [String: Any]? {
    let script = "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read()), default=str))"
    let dir = NSTemporaryDirectory() + "ff-yaml-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try text.write(toFile: dir + "/in.yaml", atomically: true, encoding: .utf8)
    let r = try run("/bin/sh", ["-c", "python3 -c \"$0\" < in.yaml", script], in: dir,
                    environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    guard r.status == 0 else {
        print("otherYAMLReader: PyYAML is not available (pip install pyyaml): \(r.stderr)")
        return nil
    }
    return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
}
