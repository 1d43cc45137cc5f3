package dev.govengine.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentation;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.schema.DataFetcher;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InstrumentationChainTest {
    /** Notes, at each field's completion, the state the chain handed it and the value completed. */
    private static final class Completions extends SimplePerformantInstrumentation {
        private final String name;
        private final List<String> seen;

        Completions(String name, List<String> seen) {
            this.name = name;
            this.seen = seen;
        }

        private record Named(String name) implements InstrumentationState {
        }

        @Override
        public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
            return new Named(name);
        }

        @Override
        public InstrumentationContext<Object> beginFieldCompletion(InstrumentationFieldCompleteParameters parameters,
                InstrumentationState state) {
            return SimpleInstrumentationContext.whenCompleted((value, failure) ->
                    seen.add(name + " in state " + ((Named) state).name() + " completed " + value));
        }
    }

    @Test
    void membersThatDoNothingPerFieldAreNotAskedPerField() throws Exception {
        Instrumentation idle = new SimplePerformantInstrumentation() {
        };
        InstrumentationChain chain = new InstrumentationChain(List.of(SimpleInstrumentation.INSTANCE, idle));
        assertEquals(Set.of(), chain.perFieldHooks());
        InstrumentationState state = chain.createStateAsync(null).get(1, TimeUnit.SECONDS);
        assertNull(chain.beginFieldExecution(null, state));
        assertNull(chain.beginFieldFetching(null, state));
        assertNull(chain.beginFieldCompletion(null, state));
        assertNull(chain.beginFieldListCompletion(null, state));
        assertNull(chain.beginExecuteObject(null, state));
        DataFetcher<Object> fetcher = environment -> "value";
        assertSame(fetcher, chain.instrumentDataFetcher(fetcher, null, state));
    }

    @Test
    void aHookOneMemberImplementsReachesEveryMemberWithItsOwnState() throws Exception {
        List<String> seen = new ArrayList<>();
        InstrumentationChain chain = new InstrumentationChain(List.of(new Completions("first", seen),
                SimpleInstrumentation.INSTANCE, new Completions("second", seen)));
        assertEquals(Set.of("beginFieldCompletion"), chain.perFieldHooks());
        InstrumentationState state = chain.createStateAsync(null).get(1, TimeUnit.SECONDS);
        InstrumentationContext<Object> completion = chain.beginFieldCompletion(null, state);
        completion.onDispatched();
        completion.onCompleted("42", null);
        assertEquals(List.of("first in state first completed 42", "second in state second completed 42"), seen);
        assertNull(chain.beginFieldExecution(null, state));
    }

    /**
     * Every hook of graphql-java's Instrumentation is the chain's own, so that one a later graphql-java adds reaches
     * the members instead of the interface's default, which would skip them all. The two left to the interface are
     * the ones its defaults reach only from hooks the chain answers itself: createState from createStateAsync,
     * beginFieldFetch from beginFieldFetching.
     */
    @Test
    void theChainAnswersEveryHookOfGraphqlJavasInstrumentation() {
        Set<String> leftToTheInterface = Arrays.stream(InstrumentationChain.class.getMethods())
                .filter(method -> method.getDeclaringClass() == Instrumentation.class).map(Method::getName)
                .collect(Collectors.toSet());
        assertEquals(Set.of("createState", "beginFieldFetch"), leftToTheInterface, "hooks of graphql-java's "
                + "Instrumentation that InstrumentationChain does not pass to its members: add them there");
    }
}
