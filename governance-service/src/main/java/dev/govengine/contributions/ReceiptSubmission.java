package dev.govengine.contributions;

/**
 * A work receipt as a client sends it, before any check: the big numbers as decimal strings, the small ones as
 * integers (null when missing), bytes as 0x hex.
 */
public record ReceiptSubmission(String provider, String epoch, String jobId, Long gpuClass, String gpuSeconds,
        Long qualityBps, String signature) {
}
