package dev.govengine.chain;

/** A JSON-RPC call that the node answered with an error. */
public class RpcException extends RuntimeException {
    public RpcException(String chain, String method, String message) {
        super(chain + ": " + method + " failed: " + message);
    }
}
