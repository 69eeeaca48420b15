import Metrics

/// The metrics billing records, through swift-metrics only: the host chooses the backend (Prometheus in the sample
/// app) with `MetricsSystem.bootstrap`; without one they cost next to nothing.
///
/// Names follow Prometheus conventions (`billing_` prefix, `_total` counters, `_seconds` durations) and labels stay
/// low-cardinality: outcomes and kinds from closed sets, never ids. Handles are made per use, so they come from the
/// factory in force at that moment (a test's task-local factory included); every backend caches them by name and
/// labels.
package enum BillingMetrics {
    /// `billing_webhook_deliveries_total{outcome}`: webhook deliveries by what the intake did with them.
    package static func webhookDelivery(_ outcome: WebhookIntakeOutcome) {
        Counter(label: "billing_webhook_deliveries_total", dimensions: [("outcome", outcome.metricLabel)]).increment()
    }

    /// `billing_webhook_intake_duration_seconds`: from the body in hand to the answer (verify, parse, durable store).
    package static func webhookIntakeDuration(_ duration: Duration) {
        Timer(label: "billing_webhook_intake_duration_seconds", preferredDisplayUnit: .seconds)
            .record(duration: duration)
    }

    /// `billing_events_processed_total`, `billing_events_failed_total` and `billing_events_parked_total`.
    package static func events(processed: Int = 0, failed: Int = 0, parked: Int = 0) {
        if processed > 0 { Counter(label: "billing_events_processed_total").increment(by: processed) }
        if failed > 0 { Counter(label: "billing_events_failed_total").increment(by: failed) }
        if parked > 0 { Counter(label: "billing_events_parked_total").increment(by: parked) }
    }

    /// `billing_event_processing_lag_seconds`: from a delivery being stored to its event being processed.
    package static func processingLag(milliseconds: Int64) {
        Timer(label: "billing_event_processing_lag_seconds", preferredDisplayUnit: .seconds)
            .recordMilliseconds(max(0, milliseconds))
    }

    /// `billing_outbox_backlog{kind}`: outbox rows due now and not yet sent, canceled or failed.
    package static func outboxBacklog(kind: String, count: Int) {
        Gauge(label: "billing_outbox_backlog", dimensions: [("kind", kind)]).record(count)
    }

    /// `billing_outbox_messages_total{sender,outcome}`: what the senders did with outbox rows (`sender` is `mail`
    /// or `hooks`; `outcome` is `sent`, `retried`, `failed` or `canceled`).
    package static func outboxMessages(sender: String, outcome: String, count: Int) {
        guard count > 0 else { return }
        Counter(label: "billing_outbox_messages_total", dimensions: [("sender", sender), ("outcome", outcome)])
            .increment(by: count)
    }

    /// `billing_portal_sessions_total{flow}`: customer-portal sessions opened, by deep link.
    package static func portalSessionOpened(flow: String) {
        Counter(label: "billing_portal_sessions_total", dimensions: [("flow", flow)]).increment()
    }

    /// `billing_survey_outcomes_total{outcome}`: cancellation-survey answers and save-offer decisions
    /// (`cancel_flow`: straight to the portal's cancel flow; `coupon_offered`: to the cancel flow with a retention
    /// coupon; `offer_shown`, `offer_accepted`, `offer_declined`: a save offer page and the answer to it).
    package static func surveyOutcome(_ outcome: String) {
        Counter(label: "billing_survey_outcomes_total", dimensions: [("outcome", outcome)]).increment()
    }
}

extension WebhookIntakeOutcome {
    /// The outcome as a metric label: a closed set of snake_case words.
    package var metricLabel: String {
        switch self {
        case .accepted: "accepted"
        case .acceptedUnhandled: "accepted_unhandled"
        case .duplicate: "duplicate"
        case .storeUnavailable: "store_unavailable"
        case .rejected(.invalidSignature): "bad_signature"
        case .rejected(.timestampOutsideTolerance): "stale_timestamp"
        case .rejected(.malformedPayload): "malformed"
        case .rejected(.livemodeMismatch): "livemode_mismatch"
        case .rejected(.payloadTooLarge): "oversize"
        }
    }
}
