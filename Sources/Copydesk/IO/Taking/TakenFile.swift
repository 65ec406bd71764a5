import CopydeskCore
import Foundation
import Logging

/// A file taken into processing/.
struct TakenFile: Sendable {
    /// Where it is now.
    var path: URL
    /// Its path in the inbox when it arrived ("story.txt", "sport/results.txt"): its place in done/
    /// or failed/, and the document's `source.path`.
    var originalName: String
    /// When it was taken.
    var taken: Date

    /// Reads it into its documents, refusing symlinks that lead out of the drop folder.
    func read(with intake: Intake, folder: DropFolder) -> Result<[Document], PipelineFailure> {
        if let trap = CrashPoint.trapName, originalName == trap { fatalError("COPYDESK_TRAP_ON: a crash on \(trap), for the tests") }
        var info = stat()
        if lstat(path.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            guard folder.contains(resolved: path) else {
                return .failure(PipelineFailure(sourceName: originalName, stage: "intake",
                                                reason: "symbolic link to \(path.resolvingSymlinksInPath().path), outside the drop folder: not followed"))
            }
        }
        return intake.documents(atPath: path.path, name: (originalName as NSString).lastPathComponent, relativePath: originalName)
    }
}

extension TakenFile: CustomStringConvertible {
    /// The name it arrived under.
    var description: String { originalName }
}

/// The pipeline's jobs: first what a previous run left in processing/, then arrivals, each taken
/// by renaming it into processing/ only when the pipeline has room for it.
struct TakenFiles: AsyncSequence, Sendable {
    let folder: DropFolder
    let queue: ArrivalQueue
    let leftovers: [String]
    let suspects: CrashSuspects
    let monitor: FaultMonitor
    let logger: Logger
    /// Whether new files may be taken now (in a group: while the node's lease is fresh).
    var mayTake: @Sendable () -> Bool = { true }

    struct AsyncIterator: AsyncIteratorProtocol {
        let base: TakenFiles
        var leftoverIndex = 0

        mutating func next() async -> TakenFile? {
            if leftoverIndex < base.leftovers.count {
                let name = base.leftovers[leftoverIndex]
                leftoverIndex += 1
                await base.suspects.begin(name)
                return TakenFile(path: base.folder.processing.appendingPathComponent(name),
                                   originalName: name, taken: Date())
            }
            // While a transient fault holds files in processing/, or the node's lease is stale, take nothing new.
            while base.monitor.isHolding || !base.mayTake() {
                do { try await Task.sleep(for: .milliseconds(250)) } catch { return nil }
            }
            while let path = await base.queue.next() {
                let source = URL(fileURLWithPath: path)
                // Still being written: its close (inotify) or a later scan offers it again.
                if OpenForWriting.check(path) { continue }
                do {
                    let relative = DropFolder.relativeName(of: source, in: base.folder.inbox)
                    let taken = try base.folder.move(source, into: base.folder.processing, name: relative)
                    return TakenFile(path: taken, originalName: relative, taken: Date())
                } catch {
                    // Gone already (deleted, or taken from an older queue entry): nothing to do.
                    if (error as? POSIXFailure)?.code != ENOENT {
                        base.logger.warning("cannot take", metadata: ["file": "\(path)", "error": "\(error)"])
                    }
                }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: self) }
}
