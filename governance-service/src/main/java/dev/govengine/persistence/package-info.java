/**
 * PostgreSQL as the service runs it, knowing no module's tables: the embedded server, session advisory locks, the
 * LISTEN connection, and helpers for bulk writes. How each part of the service reaches the database is in
 * docs/ARCHITECTURE.md, "Database access".
 *
 * <p>Depends on no other package of the service; everything that stores anything sits above it.
 *
 * <ul>
 * <li>{@link EmbeddedDatabase}: zonky's embedded PostgreSQL 14, from the binaries on Maven Central, with a persistent
 *     or an ephemeral data directory, for machines without a database of their own. With {@link PostmasterWatchdog},
 *     {@link LeftoverPostmaster} and {@link PostmasterPid} it survives a kill -9 of the service
 *     (docs/ARCHITECTURE.md, "The command line comes before Quarkus"); a directory held by a server the engine must
 *     not stop is a {@link DataDirectoryInUseException}.</li>
 * <li>{@link SessionLock}: a session advisory lock on a connection of its own, so that one replica does a job: the
 *     indexer's writer lease and the epoch lifecycle's lock. It lives as long as its connection, so a holder that dies
 *     releases it.</li>
 * <li>{@link PgNotifications}: this process's one LISTEN connection, for every channel (the live events, the response
 *     cache), reporting a lost connection to each listener, since a notification sent meanwhile is gone for
 *     good. On a hot standby, which LISTEN never reaches, it reads the same notifications from the change log
 *     instead ({@link ChangeLog}, migration V38).</li>
 * <li>{@link ReactiveDatasource}: makes the reactive pool from the connect options Quarkus builds out of
 *     {@code quarkus.datasource.*} and hands them to the LISTEN connection, so TLS, credentials and every other
 *     reactive datasource setting apply to it too.</li>
 * <li>{@link BinaryCopyWriter}: rows in {@code COPY}'s binary format, streamed to pgjdbc's {@code CopyIn}, or encoded
 *     into chunks on other threads and sent whole. Binary, because in text PostgreSQL parses every amount and every
 *     hex proof: over three times as slow at a million reward leaves.</li>
 * <li>{@link Batches} (many rows in few round trips, for the indexer's range transactions) and {@link Numerics}
 *     (uint256 as {@code BigInteger} to and from {@code NUMERIC(78,0)}).</li>
 * <li>{@link FreshSchemaMigration}: a schema without a migration history is migrated in one transaction, an
 *     existing one one migration per transaction, as Flyway does by default.</li>
 * <li>{@link WorkerDb}: how a background worker or a command waits for the database, every wait bounded by
 *     {@code gov.database.worker-timeout} ({@link DatabaseTimeoutException} names what was waited for).</li>
 * </ul>
 */
package dev.govengine.persistence;
