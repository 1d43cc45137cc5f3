package dev.govengine.persistence;

import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/** Conversions between chain quantities (uint256 as BigInteger) and PostgreSQL NUMERIC(78,0) in the reactive client. */
public final class Numerics {
    private Numerics() {
    }

    public static Numeric numeric(BigInteger value) {
        return value == null ? null : Numeric.create(new BigDecimal(value));
    }

    public static Numeric[] numerics(List<BigInteger> values) {
        return values.stream().map(Numerics::numeric).toArray(Numeric[]::new);
    }

    public static BigInteger bigInteger(Numeric value) {
        return value == null ? null : value.bigIntegerValue();
    }
}
