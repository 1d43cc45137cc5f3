package dev.govengine.api;

import dev.govengine.governance.Page;
import dev.govengine.governance.VoteQueries;
import dev.govengine.governance.VoteRecord;
import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.NullValue;
import graphql.language.Selection;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.DataFetchingEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A page of one proposal's votes read beside the proposal rather than after it. An uncached proposal page otherwise
 * waits for two round trips to PostgreSQL one after the other, the proposal's and then its votes', each of which, on
 * a busy machine, also waits for the server's process and then the event loop to be scheduled. Its identity is its
 * equality (no record): a proposal's view is a batch key, hashed whole, and a page of votes need not be hashed too.
 */
final class VotesAhead {
    private static final Object UNSUPPORTED = new Object();

    private final int size;
    private final Optional<VoteQueries.Position> after;
    private final Page<VoteRecord> page;

    private VotesAhead(int size, Optional<VoteQueries.Position> after, Page<VoteRecord> page) {
        this.size = size;
        this.after = after;
        this.page = page;
    }

    /** The page these arguments ask for, if it is the one read ahead. */
    Optional<Page<VoteRecord>> page(int size, Optional<VoteQueries.Position> after) {
        return size == this.size && after.equals(this.after) ? Optional.of(page) : Optional.empty();
    }

    /** What to read ahead: the page size and position the proposal's one votes field asks for. */
    record Request(int size, Optional<VoteQueries.Position> after) {
        VotesAhead with(Page<VoteRecord> page) {
            return new VotesAhead(size, after, page);
        }
    }

    /**
     * The votes page that the proposal field of {@code environment} selects, when it selects exactly one, directly
     * (no fragment, no directive), with arguments that are literals or variables and that the votes resolver would
     * accept; otherwise empty, and the votes are read after the proposal as before. The votes resolver still checks
     * its own arguments, so an error keeps its field and its code.
     */
    static Optional<Request> requested(DataFetchingEnvironment environment, int maxPageSize) {
        List<Field> merged = environment.getMergedField().getFields();
        if (merged.size() != 1 || merged.get(0).getSelectionSet() == null) {
            return Optional.empty();
        }
        Field votes = null;
        for (Selection<?> selection : merged.get(0).getSelectionSet().getSelections()) {
            if (!(selection instanceof Field field)) {
                return Optional.empty();
            }
            if (field.getName().equals("votes")) {
                if (votes != null || !field.getDirectives().isEmpty()) {
                    return Optional.empty();
                }
                votes = field;
            }
        }
        if (votes == null) {
            return Optional.empty();
        }
        Object first = null;
        Object after = null;
        for (Argument argument : votes.getArguments()) {
            Object value = value(argument.getValue(), environment.getVariables());
            if (value == UNSUPPORTED) {
                return Optional.empty();
            }
            switch (argument.getName()) {
                case "first" -> first = value;
                case "after" -> after = value;
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (first != null && !(first instanceof Integer) || after != null && !(after instanceof String)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Request(ApiInputs.first((Integer) first, maxPageSize),
                    Cursors.vote((String) after)));
        } catch (RuntimeException refused) {
            // The votes resolver refuses them with their own error, on their own field.
            return Optional.empty();
        }
    }

    /** An argument's value (null: null or a variable not given), or {@link #UNSUPPORTED} for any other kind. */
    private static Object value(Value<?> value, Map<String, Object> variables) {
        if (value instanceof NullValue) {
            return null;
        }
        if (value instanceof IntValue literal) {
            return literal.getValue().bitLength() < Integer.SIZE ? literal.getValue().intValue() : UNSUPPORTED;
        }
        if (value instanceof StringValue literal) {
            return literal.getValue();
        }
        if (value instanceof VariableReference reference) {
            return variables.get(reference.getName());
        }
        return UNSUPPORTED;
    }
}
