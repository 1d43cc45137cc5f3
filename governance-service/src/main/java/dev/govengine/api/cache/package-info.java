/**
 * The wallet API's response cache: answers kept by their request until a committed write changes what they read, or
 * the indexed head moves past what they show (docs/ARCHITECTURE.md, "The wallet API", the response cache).
 *
 * <p>Depends on {@code governance} ({@code HeadRange}), {@code persistence} (the LISTEN connection) and {@code config}.
 * It sits below {@code api} because the API's views declare what they read through its interfaces.
 *
 * <ul>
 * <li>{@link ResponseCache}: the answers, each with what it depends on; {@link ChangeNotice} reads one
 *     {@code gov_data_changed} notification.</li>
 * <li>{@link CacheableAnswers}, the last graphql-java instrumentation, keeps answers; {@link CachedAnswerRoute}, a
 *     route before SmallRye's, serves them before anything is parsed; both key them by {@link CacheKey}, which
 *     {@link KnownRequests} remembers by the body's bytes. {@link GraphQLPost} reads a POST as SmallRye does, for
 *     this route and the request guard. {@link AnswerRefresher} computes again, ahead of demand, the served answers
 *     a change retired.</li>
 * <li>{@link AnswerDependence}: what one execution depends on, gathered field by field: tables
 *     ({@link ReadsTables}, mapped to schema fields by {@link DeclaredReads}), rows ({@link ReadsRows}) and heads
 *     ({@link HeadDependent}, {@link HeadIndependent}).</li>
 * <li>{@link Table}: the one vocabulary of the cache, every table with how it announces a change and the keys it
 *     names rows by; the triggers of migration V31, {@code @ReadsTables}, {@code ReadsRows} and {@link ChangeNotice}
 *     all agree with it, and {@code DataChangedTriggerTest} checks the live triggers against it.</li>
 * <li>{@link SmallRyeGraphQL}: everything the service assumes of SmallRye GraphQL's internals (the plain-field
 *     fetcher, the route orders, content negotiation, the answer bytes, how a bare document is read), in one place,
 *     checked by {@code SmallRyeAdapterTest} so that an upgrade that breaks one fails naming it. It sits here, the
 *     lower of its two users, so that {@code api} and this package share it without a cycle.</li>
 * </ul>
 */
package dev.govengine.api.cache;
