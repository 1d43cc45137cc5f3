package dev.govengine.chain;

/** A log whose topic names a known event but whose payload is not that event's OpenZeppelin encoding. */
public class UndecodableLogException extends RuntimeException {
    public UndecodableLogException(ChainLog log, Throwable cause) {
        super("cannot decode log " + log.logIndex() + " of tx " + log.transactionHash() + " in block "
                + log.blockNumber() + " from " + log.address() + ": " + cause.getMessage(), cause);
    }
}
