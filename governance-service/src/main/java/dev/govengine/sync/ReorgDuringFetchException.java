package dev.govengine.sync;

/** A log's block hash differs from the header fetched right after it: the chain moved mid-batch; retry the range. */
public class ReorgDuringFetchException extends RuntimeException {
    public ReorgDuringFetchException(String chain, long block) {
        super(chain + ": block " + block + " changed while its logs were read; the range will be read again");
    }
}
