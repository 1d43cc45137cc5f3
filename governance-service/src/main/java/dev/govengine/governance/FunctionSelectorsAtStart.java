package dev.govengine.governance;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Loads {@link FunctionSelectors#known()} (every ABI of the contracts jar read, and each function's selector hashed)
 * while the service starts, on a thread of its own. Loaded on first use instead, it ran on the event loop of the first
 * read that showed a proposal's actions, which in bench/head was the read of the first vote after a start
 * (docs/BENCHMARKS.md, "Head latency").
 */
@ApplicationScoped
class FunctionSelectorsAtStart {
    void load(@Observes StartupEvent started) {
        Thread loader = new Thread(FunctionSelectors::known, "function-selectors");
        loader.setDaemon(true);
        loader.start();
    }
}
