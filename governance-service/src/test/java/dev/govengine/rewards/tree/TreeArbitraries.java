package dev.govengine.rewards.tree;

import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.web3j.utils.Numeric;

/** Generators shared by the reward properties: accounts, uint256 amounts with their edges, and leaf lists. */
public final class TreeArbitraries {
    private TreeArbitraries() {
    }

    public static Arbitrary<ChecksumAddress> accounts() {
        return Arbitraries.bytes().array(byte[].class).ofSize(20)
                .map(bytes -> ChecksumAddress.of(Numeric.toHexString(bytes)));
    }

    public static Arbitrary<BigInteger> amounts() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(BigInteger.ZERO)),
                Tuple.of(1, Arbitraries.just(LeafValue.MAX_UINT256)),
                Tuple.of(4, Arbitraries.bigIntegers().between(BigInteger.ZERO, LeafValue.MAX_UINT256)),
                Tuple.of(4, Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1_000_000))));
    }

    /** 1 to {@code maxSize} values with distinct accounts. */
    public static Arbitrary<List<LeafValue>> leafLists(int maxSize) {
        return Combinators.combine(accounts(), amounts()).as(LeafValue::new)
                .list().ofMinSize(1).ofMaxSize(maxSize).uniqueElements(LeafValue::account);
    }
}
