package org.telerounds.media.audio;

/** How a decoded 20 ms frame was obtained. */
public enum FrameSource {
  /** Decoded from the packet that carried it. */
  DECODED,
  /** Rebuilt from the in-band forward error correction of the next packet. */
  FEC,
  /** Invented by Opus packet loss concealment: the packet was lost or late. */
  PLC,
  /** No stream yet, or the stream stopped: zeros. */
  SILENCE
}
