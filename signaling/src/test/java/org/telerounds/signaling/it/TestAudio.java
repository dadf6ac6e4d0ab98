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

  /** True if Debian flite and sox are installed (speech for {@link #weakNoisySpeech}). */
  static boolean canSpeak() {
    return new java.io.File("/usr/bin/flite").canExecute() && new java.io.File("/usr/bin/sox").canExecute();
  }

  /**
   * A weak voice in a noisy ward: flite speech (48 kHz, looped to {@code seconds}) scaled so its
   * active level (20 ms frames within 30 dB of the loudest) is {@code speechDbfs}, plus pink-ish
   * noise (seeded, so repeatable) {@code snrDb} below it.
   */
  static Path weakNoisySpeech(Path dir, double speechDbfs, double snrDb, double seconds) throws Exception {
    Path raw = dir.resolve("speech-raw.wav");
    Path pcm = dir.resolve("speech.s16");
    run("/usr/bin/flite", "-t", "I have had this pain in my chest since last night. It gets worse when I breathe in."
        + " The nurse gave me the tablets this morning, but I still feel sick and a bit dizzy.", "-o", raw.toString());
    run("/usr/bin/sox", raw.toString(), "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r", "48000",
        pcm.toString(), "rate", "-h", "48000", "pad", "0.3", "0.3");
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(pcm)).order(ByteOrder.LITTLE_ENDIAN);
    double[] speech = new double[in.remaining() / 2];
    for (int i = 0; i < speech.length; i++) speech[i] = in.getShort() / 32768.0;
    double active = activeRms(speech);
    double gain = Math.pow(10, speechDbfs / 20) / active;
    double noiseRms = Math.pow(10, (speechDbfs - snrDb) / 20);
    int n = (int) (seconds * 48000);
    java.util.Random rnd = new java.util.Random(42);
    double[] noise = new double[n];
    double b0 = 0, b1 = 0, b2 = 0, sum = 0;
    for (int i = 0; i < n; i++) { // Paul Kellet's economy pink filter
      double w = rnd.nextGaussian();
      b0 = 0.99765 * b0 + w * 0.0990460;
      b1 = 0.96300 * b1 + w * 0.2965164;
      b2 = 0.57000 * b2 + w * 1.0526913;
      noise[i] = b0 + b1 + b2 + w * 0.1848;
      sum += noise[i] * noise[i];
    }
    double noiseGain = noiseRms / Math.sqrt(sum / n);
    ByteBuffer out = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      double v = speech[i % speech.length] * gain + noise[i] * noiseGain;
      out.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
    }
    Path f = dir.resolve("weak-noisy-speech.wav");
    Files.write(f, wav(out.array(), 48000));
    return f;
  }

  private static double activeRms(double[] x) {
    int frames = x.length / 960;
    double[] ms = new double[frames];
    double max = 0;
    for (int f = 0; f < frames; f++) {
      double s = 0;
      for (int i = 0; i < 960; i++) s += x[f * 960 + i] * x[f * 960 + i];
      ms[f] = s / 960;
      max = Math.max(max, ms[f]);
    }
    double sum = 0;
    int count = 0;
    for (double m : ms) {
      if (m >= max / 1000) { // within 30 dB of the loudest frame
        sum += m;
        count++;
      }
    }
    return Math.sqrt(sum / count);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
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
