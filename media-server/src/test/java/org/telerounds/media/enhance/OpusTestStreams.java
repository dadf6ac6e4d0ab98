package org.telerounds.media.enhance;

import java.util.ArrayList;
import java.util.List;
import org.telerounds.media.audio.OpusFrameEncoder;

/** Encodes test PCM into 20 ms Opus payloads, as a cart would send them. */
final class OpusTestStreams {
  private OpusTestStreams() {}

  static List<byte[]> encode(float[] pcm) {
    List<byte[]> out = new ArrayList<>();
    try (OpusFrameEncoder enc = new OpusFrameEncoder(32000, 5)) {
      float[] f = new float[960];
      for (int off = 0; off + 960 <= pcm.length; off += 960) {
        System.arraycopy(pcm, off, f, 0, 960);
        out.add(enc.encode(f));
      }
    }
    return out;
  }
}
