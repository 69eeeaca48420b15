import Foundation
import Synchronization

/// The emulator's own time source for objects that are not on a test clock.
public struct EmulatorClock: Sendable {
    private let read: @Sendable () -> Int

    /// A clock from a closure returning Unix seconds.
    public init(_ read: @escaping @Sendable () -> Int) {
        self.read = read
    }

    /// The current time in Unix seconds.
    public func now() -> Int { read() }

    /// Wall-clock time.
    public static var system: EmulatorClock {
        EmulatorClock { Int(Date().timeIntervalSince1970) }
    }

    /// A clock driven by a ``ManualEmulatorClock``.
    public static func manual(_ clock: ManualEmulatorClock) -> EmulatorClock {
        EmulatorClock { clock.now }
    }
}

/// A settable time source for tests: time moves only when the test moves it.
public final class ManualEmulatorClock: Sendable {
    private let time: Mutex<Int>

    /// Creates a clock frozen at `start` (Unix seconds).
    public init(start: Int) {
        self.time = Mutex(start)
    }

    /// The current time in Unix seconds.
    public var now: Int { time.withLock { $0 } }

    /// Moves the clock forward (or anywhere) to `time`.
    public func set(_ newTime: Int) {
        time.withLock { $0 = newTime }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: Int) {
        time.withLock { $0 += seconds }
    }
}
