/**
 * Live events for the GraphQL subscriptions: new votes, delegation changes and proposal state changes, from what the writer commits
 * (docs/ARCHITECTURE.md, "Subscriptions").
 *
 * <p>Depends on {@code sync} (the writer's {@code IndexedNotice}), {@code governance} (the state rules and reads),
 * {@code persistence} (the LISTEN connection) and {@code types}. Every replica listens for the writer's notices in
 * PostgreSQL rather than taking them in process, so a read replica's subscribers hear the same events.
 *
 * <ul>
 * <li>{@link LiveEvents}: the listener, the comparison of states, the streams.</li>
 * <li>{@link LiveQueries}: its batched reads, one read-only REPEATABLE READ transaction per notice; also on the
 *     writer's own transaction for the webhooks' outbox of state changes.</li>
 * <li>{@link IndexedVote}, {@link IndexedDelegation} and {@link ProposalStateChange}: the events.</li>
 * </ul>
 */
package dev.govengine.live;
