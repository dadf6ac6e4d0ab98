package org.telerounds.media.transcribe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test helper: a canonical 16-bit PCM WAV file. */
final class Wav {
  private Wav() {}

  static byte[] bytes(short[] pcm, int rate, int channels) {
    ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + pcm.length * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    b.put("data".getBytes()).putInt(pcm.length * 2);
    for (short s : pcm) {
      b.putShort(s);
    }
    return b.array();
  }
}
