package dev.govengine.rewards.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.govengine.rewards.tree.StandardMerkleTree;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LeafValue;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The order the store sends leaf rows in: the accounts' text order, as the C collations compare the primary key,
 * also among accounts whose first characters agree (most here share their first ten, as many as the order's keys
 * hold at a thousand accounts: only the last characters and their case differ).
 */
class RewardStoreRowOrderTest {
    @Test
    void rowsGoInTheTextOrderOfTheirAccounts() {
        SplittableRandom random = new SplittableRandom(18);
        byte[] address = new byte[20];
        List<LeafValue> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            random.nextBytes(address);
            if (i % 3 > 0) {
                address[0] = (byte) 0xab;
                address[1] = (byte) 0xcd;
                address[2] = (byte) 0xef;
                address[3] = (byte) 0x01;
                address[4] = (byte) 0x23;
            }
            values.add(new LeafValue(ChecksumAddress.of("0x" + HexFormat.of().formatHex(address)), BigInteger.valueOf(i)));
        }
        values.sort(Comparator.comparing(LeafValue::account));

        List<String> expected = values.stream().map(value -> value.account().toString()).sorted().toList();
        List<String> sent = IntStream.of(textOrder(values)).mapToObj(i -> values.get(i).account().toString())
                .toList();
        assertEquals(expected, sent);
        assertNotEquals(values.stream().map(value -> value.account().toString()).toList(), sent,
                "mixed-case text order is not address order");
        assertEquals(List.of(0), IntStream.of(textOrder(values.subList(0, 1)))
                .boxed().toList());
    }

    /** The order of {@code values} from their accounts' text as the tree and the store take it. */
    private static int[] textOrder(List<LeafValue> values) {
        return RewardStore.textOrder(ByteBuffer.wrap(StandardMerkleTree.accountText(values)), values.size());
    }
}
