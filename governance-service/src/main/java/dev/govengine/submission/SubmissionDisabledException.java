package dev.govengine.submission;

/** Submission is off (no key, or the key lacks UPDATER_ROLE); nothing was sent. */
public class SubmissionDisabledException extends RuntimeException {
    public SubmissionDisabledException(String detail) {
        super("submission is off: " + detail);
    }
}
