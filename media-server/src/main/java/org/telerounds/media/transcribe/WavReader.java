package org.telerounds.media.transcribe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.telerounds.media.audio.WavFiles;

/**
 * Reads a WAV file (any common rate, mono or multi-channel, 8/16/24/32-bit PCM) into 16 kHz mono
 * 16-bit PCM: decoding and channel averaging by {@link WavFiles#readMono}, then 48/32 kHz through
 * {@link Downsampler}, other rates through windowed-sinc interpolation. Errors are one clear line.
 */
public final class WavReader {
  private WavReader() {}

  /** The whole file as 16 kHz mono. */
  public static short[] read16kMono(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no such file: " + file);
    }
    WavFiles.Mono m = WavFiles.readMono(file);
    return to16k(m.samples(), m.rate());
  }

  static short[] to16k(short[] mono, int rate) {
    if (rate == 16000) {
      return mono;
    }
    if (rate % 16000 == 0) {
      Downsampler d = new Downsampler(rate / 16000);
      short[] out = new short[d.maxOutput(mono.length)];
      int n = d.process(mono, 0, mono.length, out, 0);
      return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
    return resample(mono, rate, 16000);
  }

  /** Band-limited interpolation with a Kaiser-windowed sinc, 32 zero crossings each side. */
  static short[] resample(short[] in, int from, int to) {
    double ratio = (double) to / from;
    double cutoff = Math.min(1.0, ratio) * 0.95;
    int half = 32;
    double scale = Math.max(1.0, 1.0 / ratio);
    int width = (int) Math.ceil(half * scale);
    int n = (int) ((long) in.length * to / from);
    short[] out = new short[n];
    for (int k = 0; k < n; k++) {
      double t = k / ratio;
      int center = (int) Math.floor(t);
      double acc = 0;
      double norm = 0;
      for (int j = center - width + 1; j <= center + width; j++) {
        double x = (t - j) * cutoff;
        double w = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        double r = (t - j) / (width + 1);
        double win = r * r < 1 ? 0.5 * (1 + Math.cos(Math.PI * r)) : 0;
        double c = w * win;
        norm += c;
        if (j >= 0 && j < in.length) {
          acc += c * in[j];
        }
      }
      out[k] = Downsampler.clip(norm == 0 ? 0 : acc / norm);
    }
    return out;
  }
}
