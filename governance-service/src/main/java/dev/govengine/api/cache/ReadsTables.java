package dev.govengine.api.cache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables a GraphQL resolver method reads, everything its services send included: an answer that fetches the
 * field is retired by a change to any of them, and only by those. A resolver without it may read any table, so
 * any change retires an answer that fetches it. {@code DeclaredReadsTest} runs the wallet queries, records the
 * statements they send, and fails when a change to a table those statements name does not retire the answer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadsTables {
    Table[] value();
}
