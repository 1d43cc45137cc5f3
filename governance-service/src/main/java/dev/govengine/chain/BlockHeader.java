package dev.govengine.chain;

/** The parts of a block header the index depends on. Hashes are lower-case 0x-prefixed hex. */
public record BlockHeader(long number, String hash, String parentHash, long timestamp) {
}
