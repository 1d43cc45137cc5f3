package dev.govengine.testing;

import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The tests that {@link ApiSuite} leaves: the chain, the indexers, the database, the rewards, the submission.
 */
@Suite
@SelectPackages("dev.govengine")
@IncludeClassNamePatterns({ApiSuite.TEST_CLASSES, ApiSuite.PROPERTY_CLASSES})
@ExcludeClassNamePatterns("^" + ApiSuite.THESE)
public class IndexerSuite {
}
