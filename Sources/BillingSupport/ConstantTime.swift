/// Compares two secrets without an early exit, so the time taken does not reveal how much of a guess was right.
///
/// Written here because swift-crypto keeps its constant-time comparison internal; CSRF tokens and portal links
/// are compared with this, webhook signatures with HMAC's own verification.
/// - Returns: true when both strings have the same bytes; false for two empty strings.
package func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    guard left.count == right.count, !left.isEmpty else { return false }
    var difference: UInt8 = 0
    for index in left.indices { difference |= left[index] ^ right[index] }
    return difference == 0
}
