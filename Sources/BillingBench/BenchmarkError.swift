/// A benchmark could not produce its figures (the application did not start, a request failed, a load generator
/// exited badly); the description says which.
package struct BenchmarkError: Error, CustomStringConvertible, Sendable {
    package let description: String

    package init(_ description: String) {
        self.description = "benchmark failed: " + description
    }
}
