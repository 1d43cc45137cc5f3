package dev.govengine.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value types every file shares, and the means for a file's own: addresses (as values and as map keys, held in
 * their EIP-55 form), maps that refuse two keys naming the same thing, and {@link RefusedValue} for a deserializer
 * to say in its own words what is wrong with a value.
 */
public final class JsonValues {
    static final SimpleModule MODULE = new SimpleModule("file values")
            .addDeserializer(ChecksumAddress.class, new AddressDeserializer())
            .addKeyDeserializer(ChecksumAddress.class, new AddressKeyDeserializer())
            .addSerializer(ChecksumAddress.class, ToStringSerializer.instance)
            .addAbstractTypeMapping(Map.class, DistinctKeyMap.class);

    private JsonValues() {
    }

    /** A value refused by one of our deserializers; its message is the fault, without path or location. */
    public static final class RefusedValue extends JsonMappingException {
        private RefusedValue(JsonParser parser, String fault) {
            super(parser, fault);
        }
    }

    /** Refuses the value the parser is at. */
    public static RefusedValue refuse(JsonParser parser, String fault) {
        return new RefusedValue(parser, fault);
    }

    /** Refuses a map key: Jackson does not add the key to the path by itself. */
    public static RefusedValue refuseKey(DeserializationContext context, String key, String fault) {
        RefusedValue refused = new RefusedValue(context.getParser(), fault);
        refused.prependPath(new JsonMappingException.Reference(null, key));
        return refused;
    }

    /** The value the parser is at, as it is written: {@code 7}, {@code "x"}, {@code {…}}. */
    public static String found(JsonParser parser) {
        return StrictJson.text(parser);
    }

    /**
     * The map every file's {@code Map} field is read into: two keys that read as the same value (an address in two
     * cases, say) are refused rather than the later silently replacing the earlier.
     */
    public static final class DistinctKeyMap<K, V> extends LinkedHashMap<K, V> {
        @Override
        public V put(K key, V value) {
            if (containsKey(key)) {
                throw new IllegalArgumentException(key + " appears twice");
            }
            return super.put(key, value);
        }
    }

    private static final class AddressDeserializer extends JsonDeserializer<ChecksumAddress> {
        @Override
        public ChecksumAddress deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw refuse(parser, "must be a string");
            }
            try {
                return ChecksumAddress.of(parser.getText());
            } catch (InvalidAddressException e) {
                throw refuse(parser, e.getMessage());
            }
        }
    }

    private static final class AddressKeyDeserializer extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            try {
                return ChecksumAddress.of(key);
            } catch (InvalidAddressException e) {
                throw refuseKey(context, key, e.getMessage());
            }
        }
    }
}
