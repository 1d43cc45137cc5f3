package dev.govengine.sync;

import dev.govengine.types.ChecksumAddress;
import java.util.List;

/**
 * A log source that is one contract of the engine's own, such as a reward contract: its cursor is in
 * {@code source_cursor}, keyed by what kind of contract it is and its CAIP-10 account id.
 */
public interface ContractSource extends LogSource {
    /** The cursor's key prefix, for example {@code distributor}. */
    String kind();

    long chainId();

    ChecksumAddress contract();

    /** The cursor key of a contract of {@code kind}. */
    static String sourceId(String kind, long chainId, ChecksumAddress contract) {
        return kind + ":eip155:" + chainId + ":" + contract;
    }

    @Override
    default String id() {
        return sourceId(kind(), chainId(), contract());
    }

    @Override
    default CursorTable cursorTable() {
        return CursorTable.CONTRACT;
    }

    @Override
    default List<ChecksumAddress> addresses() {
        return List.of(contract());
    }
}
