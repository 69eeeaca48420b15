import BillingTestSupport
import Foundation
import Testing

/// The store test suite. Each test body runs on SQLite (``SQLiteStoreTests``) and, when
/// `BILLING_TEST_POSTGRES_URL` is set, on PostgreSQL (``PostgresStoreTests``), each in an isolated database.
enum StoreContract {}

@Suite struct SQLiteStoreTests {
    @Test func migrationsApplyOnceInOrder() async throws {
        try await StoreContract.migrationsApplyOnceInOrder(.sqlite)
    }

    @Test func intakeAcceptsSignedEventOnce() async throws {
        try await StoreContract.intakeAcceptsSignedEventOnce(.sqlite)
    }

    @Test func intakeRecordsUnknownTypesAndAcknowledgesThem() async throws {
        try await StoreContract.intakeRecordsUnknownTypesAndAcknowledgesThem(.sqlite)
    }

    @Test func intakeRejectsBadDeliveriesWithoutStoringThem() async throws {
        try await StoreContract.intakeRejectsBadDeliveriesWithoutStoringThem(.sqlite)
    }

    @Test func intakeAnswers503WhenTheStoreFails() async throws {
        try await StoreContract.intakeAnswers503WhenTheStoreFails(.sqlite)
    }

    @Test func concurrentDeliveriesAreEachStoredOnce() async throws {
        try await StoreContract.concurrentDeliveriesAreEachStoredOnce(.sqlite)
    }

    @Test func concurrentEnsureCustomerCreatesOneCustomer() async throws {
        try await StoreContract.concurrentEnsureCustomerCreatesOneCustomer(.sqlite)
    }

    @Test func crashBetweenCreateAndInsertStillYieldsOneCustomer() async throws {
        try await StoreContract.crashBetweenCreateAndInsertStillYieldsOneCustomer(.sqlite)
    }

    @Test func accountsGetTheirOwnCustomers() async throws {
        try await StoreContract.accountsGetTheirOwnCustomers(.sqlite)
    }

    @Test func twoStepPortalCancelKeepsScheduleAndReason() async throws {
        try await StoreContract.twoStepPortalCancelKeepsScheduleAndReason(.sqlite)
    }

    @Test func tieIsResolvedByRefetch() async throws {
        try await StoreContract.tieIsResolvedByRefetch(.sqlite)
    }

    @Test func poisonEventIsRetriedWithBackoffWithoutBlockingOthers() async throws {
        try await StoreContract.poisonEventIsRetriedWithBackoffWithoutBlockingOthers(.sqlite)
    }

    @Test func failedRefetchIsRecordedAndRetried() async throws {
        try await StoreContract.failedRefetchIsRecordedAndRetried(.sqlite)
    }

    @Test func accessReflectsTheProjection() async throws {
        try await StoreContract.accessReflectsTheProjection(.sqlite)
    }

    @Test func reconciliationFeedsCurrentSubscriptionsThroughTheReducer() async throws {
        try await StoreContract.reconciliationFeedsCurrentSubscriptionsThroughTheReducer(.sqlite)
    }

    @Test func twoProcessorsShareEventsExactlyOnce() async throws {
        try await StoreContract.twoProcessorsShareEventsExactlyOnce(.sqlite)
    }

    @Test func processingLoopsShareTheRunningService() async throws {
        try await StoreContract.processingLoopsShareTheRunningService(.sqlite)
    }

    @Test func outboxEnqueuesOnceWithCodablePayload() async throws {
        try await StoreContract.outboxEnqueuesOnceWithCodablePayload(.sqlite)
    }

    @Test func concurrentOutboxClaimsAreExclusive() async throws {
        try await StoreContract.concurrentOutboxClaimsAreExclusive(.sqlite)
    }

    @Test func expiredOutboxClaimIsTakenOver() async throws {
        try await StoreContract.expiredOutboxClaimIsTakenOver(.sqlite)
    }

    @Test func lostOutboxClaimIsNotMarkedSent() async throws {
        try await StoreContract.lostOutboxClaimIsNotMarkedSent(.sqlite)
    }

    @Test func threeInstancesAndTwoSendersMatchInOrderProcessing() async throws {
        try await StoreContract.threeInstancesAndTwoSendersMatchInOrderProcessing(.sqlite, cancelOne: false)
    }

    @Test func threeInstancesWithOneCancelledMidBatchMatchInOrderProcessing() async throws {
        try await StoreContract.threeInstancesAndTwoSendersMatchInOrderProcessing(.sqlite, cancelOne: true)
    }
}

@Suite(.enabled(if: TestBackend.postgresURL != nil, "set BILLING_TEST_POSTGRES_URL to run the PostgreSQL store tests"))
struct PostgresStoreTests {
    @Test func migrationsApplyOnceInOrder() async throws {
        try await StoreContract.migrationsApplyOnceInOrder(.postgres)
    }

    @Test func intakeAcceptsSignedEventOnce() async throws {
        try await StoreContract.intakeAcceptsSignedEventOnce(.postgres)
    }

    @Test func intakeRecordsUnknownTypesAndAcknowledgesThem() async throws {
        try await StoreContract.intakeRecordsUnknownTypesAndAcknowledgesThem(.postgres)
    }

    @Test func intakeRejectsBadDeliveriesWithoutStoringThem() async throws {
        try await StoreContract.intakeRejectsBadDeliveriesWithoutStoringThem(.postgres)
    }

    @Test func intakeAnswers503WhenTheStoreFails() async throws {
        try await StoreContract.intakeAnswers503WhenTheStoreFails(.postgres)
    }

    @Test func concurrentDeliveriesAreEachStoredOnce() async throws {
        try await StoreContract.concurrentDeliveriesAreEachStoredOnce(.postgres)
    }

    @Test func concurrentEnsureCustomerCreatesOneCustomer() async throws {
        try await StoreContract.concurrentEnsureCustomerCreatesOneCustomer(.postgres)
    }

    @Test func crashBetweenCreateAndInsertStillYieldsOneCustomer() async throws {
        try await StoreContract.crashBetweenCreateAndInsertStillYieldsOneCustomer(.postgres)
    }

    @Test func accountsGetTheirOwnCustomers() async throws {
        try await StoreContract.accountsGetTheirOwnCustomers(.postgres)
    }

    @Test func twoStepPortalCancelKeepsScheduleAndReason() async throws {
        try await StoreContract.twoStepPortalCancelKeepsScheduleAndReason(.postgres)
    }

    @Test func tieIsResolvedByRefetch() async throws {
        try await StoreContract.tieIsResolvedByRefetch(.postgres)
    }

    @Test func poisonEventIsRetriedWithBackoffWithoutBlockingOthers() async throws {
        try await StoreContract.poisonEventIsRetriedWithBackoffWithoutBlockingOthers(.postgres)
    }

    @Test func failedRefetchIsRecordedAndRetried() async throws {
        try await StoreContract.failedRefetchIsRecordedAndRetried(.postgres)
    }

    @Test func accessReflectsTheProjection() async throws {
        try await StoreContract.accessReflectsTheProjection(.postgres)
    }

    @Test func reconciliationFeedsCurrentSubscriptionsThroughTheReducer() async throws {
        try await StoreContract.reconciliationFeedsCurrentSubscriptionsThroughTheReducer(.postgres)
    }

    @Test func twoProcessorsShareEventsExactlyOnce() async throws {
        try await StoreContract.twoProcessorsShareEventsExactlyOnce(.postgres)
    }

    @Test func processingLoopsShareTheRunningService() async throws {
        try await StoreContract.processingLoopsShareTheRunningService(.postgres)
    }

    @Test func outboxEnqueuesOnceWithCodablePayload() async throws {
        try await StoreContract.outboxEnqueuesOnceWithCodablePayload(.postgres)
    }

    @Test func concurrentOutboxClaimsAreExclusive() async throws {
        try await StoreContract.concurrentOutboxClaimsAreExclusive(.postgres)
    }

    @Test func expiredOutboxClaimIsTakenOver() async throws {
        try await StoreContract.expiredOutboxClaimIsTakenOver(.postgres)
    }

    @Test func lostOutboxClaimIsNotMarkedSent() async throws {
        try await StoreContract.lostOutboxClaimIsNotMarkedSent(.postgres)
    }

    @Test func threeInstancesAndTwoSendersMatchInOrderProcessing() async throws {
        try await StoreContract.threeInstancesAndTwoSendersMatchInOrderProcessing(.postgres, cancelOne: false)
    }

    @Test func threeInstancesWithOneCancelledMidBatchMatchInOrderProcessing() async throws {
        try await StoreContract.threeInstancesAndTwoSendersMatchInOrderProcessing(.postgres, cancelOne: true)
    }
}
