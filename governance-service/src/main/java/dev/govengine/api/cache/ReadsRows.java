package dev.govengine.api.cache;

import java.util.Set;

/**
 * A GraphQL object whose fields, resolvers of other classes included, read only some rows of the per-account tables
 * (migration V15 names their changed rows): an answer that fetches any of its fields is retired by a change to one
 * of those rows, and not by a change to the table's other rows.
 */
public interface ReadsRows {
    /** Each as {@link #row}. */
    Set<String> rowsRead();

    /** One account's rows of a per-account table, named as the table's change notifications name them. */
    static String row(String table, String governorId, String account) {
        return table + " " + governorId + "|" + account;
    }
}
