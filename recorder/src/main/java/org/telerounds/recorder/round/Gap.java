package org.telerounds.recorder.round;

/**
 * A stretch of a track that is not in the recording, with why: {@code write-failed: <reason>} (the
 * segment could not be written, e.g. "No space left on device"), {@code spool-full}, or
 * {@code writer-queue-full} (packets dropped before the writer took them). Times are
 * wall-clock milliseconds; the media from {@code startMillis} up to {@code endMillis} is lost.
 */
public record Gap(long startMillis, long endMillis, String cause) {}
