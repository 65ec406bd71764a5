import CopydeskCore
import Foundation
import Logging

/// The running instances of one plugin: started on demand up to the configured number, handed to
/// one document at a time, and restarted with exponential backoff (0.1 s doubling to 5 s) after a
/// crash, a timeout or a failed handshake.
actor PluginPool {
    let configuration: PluginConfiguration
    private let logger: Logger
    private var idle: [PluginProcess] = []
    private var everyInstance: [ObjectIdentifier: PluginProcess] = [:]
    private var starting = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var consecutiveFailures = 0
    private var notBefore = ContinuousClock.now
    private var closed = false
    /// The version from the last handshake.
    private(set) var version = "unknown"

    init(configuration: PluginConfiguration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "plugin"] = "\(configuration.name)"
        self.logger = logger
    }

    /// An instance that has said hello, starting one when fewer than `instances` run.
    func acquire() async throws -> PluginProcess {
        while true {
            guard !closed else { throw StageError("plugin \(configuration.name) is shut down") }
            while let instance = idle.popLast() {
                if instance.isRunning { return instance }
                everyInstance[ObjectIdentifier(instance)] = nil
            }
            if everyInstance.count + starting < configuration.instances {
                starting += 1
                defer { starting -= 1 }
                do {
                    return try await start()
                } catch {
                    // The slot is free again: let a waiting document try (after the backoff).
                    if !waiters.isEmpty { waiters.removeFirst().resume() }
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    /// Gives an instance back; an unhealthy one is killed and its slot restarts later, with backoff.
    func release(_ instance: PluginProcess, healthy: Bool) {
        if healthy && instance.isRunning {
            consecutiveFailures = 0
            idle.append(instance)
        } else {
            instance.kill()
            everyInstance[ObjectIdentifier(instance)] = nil
            noteFailure()
        }
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    private func noteFailure() {
        consecutiveFailures += 1
        let delay = min(5.0, 0.1 * pow(2, Double(consecutiveFailures - 1)))
        notBefore = ContinuousClock.now + .milliseconds(Int(delay * 1000))
    }

    private func start() async throws -> PluginProcess {
        let wait = notBefore - ContinuousClock.now
        if wait > .zero {
            logger.info("restarting after backoff", metadata: ["seconds": "\(wait.seconds)"])
            try? await Task.sleep(for: wait)
        }
        let instance: PluginProcess
        do { instance = try await PluginProcess(configuration: configuration, logger: logger) } catch {
            noteFailure()
            throw error
        }
        do {
            let hello = try await instance.handshake(timeout: .milliseconds(Int(min(configuration.timeout, 10) * 1000)))
            version = hello.version
            everyInstance[ObjectIdentifier(instance)] = instance
            logger.info("started", metadata: ["version": "\(hello.version)"])
            return instance
        } catch {
            instance.kill()
            noteFailure()
            logger.warning("handshake failed", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Stops every instance politely (close stdin, grace, SIGTERM, SIGKILL).
    func shutdown() async {
        closed = true
        let instances = Array(everyInstance.values)
        everyInstance.removeAll()
        idle.removeAll()
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
        await withTaskGroup(of: Void.self) { group in
            for instance in instances { group.addTask { await instance.shutdown() } }
        }
    }
}
