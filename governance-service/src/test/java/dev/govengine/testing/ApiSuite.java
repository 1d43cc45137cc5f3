package dev.govengine.testing;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The tests of the API and its response cache, the commands and the epoch lifecycle; {@link IndexerSuite} runs all
 * the others. Surefire runs the two suites in two JVMs at once, each suite in a single JUnit run. Given the test
 * classes one at a time, as it does with more than one JVM, it starts a JUnit run for each, and Quarkus boots anew
 * (with a PostgreSQL and an Anvil of its own) for every run, so once per class; within one run it boots once per test
 * profile, and builds the application for every profile of the run before the first test. So each profile's classes
 * stay in one suite where they can: the response cache's tests are here with the other classes of
 * {@link ResponseCacheOn}, and the submission's tests, which need no profile of their own, are in the other suite to
 * keep the split at about half the time each (docs/BENCHMARKS.md, "Build and tests").
 */
@Suite
@SelectPackages("dev.govengine")
@IncludeClassNamePatterns({ApiSuite.TEST_CLASSES, ApiSuite.PROPERTY_CLASSES})
@ExcludeClassNamePatterns("^(?!" + ApiSuite.THESE + ").*$")
public class ApiSuite {
    /** The classes this suite runs, and {@link IndexerSuite} leaves. */
    static final String THESE = "dev\\.govengine\\.(api|api\\.cache|cli|rewards\\.lifecycle)\\.[^.]+$";
    /** Surefire's default test class names. */
    static final String TEST_CLASSES = "^(Test.*|.+[.$]Test.*|.*Tests?|.*TestCase)$";
    /** jqwik's property classes. */
    static final String PROPERTY_CLASSES = "^.*Properties$";
}
