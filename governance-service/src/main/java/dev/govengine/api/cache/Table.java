package dev.govengine.api.cache;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every table of the schema, by the name its change notifications on {@code gov_data_changed} carry, and how it
 * announces a change (migration V31 installs the triggers). This is the one list of the response cache's vocabulary:
 * resolvers name the tables they read by it ({@link ReadsTables}), views the rows they read ({@link #row}), and
 * {@link ChangeNotice} reads payloads by it. {@code DataChangedTriggerTest} checks it against the triggers PostgreSQL
 * holds, both ways: a table without its trigger fails, and so does a trigger on a table missing here.
 */
public enum Table {
    ACCOUNT_DELEGATION(Announces.ROWS, Key.ACCOUNT.in("delegator")),
    BLOCK_HEADER(Announces.STATEMENTS, true),
    DELEGATE_POWER(Announces.ROWS, Key.ACCOUNT.in("delegate")),
    DELEGATION_CHANGE(Announces.STATEMENTS),
    DISTRIBUTOR_CLAIM(Announces.STATEMENTS),
    DISTRIBUTOR_CONTROL_EVENT(Announces.STATEMENTS),
    DISTRIBUTOR_FOREIGN_ROOT(Announces.STATEMENTS),
    DISTRIBUTOR_ROOT_EVENT(Announces.STATEMENTS),
    GOVERNANCE_ROOT_PROPOSAL(Announces.STATEMENTS),
    GOVERNOR(Announces.STATEMENTS),
    GOVERNOR_CLOCK(Announces.STATEMENTS),
    GOVERNOR_SETTING_CHANGE(Announces.STATEMENTS),
    POLICY_VERSION(Announces.STATEMENTS),
    PROPOSAL(Announces.STATEMENTS),
    PROPOSAL_CHAIN_STATE(Announces.ROWS, Key.PROPOSAL.in("proposal_id")),
    PROPOSAL_TALLY(Announces.ROWS, Key.PROPOSAL.in("proposal_id")),
    RECEIPT_INVALIDATION(Announces.STATEMENTS),
    REWARD_ALLOCATION(Announces.STATEMENTS),
    REWARD_ALLOCATION_SUPERSEDED(Announces.STATEMENTS),
    REWARD_EPOCH(Announces.STATEMENTS),
    REWARD_EPOCH_INPUTS(Announces.STATEMENTS),
    REWARD_EPOCH_INPUTS_SUPERSEDED(Announces.STATEMENTS),
    REWARD_EPOCH_RESULT(Announces.STATEMENTS),
    REWARD_EPOCH_RESULT_SUPERSEDED(Announces.STATEMENTS),
    REWARD_TREE(Announces.STATEMENTS),
    REWARD_TREE_SUPERSEDED(Announces.STATEMENTS),
    ROLLUP_CONTRIBUTION(Announces.STATEMENTS),
    SOURCE_CURSOR(Announces.STATEMENTS, true),
    SUBMISSION_TX(Announces.STATEMENTS),
    SYNC_CURSOR(Announces.GOVERNOR_HEAD),
    TIMELOCK_OPERATION_EVENT(Announces.STATEMENTS),
    TOKEN_BALANCE(Announces.ROWS, Key.ACCOUNT.in("account")),
    TOKEN_BALANCE_CHANGE(Announces.STATEMENTS),
    VOTE(Announces.ROWS, Key.PROPOSAL.in("proposal_id"), Key.VOTER.in("voter")),
    VOTE_REDUCTION(Announces.STATEMENTS),
    VOTING_POWER_CHANGE(Announces.ROWS, Key.ACCOUNT.in("delegate")),
    WEBHOOK_DELIVERY(Announces.STATEMENTS),
    WEBHOOK_ENDPOINT(Announces.STATEMENTS),
    WEBHOOK_PROPOSAL_STATE(Announces.STATEMENTS),
    WORK_RECEIPT(Announces.STATEMENTS);

    /** How a table's trigger announces a committed change. */
    public enum Announces {
        /** Each statement, even one that matched no row: {@code <table> <operation>}. */
        STATEMENTS,
        /**
         * Each statement that changed rows, with the keys of the rows it changed ({@link #keys}), taken from the
         * statement's transition table; a TRUNCATE, or keys longer than 7,000 characters, as the whole table.
         */
        ROWS,
        /**
         * A Governor's cursor: each row inserted or updated with the head it moved to ({@code <table> <operation>
         * <block> <timestamp or -> <governor>}); a DELETE or TRUNCATE (a rollback, an operator's reset) by statement.
         */
        GOVERNOR_HEAD
    }

    /** What a key of a changed row names: {@code <label>:<governor>|<value of its column>}. */
    public enum Key {
        ACCOUNT, PROPOSAL, VOTER;

        /** The label the key starts with. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** This key, taken from {@code column} of a table's rows. */
        Column in(String column) {
            return new Column(this, column);
        }
    }

    /** A key of a table's changed rows and the column its value comes from. */
    public record Column(Key key, String column) {
    }

    /** A row read, or rows changed, of {@code table}: those whose key is {@code key}; every row if it is null. */
    public record Row(Table table, String key) {
    }

    private static final Map<String, Table> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Table::sqlName, Function.identity()));

    private final Announces announces;
    private final List<Column> keys;
    private final boolean movesWithTheHead;

    Table(Announces announces, Column... keys) {
        this(announces, false, keys);
    }

    Table(Announces announces, boolean movesWithTheHead, Column... keys) {
        if ((announces == Announces.ROWS) == (keys.length == 0)) {
            throw new IllegalArgumentException("a table announces its rows by keys, and only then");
        }
        this.announces = announces;
        this.movesWithTheHead = movesWithTheHead;
        this.keys = List.of(keys);
    }

    /** The table's name in the schema and in its notifications. */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Announces announces() {
        return announces;
    }

    /** The keys its notifications name the changed rows by, in the order the trigger takes them; empty unless ROWS. */
    public List<Column> keys() {
        return keys;
    }

    /**
     * Whether its INSERT and UPDATE notifications come only with a move of an indexed head: other cursors and the
     * block headers written with a move. They retire only the answers of unknown dependence on the heads.
     */
    public boolean movesWithTheHead() {
        return movesWithTheHead;
    }

    /** The table named so in the schema; empty for a name this list does not know. */
    public static Optional<Table> named(String sqlName) {
        return Optional.ofNullable(BY_NAME.get(sqlName));
    }

    /**
     * Every row of this table, for a view that reads the table whole only in some cases (a Governor's votes, rather
     * than one proposal's): a change to any of its rows retires the answers that read it.
     *
     * @throws IllegalArgumentException if this table's notifications do not name rows
     */
    public Row everyRow() {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(sqlName() + " does not name its changed rows");
        }
        return new Row(this, null);
    }

    /**
     * The rows of this table whose {@code key} column holds {@code value} for the Governor, named as this table's
     * notifications name them.
     *
     * @throws IllegalArgumentException if this table's notifications do not name rows by {@code key}
     */
    public Row row(Key key, String governorId, String value) {
        if (keys.stream().noneMatch(column -> column.key() == key)) {
            throw new IllegalArgumentException(sqlName() + " does not name its changed rows by " + key.label());
        }
        return new Row(this, key.label() + ":" + governorId + "|" + value);
    }
}
