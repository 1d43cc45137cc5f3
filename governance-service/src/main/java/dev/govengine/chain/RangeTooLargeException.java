package dev.govengine.chain;

/** The node refused an eth_getLogs range as too wide or too full; a narrower range may succeed. */
public class RangeTooLargeException extends RpcException {
    public RangeTooLargeException(String chain, String message) {
        super(chain, "eth_getLogs", message);
    }
}
