import ArgumentParser
import Copydesk

/// `copydesk stages`: the built-in stages.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "List the built-in stages in their default order.")

    func run() throws {
        let width = BuiltInStages.all.map(\.name.count).max() ?? 0
        for stage in BuiltInStages.all {
            let name = stage.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(name)  v\(stage.version)  \(stage.concurrency.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(stage.summary)")
        }
    }
}
