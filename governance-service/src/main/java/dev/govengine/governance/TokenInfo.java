package dev.govengine.governance;

import java.math.BigInteger;

/**
 * What a votes token says about itself over eth_call, read once at discovery: {@code name}, {@code symbol} and
 * {@code decimals} are null when it does not answer them (ERC-721 has no decimals; a token may lack any of them).
 * {@code supplyBeforeStart} is its {@code totalSupply()} at the block before the governor's start block: zero when it
 * had no code there (deployed later) or the start block is 0, null when that is unknown (it has no totalSupply(), or
 * the node has no state at that block).
 */
public record TokenInfo(String name, String symbol, Integer decimals, BigInteger supplyBeforeStart) {
    /** Whether balances may have been held before the start block, which the indexed range does not show. */
    public boolean heldBeforeStart() {
        return supplyBeforeStart == null || supplyBeforeStart.signum() > 0;
    }
}
