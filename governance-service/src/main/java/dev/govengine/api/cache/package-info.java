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
 *     route before SmallRye's, serves them before anything is parsed; both key them by {@link CacheKey}.
 *     {@link GraphQLPost} reads a POST as SmallRye does, for this route and the request guard.</li>
 * <li>{@link AnswerDependence}: what one execution depends on, gathered field by field: tables
 *     ({@link ReadsTables}, mapped to schema fields by {@link DeclaredReads}), rows ({@link ReadsRows}) and heads
 *     ({@link HeadDependent}, {@link HeadIndependent}).</li>
 * </ul>
 */
package dev.govengine.api.cache;
