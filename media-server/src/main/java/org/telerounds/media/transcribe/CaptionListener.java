package org.telerounds.media.transcribe;

/**
 * Receives the captions of one stream. It is called on a {@code transcribe-*} thread, one call at a
 * time per stream, in order; it must not block (hand the event to a Netty channel with
 * {@code writeAndFlush}, or to a queue). An exception it throws is logged and swallowed.
 */
@FunctionalInterface
public interface CaptionListener {
  void onCaption(Caption caption);
}
