package dev.govengine.contributions;

import dev.govengine.chain.ChainLog;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.utils.Numeric;

/**
 * How one rollup contribution kind is read from the chain: an event of a contract (empty: the deployment's
 * RollupContributions), the address parameter naming the contributor, an optional uint parameter giving the amount
 * (1 per event otherwise), and an optional {@code parameter=value} condition. {@code trustedEmitter}: the operator
 * vouches that only trusted parties can make the contract emit the event.
 */
public record RollupKindMapping(String kind, Optional<ChecksumAddress> contract, EventSignature event,
        String contributor, Optional<String> amount, Optional<Condition> when, boolean trustedEmitter) {

    /** Only events whose {@code parameter} has the value {@code expected} (normalized as {@link #normalize}). */
    public record Condition(String parameter, String expected) {
        @Override
        public String toString() {
            return parameter + "=" + expected;
        }
    }

    /** A contribution one log gives. */
    public record Contribution(String kind, ChecksumAddress contributor, BigInteger amount) {
    }

    /** The contribution {@code log} gives under this mapping, if its topic is this event's and the condition holds. */
    public Optional<Contribution> apply(ChainLog log) {
        if (!log.topic0().equals(event.topic())) {
            return Optional.empty();
        }
        Map<String, Type> values = event.decode(log);
        if (when.isPresent() && !normalize(values.get(when.get().parameter())).equals(when.get().expected())) {
            return Optional.empty();
        }
        ChecksumAddress who = ChecksumAddress.of(((Address) values.get(contributor)).getValue());
        BigInteger howMuch = amount.map(name -> (BigInteger) values.get(name).getValue()).orElse(BigInteger.ONE);
        return Optional.of(new Contribution(kind, who, howMuch));
    }

    /** A decoded value as text comparable with a configured one: decimal integers, checksummed addresses, hex bytes. */
    static String normalize(Type value) {
        Object raw = value.getValue();
        if (raw instanceof byte[] bytes) {
            return Numeric.toHexString(bytes).toLowerCase(Locale.ROOT);
        }
        if (value instanceof Address address) {
            return ChecksumAddress.of(address.getValue()).toString();
        }
        return String.valueOf(raw);
    }

    /** What identifies the mapping's effect, for noticing a changed configuration. */
    String describe() {
        return kind + "=" + contract.map(ChecksumAddress::toString).orElse("deployment") + ":" + event.canonical()
                + ":" + event.parameters() + ":" + contributor + ":" + amount.orElse("1") + ":"
                + when.map(Condition::toString).orElse("");
    }
}
