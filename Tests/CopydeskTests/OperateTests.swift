import Copydesk
import CopydeskCore
import Foundation
import Testing

/// What an operator does: health checks, retrying failed files, and mistakes refused with a reason.
@Suite("Operate")
struct OperateTests {
    @Test func statusIsAHealthCheck() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notLaidOut = try await CommandRunner.copydesk(["status", folder.path])
        #expect(notLaidOut.status == 4)
        #expect(notLaidOut.standardError.contains("is not a drop folder"))
        let missing = try await CommandRunner.copydesk(["status", folder.appendingPathComponent("nope").path, "--json"])
        #expect(missing.status == 4)
        let missingReport = try #require(try missing.jsonLines().first)
        #expect(missingReport["drop_folder"] as? Bool == false)
        #expect(missingReport["reason"] as? String == "does not exist")

        let daemon = try DaemonHarness()
        try await daemon.start()
        try daemon.write("a.txt", "The council met on Tuesday and approved the budget for the harbour.")
        try await daemon.waitUntil("a.txt is done") { daemon.names(in: "done") == ["a.txt"] }
        let running = try await CommandRunner.copydesk(["status", daemon.root.path, "--json"])
        #expect(running.status == 0, "\(running.standardError)")
        let report = try #require(try running.jsonLines().first)
        #expect(report["daemon"] as? String == "running")
        #expect(report["done"] as? Int == 1)
        #expect(report["written"] as? Int == 1)
        try await daemon.stopCleanly()
        let stopped = try await CommandRunner.copydesk(["status", daemon.root.path])
        #expect(stopped.status == 3)
        #expect(stopped.standardOutput.contains("daemon      not running"))
    }

    @Test func retryPutsFailedFilesBackUnderTheirOwnNames() async throws {
        let daemon = try DaemonHarness()
        try await daemon.start()
        // Two inputs named alike fail: the second lands in failed/ as bad.1.txt.
        try daemon.write("bad.txt", "")
        try await daemon.waitUntil("bad.txt failed") { daemon.names(in: "failed").contains("bad.txt") }
        try daemon.write("bad.txt", "")
        try await daemon.waitUntil("the second one failed") { daemon.names(in: "failed").contains("bad.1.txt") }
        try await daemon.stopCleanly()

        let unknown = try await CommandRunner.copydesk(["retry", daemon.root.path, "nothing.txt"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("nothing.txt is not in failed/"))
        #expect(daemon.names(in: "failed").count == 4, "nothing moves when a name is wrong")

        let retry = try await CommandRunner.copydesk(["retry", daemon.root.path, "bad.1.txt"])
        #expect(retry.status == 0, "\(retry.standardError)")
        #expect(daemon.names(in: "inbox") == ["bad.txt"], "back under the name it arrived with")
        #expect(daemon.names(in: "failed") == ["bad.txt", "bad.txt.error.json"])
        let archived = daemon.root.appendingPathComponent("failed/.retried")
        let kept = try FileManager.default.contentsOfDirectory(atPath: archived.path)
        #expect(kept.count == 1 && kept[0].hasPrefix("bad.1.txt.") && kept[0].hasSuffix(".error.json"), "\(kept)")

        // Fixed, it goes through on the next start.
        try Data("Now the file has a story in it, which the council approved on Tuesday.".utf8)
            .write(to: daemon.inbox.appendingPathComponent("bad.txt"))
        try await daemon.start()
        try await daemon.waitUntil("the retried file is done") { daemon.names(in: "done") == ["bad.txt"] }
        try await daemon.stopCleanly()
        let all = try await CommandRunner.copydesk(["retry", daemon.root.path])
        #expect(all.status == 0)
        #expect(all.standardOutput.contains("1 file back in the inbox"))
    }

    @Test func subfoldersAreKeptFromInboxToDoneAndFailed() async throws {
        let daemon = try DaemonHarness()
        for desk in ["a", "b", "c"] {
            try FileManager.default.createDirectory(at: daemon.inbox.appendingPathComponent(desk), withIntermediateDirectories: true)
        }
        try daemon.write("a/story.txt", "The council in Aberdeen met on Tuesday and approved the harbour budget.")
        try daemon.write("b/story.txt", "The council in Bristol met on Wednesday and rejected the bridge plan.")
        try daemon.write("c/bad.txt", "")
        try await daemon.start()
        try await daemon.waitUntil("all three are finished") {
            daemon.names(in: "done/a") == ["story.txt"] && daemon.names(in: "done/b") == ["story.txt"]
                && daemon.names(in: "failed/c") == ["bad.txt", "bad.txt.error.json"]
        }
        let paths = try daemon.outputLines().compactMap { ($0["source"] as? [String: Any])?["path"] as? String }.sorted()
        #expect(paths == ["a/story.txt", "b/story.txt"])
        let names = try daemon.outputLines().compactMap { ($0["source"] as? [String: Any])?["name"] as? String }
        #expect(names == ["story.txt", "story.txt"])
        #expect(daemon.names(in: "processing").isEmpty, "no empty subfolder left in processing/")
        try await daemon.stopCleanly()

        let retry = try await CommandRunner.copydesk(["retry", daemon.root.path, "c/bad.txt"])
        #expect(retry.status == 0, "\(retry.standardError)")
        #expect(daemon.names(in: "inbox/c") == ["bad.txt"])

        // copydesk run: relative to the folder given.
        let run = try await CommandRunner.copydesk(["run", daemon.root.appendingPathComponent("done").path, "--stages", "clean"])
        let runPaths = try run.jsonLines().compactMap { ($0["source"] as? [String: Any])?["path"] as? String }
        #expect(runPaths == ["a/story.txt", "b/story.txt"])
    }

    @Test func mistakesOnTheCommandLineAreRefused() async throws {
        let cases: [(arguments: [String], message: String)] = [
            (["run", "-", "--stages", "claims,entities"], "stage 'claims' requires 'entities', which 'entities' assigns after it"),
            (["run", "-", "--stages", "claims"], "stage 'claims' requires 'entities', which no stage before it assigns"),
            (["run", "-", "--stages", ""], "--stages is empty"),
            (["run", "-", "--stages", " , "], "--stages is empty"),
            (["run", "-", "--append"], "--append adds to the --out file"),
            (["run", "-", "--config", "/nonexistent/copydesk.yaml"], "no such configuration file: /nonexistent/copydesk.yaml"),
            (["run", "-", "--entity-model", "/nonexistent/entities.model"], "/nonexistent/entities.model does not exist"),
        ]
        for (arguments, message) in cases {
            let result = try await CommandRunner.copydesk(arguments, standardInput: Data("Some text.".utf8))
            #expect(result.status == 2, "\(arguments): \(result.status)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
    }

    @Test func aRootThatIsAFileIsNamedPlainly() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("root.txt")
        try Data("x".utf8).write(to: file)
        let watch = try await CommandRunner.copydesk(["watch", file.path], timeout: 30)
        #expect(watch.status != 0)
        #expect(watch.standardError.contains("\(file.path) is a file, not a folder"), "\(watch.standardError)")
        #expect(!watch.standardError.contains("NSCocoaErrorDomain"))
    }

    @Test func aConfigurationThatBreaksAnOrderIsRefusedWhereItIsWritten() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("copydesk.yaml")
        try Data("stages:\n  - clean\n  - claims\n  - entities\n".utf8).write(to: config)
        let check = try await CommandRunner.copydesk(["check-config", "--config", config.path, "--no-start"])
        #expect(check.status == 1)
        #expect(check.standardError.contains("\(config.path):2:"), "\(check.standardError)")
        #expect(check.standardError.contains("put 'entities' before 'claims'"))
        let run = try await CommandRunner.copydesk(["run", "-", "--config", config.path], standardInput: Data("Text.".utf8))
        #expect(run.status == 78, "a configuration that cannot run: \(run.standardError)")
    }
}

/// Stage contracts: what each stage requires and assigns, and the order check.
@Suite("Stage contracts")
struct StageContractTests {
    @Test func builtInStagesDeclareWhatTheyNeed() async throws {
        let stages = try BuiltInStages.stages(named: ["dedup", "entities", "claims"],
                                              environment: .init(entityModel: EntityModelPath.sourceTree))
        for stage in stages {
            #expect(BuiltInStages.contract(of: stage.name) == StageContract(stage), "\(stage.name)")
        }
        #expect(BuiltInStages.contract(of: "claims")?.requires.contains("entities") == true)
    }

    @Test func anOrderThatBreaksADependencyIsRefused() async throws {
        let contracts = ["clean", "claims", "entities"].compactMap(BuiltInStages.contract(of:))
        #expect(throws: StageContract.Violation(stage: "claims", field: "entities", assignedLater: ["entities"])) {
            try StageContract.check(contracts)
        }
        try StageContract.check(["clean", "entities", "claims", "dedup"].compactMap(BuiltInStages.contract(of:)))
        #expect(throws: BuiltInStages.ListError.self) { _ = try BuiltInStages.stages(named: ["claims"]) }
    }

    @Test func pluginsDeclareTheirsInTheConfiguration() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = folder.appendingPathComponent("plugin.sh")
        try Data("#!/bin/sh\n".utf8).write(to: plugin)
        chmod(plugin.path, 0o755)
        let text = """
            stages:
              - name: speaker-check
                plugin: plugin.sh
                requires: [claims]
              - entities
              - claims
            """
        #expect {
            _ = try ConfigurationLoader.parse(text, file: "c.yaml", baseFolder: folder)
        } throws: { error in
            "\(error)".contains("c.yaml:2:") && "\(error)".contains("stage 'speaker-check' requires 'claims', which 'claims' assigns after it")
        }
        let fine = try ConfigurationLoader.parse(text.replacingOccurrences(of: "requires: [claims]", with: "assigns: [extensions.speakers]"),
                                                 file: "c.yaml", baseFolder: folder)
        #expect(fine.plugins.first?.contract.assigns == ["extensions.speakers"])
    }
}
