import Foundation
import Testing
import FailForward

/// The templates compiled into ff are exactly the files in templates/ (run `make templates`).
@Test func compiledTemplatesMatchTheTemplatesFolder() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("templates")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
    #expect(names == Templates.files.keys.sorted(), "run make templates")
    for name in names {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        #expect(Templates.files[name] == text, "templates/\(name) differs from the compiled copy: run make templates")
    }
}

@Test func theConfigTemplateParsesToTheDefaults() throws {
    #expect(try FFConfig.parse(FFConfig.template) == FFConfig())
}
