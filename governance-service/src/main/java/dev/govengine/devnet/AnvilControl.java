package dev.govengine.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

/** Anvil's non-standard RPC methods that move a local chain through time on demand. */
public final class AnvilControl {
    private static final long MINE_PER_CALL = 500;

    private final Web3jService service;

    public AnvilControl(Web3jService service) {
        this.service = service;
    }

    /**
     * Mines {@code blocks} empty blocks at once, in calls of at most {@value #MINE_PER_CALL}: past its first few
     * hundred blocks Anvil writes each block's state to disk, and one call for thousands of blocks outlasted the
     * client's read timeout.
     */
    public void mine(long blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("cannot mine " + blocks + " blocks");
        }
        for (long left = blocks; left > 0; left -= MINE_PER_CALL) {
            call("anvil_mine", List.of(Numeric.encodeQuantity(java.math.BigInteger.valueOf(Math.min(left, MINE_PER_CALL)))));
        }
    }

    /** Moves the next block's timestamp forward by {@code seconds}. */
    public void increaseTime(long seconds) {
        call("evm_increaseTime", List.of(seconds));
    }

    /** Fixes the next block's timestamp, in seconds; it must be later than the latest block's. */
    public void setNextBlockTimestamp(long timestamp) {
        call("evm_setNextBlockTimestamp", List.of(timestamp));
    }

    /** Switches from mining on every transaction to one block every {@code seconds}. */
    public void setIntervalMining(long seconds) {
        call("evm_setIntervalMining", List.of(seconds));
    }

    /**
     * Writes one storage word of a contract: for a setting its code bounds beyond what a test can wait for, such as
     * GovernorBravo's minimum voting period of 5760 blocks (Anvil mines a few hundred blocks a second).
     */
    public void setStorageAt(String address, long slot, java.math.BigInteger value) {
        call("anvil_setStorageAt", List.of(address, Numeric.encodeQuantity(java.math.BigInteger.valueOf(slot)),
                Numeric.toHexStringWithPrefixZeroPadded(value, 64)));
    }

    /** Takes a snapshot of the chain to return to with {@link #revert}; returns its id. */
    public String snapshot() {
        return String.valueOf(call("evm_snapshot", List.of()).getResult());
    }

    /**
     * Returns the chain to a snapshot. The blocks mined since are gone, and blocks mined next reuse their numbers
     * with other hashes: a reorg, as an indexer sees it.
     */
    public void revert(String snapshotId) {
        if (!Boolean.TRUE.equals(call("evm_revert", List.of(snapshotId)).getResult())) {
            throw new IllegalStateException("evm_revert refused snapshot " + snapshotId);
        }
    }

    private Response<?> call(String method, List<?> params) {
        try {
            Response<?> response = new Request<>(method, params, service, GenericResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException(method + " failed: " + response.getError().getMessage());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " failed: " + e.getMessage(), e);
        }
    }

    public static class GenericResponse extends Response<Object> {
    }
}
