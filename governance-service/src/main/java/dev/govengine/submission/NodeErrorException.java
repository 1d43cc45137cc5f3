package dev.govengine.submission;

/** The node answered a read with a JSON-RPC error: treated as transient, like an unreachable node. */
class NodeErrorException extends RuntimeException {
    NodeErrorException(String method, String message) {
        super(method + " failed: " + message);
    }
}
