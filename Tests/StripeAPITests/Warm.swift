import Testing
import Hummingbird
import HummingbirdTesting
@Test func warm() {}
