package dev.govengine.rewards.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.rewards.epoch.EpochCalendar.PolicyVersion;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The segmented calendar against the contract's definition, walked one epoch at a time. */
class EpochCalendarProperties {
    private static final long ANCHOR = 1_000;

    @Provide
    Arbitrary<List<PolicyVersion>> histories() {
        Arbitrary<PolicyVersion> later = Combinators.combine(
                Arbitraries.longs().between(ANCHOR, ANCHOR + 5_000), Arbitraries.longs().between(1, 400))
                .as(PolicyVersion::new);
        return Combinators.combine(Arbitraries.longs().between(ANCHOR - 50, ANCHOR), Arbitraries.longs().between(1, 400),
                        later.list().ofMaxSize(12))
                .as((first, length, rest) -> {
                    List<PolicyVersion> all = new ArrayList<>();
                    all.add(new PolicyVersion(first, length));
                    all.addAll(rest);
                    return all;
                });
    }

    @Property(tries = 500)
    void windowsAndLookupsFollowTheDefinition(@ForAll("histories") List<PolicyVersion> versions) {
        EpochCalendar calendar = new EpochCalendar(ANCHOR, versions);
        long start = ANCHOR;
        for (long epoch = 1; epoch <= 200; epoch++) {
            long length = inForce(versions, start);
            EpochWindow window = calendar.window(epoch);
            assertEquals(new EpochWindow(epoch, start, start + length), window, calendar.toString());
            assertEquals(epoch, calendar.epochAt(start));
            assertEquals(epoch, calendar.epochAt(start + length - 1));
            start += length;
        }
    }

    /** The definition itself: the latest version at or before t, the later one in list order on a tie. */
    private static long inForce(List<PolicyVersion> versions, long timestamp) {
        PolicyVersion found = null;
        for (PolicyVersion version : versions) {
            if (version.timestamp() <= timestamp && (found == null || version.timestamp() >= found.timestamp())) {
                found = version;
            }
        }
        return found.epochLength();
    }
}
