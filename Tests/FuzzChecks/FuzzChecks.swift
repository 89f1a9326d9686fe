import FailForward

/// The properties the fuzzer (fuzz/) and the regression test of its findings check on any
/// input. Public so both can call the very same code.
public enum FuzzChecks {
    public static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let doc = try? ExperimentDocument(path: "fuzz.yaml", bytes: bytes) {
            let e = doc.experiment
            var copy = doc
            var changed = e
            changed.title = e.title + " (edited)"
            if e.schema == Experiment.currentSchema {
                if (try? copy.update(to: changed)) != nil {
                    guard let back = try? ExperimentDocument(path: "fuzz.yaml", bytes: copy.bytes), back.experiment == changed else {
                        fatalError("an in-place edit did not read back")
                    }
                }
            }
            let rewritten = ExperimentDocument(path: "fuzz.yaml", creating: e)
            if let again = try? ExperimentDocument(path: "fuzz.yaml", bytes: rewritten.bytes), e.schema == Experiment.currentSchema,
               again.experiment.unknownKeys.isEmpty, e.unknownKeys.isEmpty, again.experiment != e {
                fatalError("a canonical rewrite did not read back")
            }
        }
        _ = Timestamp.parse(text)
        let slug = Slug.make(from: text)
        if slug.contains("/") || slug.contains("..") || slug.isEmpty { fatalError("unsafe slug") }
        var e = Experiment(id: "abcd1234", title: text)
        e.title = text
        let message = CommitMessage.change(action: .note, experiments: [e], body: [text])
        let trailers = Trailers.parse(message.text).map { "\($0.key): \($0.value)" }
        if trailers != ["FF-Experiment: abcd1234", "FF-Action: note"] || message.subject.contains("\n") {
            fatalError("forged trailer or subject")
        }
        _ = SafeText.block(text)
    }
}
