/**
 * Webhooks for DAO tooling: signed HTTP deliveries of {@code voteCast}, {@code proposalStateChanged} and
 * {@code rewardEpochStatusChanged} to the endpoints operators register, at least once, from an outbox in PostgreSQL
 * (docs/ARCHITECTURE.md, "Webhooks").
 *
 * <p>Depends on {@code sync} (the {@code IndexedHook} that puts its work into the writer's transaction),
 * {@code live} (the reads behind state changes, on that transaction), {@code governance} (the state rules),
 * {@code persistence}, {@code config} and {@code types}. The votes' and the reward epochs' outbox rows are written by
 * triggers (V36), so no writer of those tables needs to know of webhooks; {@code api} serves the operator endpoints
 * over {@link WebhookEndpoints}.
 *
 * <ul>
 * <li>{@link WebhookEndpoints}: registration (the secret made here and shown once), listing with delivery counts,
 *     deletion, the deliveries of an endpoint, redelivery of a DEAD one.</li>
 * <li>{@link ProposalStateOutbox}: proposal state changes, compared with the stored last states in the writer's
 *     transaction.</li>
 * <li>{@link WebhookDispatcher}: the worker on every replica: due rows under a lease, sent concurrently, retried
 *     with backoff, then DEAD.</li>
 * <li>{@link WebhookSignature}: the HMAC-SHA256 header; {@link WebhookUrl}: which URLs an endpoint may have;
 *     {@link WebhookEvent}: the event names.</li>
 * </ul>
 */
package dev.govengine.webhooks;
