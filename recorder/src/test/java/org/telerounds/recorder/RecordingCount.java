package org.telerounds.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.telerounds.recorder.store.ObjectStore;

/**
 * Counts what a finished round's manifest says was recorded for one track, from the stored
 * segments themselves (downloaded and joined in order, as the finisher does): Opus packets in the
 * Ogg stream (less its two header packets) or frames in the IVF stream. Gaps the manifest lists
 * (its {@code gaps} arrays, when the recorder writes them) are counted too.
 */
final class RecordingCount {
  private RecordingCount() {}

  /** Media units (Opus packets or video frames) stored for {@code track}, a manifest track object. */
  static long units(ObjectStore store, JsonNode track) throws Exception {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (JsonNode s : track.path("segments")) {
      joined.write(store.get(s.path("key").asText()));
    }
    byte[] b = joined.toByteArray();
    return track.path("kind").asText().equals("audio") ? Math.max(0, TestMedia.oggPackets(b).size() - 2)
        : ivfFrames(b);
  }

  static long ivfFrames(byte[] b) {
    if (b.length < 32) return 0;
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    bb.position(32);
    long frames = 0;
    while (bb.remaining() >= 12) {
      int size = bb.getInt();
      bb.getLong();
      if (size < 0 || size > bb.remaining()) break;
      bb.position(bb.position() + size);
      frames++;
    }
    return frames;
  }

  /** Gap entries in the manifest, for the round or for {@code track}. */
  static int gaps(JsonNode manifest, JsonNode track) {
    return manifest.path("gaps").size() + track.path("gaps").size();
  }
}
