import StripeAPI

/// The emulator's whole state: every Stripe object as a JSON tree, plus the bookkeeping around them.
///
/// All behaviour lives in mutating methods on this value type (one file per resource); the ``EmulatorStore``
/// actor owns the single instance and runs each request as one transaction. Methods validate everything before
/// the first write, so a rejected request changes nothing.
struct EmulatorState: Codable, Sendable {
    /// The API version objects and events are rendered in.
    static let apiVersion = "2026-10-28.endive"

    /// Every live object by id (tracking which ones each transaction changed).
    var objects = ObjectTable()
    /// Ids per object kind in creation order (deleted ids stay; lookups skip them).
    var order: [String: [String]] = [:]
    /// Position of each id in its kind's `order` array, for cursors.
    var positions: [String: Int] = [:]
    /// Webhook endpoint signing secrets, returned only by the create call.
    var endpointSecrets: [String: String] = [:]
    /// Pending invoice items (prorations) per customer, billed on the next invoice.
    var pendingItems: [String: [JSONObject]] = [:]
    /// Payment methods that were detached and may never be used again.
    var detachedPaymentMethods: Set<String> = []
    /// Emulator time for objects not on a test clock, set by the store before each transaction.
    var realtimeNow: Int = 0
    /// Where hosted invoice pages and PDFs are served.
    var publicBaseURL: String = "http://127.0.0.1:12111"
    /// Portal session links by URL token (not saved: a restart invalidates them, as links are short-lived).
    var portalLinks: [String: PortalLink] = [:]
    /// When expired portal links were last forgotten (emulator time; not saved).
    var portalLinksPrunedAt = Int.min
    /// What a Checkout Session will create when paid (line items, trial, subscription metadata, discounts), by
    /// session id; kept apart because the API shows line items only through their own endpoint or `expand`.
    var checkoutDetails: [String: JSONObject] = [:]
    /// `subscription@trial_end` keys of trials whose `trial_will_end` notice was sent (once per trial).
    var trialWillEndSent: Set<String> = []
    /// Hosted Checkout page state by session id (not saved: a restart issues new form tokens).
    var checkoutLinks: [String: CheckoutLink] = [:]
    /// The account's branding for hosted pages (set through the emulator's test helper; Dashboard-only on Stripe).
    var branding = EmulatorBranding()
    /// Seconds an unvisited portal session stays usable.
    var portalUnvisitedLifetime = 300
    /// Seconds a portal session stays usable after its first visit.
    var portalVisitedLifetime = 3600

    /// The request being served, stamped on events (`request.id`, `request.idempotency_key`).
    var currentRequestID: String?
    var currentIdempotencyKey: String?
    /// Events created by the running transaction, handed to the webhook dispatcher afterwards.
    var outbox: [String] = []

    enum CodingKeys: String, CodingKey {
        case objects, order, positions, endpointSecrets, pendingItems, detachedPaymentMethods, publicBaseURL
        case checkoutDetails, trialWillEndSent, branding
    }

    init() {}

    /// Reads a saved state; keys added in later versions may be missing from older files.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        objects = try container.decodeIfPresent(ObjectTable.self, forKey: .objects) ?? ObjectTable()
        order = try container.decodeIfPresent([String: [String]].self, forKey: .order) ?? [:]
        positions = try container.decodeIfPresent([String: Int].self, forKey: .positions) ?? [:]
        endpointSecrets = try container.decodeIfPresent([String: String].self, forKey: .endpointSecrets) ?? [:]
        pendingItems = try container.decodeIfPresent([String: [JSONObject]].self, forKey: .pendingItems) ?? [:]
        detachedPaymentMethods =
            try container.decodeIfPresent(Set<String>.self, forKey: .detachedPaymentMethods) ?? []
        publicBaseURL = try container.decodeIfPresent(String.self, forKey: .publicBaseURL) ?? publicBaseURL
        checkoutDetails = try container.decodeIfPresent([String: JSONObject].self, forKey: .checkoutDetails) ?? [:]
        trialWillEndSent = try container.decodeIfPresent(Set<String>.self, forKey: .trialWillEndSent) ?? []
        branding = try container.decodeIfPresent(EmulatorBranding.self, forKey: .branding) ?? EmulatorBranding()
    }

    // MARK: storage

    mutating func insert(_ object: JSONObject, kind: String) {
        let id = object.string("id")!
        if objects[id] == nil, positions[id] == nil {
            positions[id] = order[kind, default: []].count
            order[kind, default: []].append(id)
        }
        objects[id] = object
    }

    func object(_ id: String, kind: String) -> JSONObject? {
        guard let object = objects[id], object.string("object") == kind else { return nil }
        return object
    }

    func require(_ id: String, kind: String, name: String, param: String = "id") throws(StripeAPIError) -> JSONObject {
        guard let object = object(id, kind: kind) else { throw .noSuch(name, id, param: param) }
        return object
    }

    // MARK: ids and time

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    static func randomToken(_ length: Int) -> String {
        // One 64-bit draw yields ten base-62 characters; a draw per character made ids a syscall hot spot. The
        // characters are ASCII bytes: building `Character`s cost as much as the draw (every request takes a token).
        var generator = SystemRandomNumberGenerator()
        return String(unsafeUninitializedCapacity: length) { buffer in
            var filled = 0
            while filled < length {
                var bits = generator.next()
                for _ in 0..<min(10, length - filled) {
                    buffer[filled] = alphabet[Int(bits % 62)]
                    bits /= 62
                    filled += 1
                }
            }
            return length
        }
    }

    static func newID(_ prefix: String) -> String {
        prefix + "_" + randomToken(24)
    }

    /// The current time for an object on `clock` (a test clock id) or on the emulator's own clock.
    func now(clock: String?) -> Int {
        if let clock, let frozen = objects[clock]?.int("frozen_time") { return frozen }
        return realtimeNow
    }

    func now(forCustomer customer: String?) -> Int {
        now(clock: customer.flatMap { objects[$0]?.string("test_clock") })
    }

    // MARK: events

    /// Records an event for a change and queues it for webhook delivery.
    /// - Parameters:
    ///   - type: such as `customer.subscription.updated`.
    ///   - object: the object after the change.
    ///   - previous: the object before the change; its changed top-level keys become `previous_attributes`.
    mutating func emit(_ type: String, _ object: JSONObject, previous: JSONObject? = nil) {
        let clock =
            object.string("test_clock")
            ?? (object.string("object") == "test_helpers.test_clock"
                ? object.string("id") : nil)
        var data: JSONObject = ["object": .object(object)]
        if let previous {
            data["previous_attributes"] = .object(Self.previousAttributes(old: previous, new: object))
        }
        let matching = endpointsReceiving(type).count
        let event: JSONObject = [
            "id": .string(Self.newID("evt")),
            "object": "event",
            "api_version": .string(Self.apiVersion),
            "created": .int(now(clock: clock)),
            "data": .object(data),
            "livemode": false,
            "pending_webhooks": .int(matching),
            "request": [
                "id": .text(currentRequestID),
                "idempotency_key": .text(currentIdempotencyKey),
            ],
            "type": .string(type),
        ]
        insert(event, kind: "event")
        if matching > 0 { outbox.append(event.string("id")!) }
    }

    /// Stripe's `previous_attributes`: the old value of every top-level key that changed (a whole old array
    /// or list when any element changed).
    static func previousAttributes(old: JSONObject, new: JSONObject) -> JSONObject {
        var previous: JSONObject = [:]
        for (key, oldValue) in old where new[key] != oldValue {
            previous[key] = oldValue
        }
        for key in new.keys where old[key] == nil {
            previous[key] = .null
        }
        return previous
    }

    /// Active webhook endpoints subscribed to an event type.
    func endpointsReceiving(_ type: String) -> [JSONObject] {
        (order["webhook_endpoint"] ?? []).compactMap { id in
            guard let endpoint = objects[id], endpoint.string("status") == "enabled" else { return nil }
            let events = endpoint["enabled_events"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return events.contains("*") || events.contains(type) ? endpoint : nil
        }
    }
}
