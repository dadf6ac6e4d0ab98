package org.telerounds.media.transcribe;

/**
 * One recognised word with its times on the round's clock, in milliseconds. {@code confidence} is
 * in 0..1, or {@link Double#NaN} when the engine does not give one (PocketSphinx here).
 */
public record Word(String word, long startMillis, long endMillis, double confidence) {}
