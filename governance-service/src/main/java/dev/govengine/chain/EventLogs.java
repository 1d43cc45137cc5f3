package dev.govengine.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;

/** Decoding of logs through web3j's ABI decoder, for events whose logs are few enough that its cost does not matter. */
public final class EventLogs {
    private EventLogs() {
    }

    /** The event's topic0, lower-case hex as logs carry it. */
    public static String topic(Event event) {
        return EventEncoder.encode(event).toLowerCase(Locale.ROOT);
    }

    /**
     * The log's values in the event's declaration order: indexed ones from the topics (a dynamic indexed value is its
     * keccak256 hash there, and decodes as bytes32), the others from the data.
     */
    public static List<Type> values(ChainLog log, Event event) {
        List<Type> data = FunctionReturnDecoder.decode(log.data(), event.getNonIndexedParameters());
        if (data.size() != event.getNonIndexedParameters().size()) {
            throw new IllegalArgumentException("data does not hold the " + event.getNonIndexedParameters().size()
                    + " non-indexed values of " + event.getName());
        }
        if (log.topics().size() != event.getIndexedParameters().size() + 1) {
            throw new IllegalArgumentException(event.getName() + " has " + event.getIndexedParameters().size()
                    + " indexed values but the log has " + (log.topics().size() - 1) + " topics after the first");
        }
        List<Type> values = new ArrayList<>(event.getParameters().size());
        int topic = 1;
        int next = 0;
        for (TypeReference<Type> parameter : event.getParameters()) {
            values.add(parameter.isIndexed()
                    ? FunctionReturnDecoder.decodeIndexedValue(log.topics().get(topic++), parameter)
                    : data.get(next++));
        }
        return values;
    }
}
