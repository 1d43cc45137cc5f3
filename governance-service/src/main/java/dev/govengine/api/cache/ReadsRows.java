package dev.govengine.api.cache;

import java.util.Set;

/**
 * A GraphQL object whose fields, resolvers of other classes included, read only some rows of the tables whose
 * notifications name the rows they changed ({@link Table.Announces#ROWS}: the per-account tables, votes, tallies and
 * the Governor's answers about proposals): an answer that fetches any of its fields is retired by a change to one of
 * those rows, and not by a change to the table's other rows.
 */
public interface ReadsRows {
    /** Each as {@link Table#row} names it ({@link Table#everyRow} for a table read whole). */
    Set<Table.Row> rowsRead();

    /**
     * The rows that the value of {@code field} (its name in the schema) depends on: by default all the object read.
     * An object answers fewer for a field whose value a change to the others cannot alter, although the statement
     * that built the object read them: an answer that shows only such fields is then kept across those changes.
     */
    default Set<Table.Row> rowsRead(String field) {
        return rowsRead();
    }
}
