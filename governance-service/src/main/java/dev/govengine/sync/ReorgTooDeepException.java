package dev.govengine.sync;

/**
 * The chain no longer holds a source's indexed block, and no block within {@code gov.sync.max-reorg-depth} of it
 * that the index stored is on the chain either. The source is not indexed again until the service restarts.
 */
public class ReorgTooDeepException extends RuntimeException {
    public ReorgTooDeepException(LogSource source, Cursor orphaned, long head, long searchedFrom, int maxDepth) {
        super("reorg deeper than gov.sync.max-reorg-depth (" + maxDepth + " blocks): indexed block "
                + orphaned.block() + " (" + orphaned.hash() + ") is not on chain '" + source.chain() + "' (head "
                + head + "), nor is any stored block from " + searchedFrom + "; indexing of " + source.id()
                + " stopped. Check that the chain's rpc-url reaches the right network, or raise the depth and restart");
    }
}
