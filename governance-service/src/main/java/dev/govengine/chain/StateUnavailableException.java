package dev.govengine.chain;

/**
 * The node answered an eth_call at a block with an error that is not a revert: typically a node that has pruned the
 * state of that block ("missing trie node", "header not found"). Another block may still be answered.
 */
public class StateUnavailableException extends RpcException {
    public StateUnavailableException(String chain, long block, String message) {
        super(chain, "eth_call", "state at block " + block + " unavailable: " + message);
    }
}
