import Foundation
import Logging
import ServiceLifecycle

/// Runs due work on the emulator's own clock and saves the state file, every ``interval`` and once more at
/// shutdown.
struct EmulatorHousekeeping: Service {
    let store: EmulatorStore
    let stateFile: String?
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            await store.tick()
            await save()
        }
        await save()
    }

    private func save() async {
        guard let stateFile else { return }
        do {
            guard let state = await store.takeSnapshotIfDirty() else { return }
            let data = Data(try state.stateFileBytes())
            try data.write(to: URL(fileURLWithPath: stateFile), options: .atomic)
        } catch {
            logger.error("could not save the emulator state", metadata: ["error": "\(error)"])
        }
    }
}
