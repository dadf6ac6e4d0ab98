package org.telerounds.signaling.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes test WAV files for Chromium's fake microphone (16-bit PCM mono). */
final class TestAudio {
  private TestAudio() {}

  /** A tone with a slow amplitude wobble, so levels are clearly non-zero. */
  static Path tone(Path dir, double hz, double seconds, int sampleRate) throws IOException {
    int n = (int) (seconds * sampleRate);
    ByteBuffer pcm = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      double t = (double) i / sampleRate;
      double env = 0.35 + 0.15 * Math.sin(2 * Math.PI * 0.5 * t);
      pcm.putShort((short) (env * 32767 * Math.sin(2 * Math.PI * hz * t)));
    }
    Path f = dir.resolve("tone-" + (int) hz + ".wav");
    Files.write(f, wav(pcm.array(), sampleRate));
    return f;
  }

  /** 48 kHz mono 16-bit samples as a WAV file. */
  static Path pcm48k(Path dir, short[] pcm, String name) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : pcm) b.putShort(s);
    Path f = dir.resolve(name);
    Files.write(f, wav(b.array(), 48000));
    return f;
  }

  static byte[] wav(byte[] pcm, int rate) {
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes()).putInt(36 + pcm.length).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
        .putShort((short) 16).put("data".getBytes()).putInt(pcm.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(h.array());
    out.writeBytes(pcm);
    return out.toByteArray();
  }
}
