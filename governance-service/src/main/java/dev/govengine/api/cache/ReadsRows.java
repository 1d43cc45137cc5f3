package dev.govengine.api.cache;

import java.util.Set;

/**
 * A GraphQL object whose fields, resolvers of other classes included, read only some rows of the tables whose
 * notifications name the rows they changed (migrations V15 to V17: the per-account tables, votes and tallies): an answer
 * that fetches any of its fields is retired by a change to one of those rows, and not by a change to the table's
 * other rows.
 */
public interface ReadsRows {
    /** Each as {@link #row}. */
    Set<String> rowsRead();

    /**
     * The rows of {@code table} whose {@code label} column (account, proposal, voter) holds {@code value}, named as
     * the table's change notifications name them.
     */
    static String row(String table, String label, String governorId, String value) {
        return table + " " + label + ":" + governorId + "|" + value;
    }
}
