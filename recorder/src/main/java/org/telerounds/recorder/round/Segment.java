package org.telerounds.recorder.round;

/** A finished segment object: its key, size and SHA-256, and the media time it covers. */
public record Segment(String key, long size, String sha256, long startMillis, long endMillis) {}
