import Foundation
import Testing
import FailForward

/// The templates compiled into ff are exactly the files in templates/, sub-folders included
/// (run `make templates`).
@Test func compiledTemplatesMatchTheTemplatesFolder() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("templates")
    var names: [String] = []
    let walker = FileManager.default.enumerator(atPath: folder.path)!
    while let rel = walker.nextObject() as? String {
        // Dot-files and dot-folders are not templates (editors' swap files, .DS_Store).
        if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(rel).path, isDirectory: &isDir), !isDir.boolValue {
            names.append(rel)
        }
    }
    names.sort()
    #expect(names.contains("forge/github.md"))
    #expect(names == Templates.files.keys.sorted(), "run make templates")
    for name in names {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        #expect(Templates.files[name] == text, "templates/\(name) differs from the compiled copy: run make templates")
    }
}

@Test func theConfigTemplateParsesToTheDefaults() throws {
    #expect(try FFConfig.parse(FFConfig.template) == FFConfig())
}

/// The hooks compiled into ff are exactly the scripts in hooks/ (run `make templates`).
@Test func compiledHooksMatchTheHooksFolder() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("hooks")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
    #expect(names == ["commit-msg", "pre-commit", "pre-receive"])
    #expect(names == HookScripts.files.keys.sorted(), "run make templates")
    for name in names {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        #expect(HookScripts.files[name] == text, "hooks/\(name) differs from the compiled copy: run make templates")
        #expect(text.hasPrefix("#!/bin/sh\n# ff-hook: \(name)\n"))
        #expect(FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent(name).path), "hooks/\(name) is not executable")
    }
}
