package dev.govengine.sync;

/** The last block whose logs are fully indexed for a log source, and its hash when indexed. */
public record Cursor(long block, String hash) {
}
