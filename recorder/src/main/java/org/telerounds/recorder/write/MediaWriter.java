package org.telerounds.recorder.write;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one track's media frames into a container whose byte stream can be cut between frames:
 * {@link #switchTo} directs the following bytes to the next segment, and the segments
 * concatenated are one valid file.
 */
public interface MediaWriter {
  /** Directs what follows to {@code sink} (the writer does not close it). */
  void switchTo(OutputStream sink);

  /**
   * Starts over as a new stream, for when every segment written so far was lost (with the
   * container's headers): the next frame opens with the headers again (video: at the next
   * keyframe) and the timeline starts at that frame.
   */
  void restart();

  /** One complete frame (an Opus packet, a VP8 frame or an H.264 access unit). */
  void write(byte[] frame, int off, int len, long rtpTimestamp, boolean keyframe) throws IOException;
}
