package dev.govengine.rewards.epoch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * When each reward epoch starts and ends. Epoch 1 starts at the anchor (the block timestamp of the RewardPolicy's
 * deployment block); epoch n+1 starts where epoch n ends; epoch n lasts the {@code epochLength} of the policy in
 * force at epoch n's start. A policy change therefore never reshapes an epoch already started: it applies from the
 * first epoch that starts at or after the change.
 *
 * <p>Pure: built from the anchor and the policy versions, it answers without I/O. Internally the epochs are held as
 * segments of equal length, one per effective length change, so both lookups are a binary search whatever the
 * epoch number.
 */
public final class EpochCalendar {
    /** A policy version as the calendar needs it: the timestamp of the block that made it, and its epoch length. */
    public record PolicyVersion(long timestamp, long epochLength) {
        public PolicyVersion {
            if (epochLength < 1) {
                throw new IllegalArgumentException("epoch length " + epochLength + " at " + timestamp + " is not positive");
            }
        }
    }

    private final long anchor;
    private final long[] firstEpochs;
    private final long[] starts;
    private final long[] lengths;

    /**
     * @param anchor the start of epoch 1
     * @param versions every policy version, in any order; among versions with the same timestamp the last one in
     *        the list is in force, as the later log of the same block is. One must be in force at the anchor.
     */
    public EpochCalendar(long anchor, List<PolicyVersion> versions) {
        this.anchor = anchor;
        List<PolicyVersion> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparingLong(PolicyVersion::timestamp));
        long[] times = sorted.stream().mapToLong(PolicyVersion::timestamp).toArray();
        long[] versionLengths = sorted.stream().mapToLong(PolicyVersion::epochLength).toArray();

        List<long[]> segments = new ArrayList<>();
        long length = lengthAt(times, versionLengths, anchor);
        segments.add(new long[] {1, anchor, length});
        long epoch = 1;
        long start = anchor;
        while (true) {
            int next = firstAfter(times, start);
            if (next == times.length) {
                break;
            }
            // Epochs of the current length keep starting until one starts at or after the change.
            long count = (times[next] - start - 1) / length + 1;
            long nextStart;
            try {
                nextStart = Math.addExact(start, Math.multiplyExact(count, length));
            } catch (ArithmeticException beyondTime) {
                break;
            }
            epoch += count;
            start = nextStart;
            long nextLength = lengthAt(times, versionLengths, start);
            if (nextLength != length) {
                segments.add(new long[] {epoch, start, nextLength});
                length = nextLength;
            }
        }
        firstEpochs = segments.stream().mapToLong(s -> s[0]).toArray();
        starts = segments.stream().mapToLong(s -> s[1]).toArray();
        lengths = segments.stream().mapToLong(s -> s[2]).toArray();
    }

    public long anchor() {
        return anchor;
    }

    public EpochWindow window(long epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch numbers start at 1, not " + epoch);
        }
        int segment = lastAtOrBefore(firstEpochs, epoch);
        long start = Math.addExact(starts[segment], Math.multiplyExact(epoch - firstEpochs[segment], lengths[segment]));
        return new EpochWindow(epoch, start, Math.addExact(start, lengths[segment]));
    }

    /** The epoch that holds {@code timestamp}; there is none before the anchor. */
    public long epochAt(long timestamp) {
        if (timestamp < anchor) {
            throw new IllegalArgumentException("timestamp " + timestamp + " is before epoch 1 starts at " + anchor);
        }
        int segment = lastAtOrBefore(starts, timestamp);
        return firstEpochs[segment] + (timestamp - starts[segment]) / lengths[segment];
    }

    private static long lengthAt(long[] times, long[] lengths, long timestamp) {
        int after = firstAfter(times, timestamp);
        if (after == 0) {
            throw new IllegalArgumentException("no policy version is in force at " + timestamp);
        }
        return lengths[after - 1];
    }

    /** Index of the first element greater than {@code value}, or the length if none. */
    private static int firstAfter(long[] sorted, long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int lastAtOrBefore(long[] sorted, long value) {
        return firstAfter(sorted, value) - 1;
    }

    @Override
    public String toString() {
        return "EpochCalendar[anchor=" + anchor + ", firstEpochs=" + Arrays.toString(firstEpochs) + ", starts="
                + Arrays.toString(starts) + ", lengths=" + Arrays.toString(lengths) + "]";
    }
}
