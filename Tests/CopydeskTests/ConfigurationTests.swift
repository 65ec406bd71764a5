@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("Pipeline configuration")
struct ConfigurationTests {
    let base = URL(fileURLWithPath: "/usr/bin")

    func parse(_ yaml: String) throws -> PipelineConfiguration {
        try ConfigurationLoader.parse(yaml, file: "copydesk.yaml", baseFolder: base)
    }

    func error(_ yaml: String) -> String {
        do {
            _ = try parse(yaml)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func anEmptyFileMeansTheBuiltInChain() async throws {
        let configuration = try parse("")
        #expect(configuration.stages == PipelineConfiguration.builtInDefault.stages)
        #expect(configuration.maximumBytes == Intake.defaultMaximumBytes)
    }

    @Test func stagesLimitsAndPluginsAreRead() async throws {
        let configuration = try parse("""
            limits:
              max_bytes: 1000
              stage_timeout: 4
            stages:
              - clean
              - name: words
                plugin: env
                args: [python3, words.py]
                env: {MODE: fast}
                concurrency: pure
                instances: 3
              - name: archive
                plugin: /usr/bin/env
                timeout: 2.5
                concurrency: ordered
            """)
        #expect(configuration.maximumBytes == 1000)
        #expect(configuration.stageTimeout == 4)
        #expect(configuration.plugins.count == 2)
        let words = configuration.plugins[0]
        #expect(words.executable == "/usr/bin/env")
        #expect(words.arguments == ["python3", "words.py"])
        #expect(words.environment == ["MODE": "fast"])
        #expect(words.timeout == 4)
        #expect(words.instances == 3)
        #expect(words.location == "copydesk.yaml:6:5")
        #expect(configuration.plugins[1].concurrency == .ordered)
        #expect(configuration.plugins[1].timeout == 2.5)
        #expect(configuration.plugins[1].instances == 1)
    }

    @Test(arguments: [
        ("stages:\n  - clean\n  - nonsense\n", "copydesk.yaml:3:5: unknown built-in stage 'nonsense'"),
        ("stages:\n  - name: x\n    plugn: env\n", "copydesk.yaml:3:5: unknown key 'plugn' in a stage"),
        ("stages:\n  - name: x\n    plugin: does-not-exist\n", "copydesk.yaml:3:13: plugin 'x': /usr/bin/does-not-exist is not an executable file"),
        ("stages:\n  - name: x\n    plugin: env\n    timeout: -1\n", "copydesk.yaml:4:14: timeout must be a positive number of seconds"),
        ("stages:\n  - name: x\n    plugin: env\n    concurrency: sometimes\n", "copydesk.yaml:4:18: concurrency must be 'pure' or 'ordered'"),
        ("stages:\n  - name: x\n    plugin: env\n    concurrency: ordered\n    instances: 2\n", "copydesk.yaml:5:16: an ordered plugin runs as one instance"),
        ("stages:\n  - name: x\n    plugin: env\n  - name: x\n    plugin: env\n", "copydesk.yaml:4:5: stage 'x' is listed twice (first at copydesk.yaml:2:5)"),
        ("limits:\n  max_bytes: lots\n", "copydesk.yaml:2:14: max_bytes must be a positive whole number"),
        ("stage:\n  - clean\n", "copydesk.yaml:1:1: unknown key 'stage' in the configuration"),
        ("stages: [clean\n", "copydesk.yaml: not valid YAML"),
        ("stages:\n  - name: clean\n    plugin: env\n", "copydesk.yaml:2:11: 'clean' is a built-in stage"),
    ])
    func errorsNameTheirLine(yaml: String, expected: String) {
        #expect(error(yaml).hasPrefix(expected), "\(error(yaml))")
    }

    @Test func relativePluginPathsAreResolvedAgainstTheFile() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("plugins/p.sh")
        try "#!/bin/sh\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let file = folder.appendingPathComponent("copydesk.yaml")
        try "stages:\n  - name: p\n    plugin: plugins/p.sh\n".write(to: file, atomically: true, encoding: .utf8)
        let configuration = try ConfigurationLoader.load(path: file.path)
        #expect(configuration.plugins.first?.executable == script.standardizedFileURL.path)
    }

    @Test func checkConfigReportsTheHandshakeAndFailsOnBadFiles() async throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.yaml")
        try "stages:\n  - name: ok\n    plugin: \(PluginTests.fixture)\n    args: [well-behaved]\n".write(to: good, atomically: true, encoding: .utf8)
        let result = try await CommandRunner.copydesk(["check-config", "--config", good.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("2. ok  plugin  pure"))
        #expect(result.standardOutput.contains("hello: version 9.9 ✓"))
        let bad = folder.appendingPathComponent("bad.yaml")
        try "stages:\n  - clean\n  - dedupe\n".write(to: bad, atomically: true, encoding: .utf8)
        let failed = try await CommandRunner.copydesk(["check-config", "--config", bad.path])
        #expect(failed.status == 1)
        #expect(failed.standardError.contains("bad.yaml:3:5: unknown built-in stage 'dedupe'"))
        let run = try await CommandRunner.copydesk(["run", "-", "--config", bad.path], standardInput: Data("x".utf8))
        #expect(run.status == 78, "a configuration that cannot run is not a usage error")
        #expect(run.standardError.contains("bad.yaml:3:5: unknown built-in stage 'dedupe'"))
    }
}
