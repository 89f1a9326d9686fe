import CLIHarness
import FailForward
import Foundation
import PropertyBased
import TestSupport
import Testing

/// Any sequence of commands keeps the invariants: only legal states, exactly one commit per
/// successful change and none for a refused one, and trailers that match the change.
@Suite struct CommandSequenceTests {
    @Test func randomCommandSequencesKeepTheInvariants() async throws {
        await propertyCheck(count: 6, input: Gen.uint64()) { seed in
            do {
                try Self.check(seed: seed)
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    static func check(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let h = try Harness()
        let ids = [h.newReady("First"), h.newReady("Second")]
        let legal: Set<String> = ["draft>running", "running>concluded", "draft>abandoned", "running>abandoned"]
        for step in 0..<14 {
            let id = ids[Int(rng.next() % 2)]
            let commands: [[String]] = [
                ["start", id],
                ["note", id, "note \(step): FF-Outcome: validated\n---"],
                ["amend", id, "--reason", "step \(step)", "--days", String(7 + Int(rng.next() % 20))],
                ["edit", id, "--tag", "t\(step)"],
                ["conclude", id, "--outcome", "validated", "--returned", "r\(step)", "--met", "s1"],
                ["abandon", id, "--reason", "stop \(step)"],
            ]
            let command = commands[Int(rng.next() % UInt64(commands.count))]
            let path = try h.path(of: id)
            let before = try ExperimentDocument(path: path, bytes: Array(try h.dir.read(path).utf8)).experiment
            let count = Int(try h.git("rev-list", "--count", "HEAD"))!
            let r = h.ff(command)
            let after = try ExperimentDocument(path: path, bytes: Array(try h.dir.read(path).utf8)).experiment
            let newCount = Int(try h.git("rev-list", "--count", "HEAD"))!
            if r.code == 0 {
                #expect(newCount == count + 1, "seed \(seed) step \(step) \(command)")
                let trailers = try h.git.trailers()
                #expect(trailers.first == "FF-Experiment: \(id)", "seed \(seed) \(command)")
                #expect(trailers.contains("FF-Action: \(command[0])"))
                let transition = trailers.first { $0.hasPrefix("FF-Transition: ") }
                if before.status != after.status {
                    #expect(legal.contains("\(before.status.rawValue)>\(after.status.rawValue)"), "seed \(seed) \(command)")
                    #expect(transition == "FF-Transition: \(before.status.rawValue) -> \(after.status.rawValue)")
                } else {
                    #expect(transition == nil, "seed \(seed) \(command)")
                }
                #expect(try h.git("show", "--name-only", "--format=", "HEAD") == path)
            } else {
                #expect(newCount == count, "seed \(seed) step \(step) \(command): \(r.err)")
                #expect(after == before)
                #expect(r.err.hasPrefix("ff: ") && r.err.split(separator: "\n").count == 1, "\(r.err)")
            }
            #expect(try h.git("status", "--porcelain") == "")
        }
        try h.git("fsck", "--strict")
    }
}

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
