package dev.govengine.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.govengine.json.JsonValues;
import dev.govengine.rewards.tree.Uint256Decimal;
import java.io.IOException;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The values of the reward files (an epoch's inputs, a policy change). A {@link BigInteger} is an amount, weight or
 * proposal id: a canonical decimal string in base units up to 2^256 − 1, as everywhere money is written, because a
 * JSON number loses precision past 2^53. Small counters (bps, seconds, the epoch number) are JSON integers: a
 * {@code BigInteger} counter says so with {@code @JsonDeserialize(using = NumberDeserializers.BigIntegerDeserializer.class)}.
 */
final class RewardJson {
    static final SimpleModule AMOUNTS = new SimpleModule("reward amounts")
            .addDeserializer(BigInteger.class, new AmountDeserializer());

    private RewardJson() {
    }

    private static final class AmountDeserializer extends JsonDeserializer<BigInteger> {
        @Override
        public BigInteger deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw JsonValues.refuse(parser, "expected a decimal string in base units, found " + JsonValues.found(parser));
            }
            try {
                return Uint256Decimal.parse(parser.getText());
            } catch (IllegalArgumentException e) {
                throw JsonValues.refuse(parser, e.getMessage());
            }
        }
    }

    /**
     * A GPU class as a map key: 0 to 255 in its one written form, so that "1" and "01" cannot both name class 1 and
     * let the key order decide which weight counts.
     */
    static final class GpuClassKey extends KeyDeserializer {
        private static final Pattern CLASS = Pattern.compile("0|[1-9][0-9]{0,2}");

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (!CLASS.matcher(key).matches() || Integer.parseInt(key) > 255) {
                throw JsonValues.refuseKey(context, key, "a GPU class is an integer from 0 to 255, written without"
                        + " leading zeros");
            }
            return Integer.valueOf(key);
        }
    }
}
