package org.telerounds.media.transcribe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads a WAV file (any common rate, mono or multi-channel, 8/16/24/32-bit PCM) into 16 kHz mono
 * 16-bit PCM: channels are averaged, 48/32 kHz go through {@link Downsampler}, other rates through
 * windowed-sinc interpolation. Errors are one clear line ({@link IOException} message).
 */
public final class WavReader {
  private WavReader() {}

  /** The whole file as 16 kHz mono. */
  public static short[] read16kMono(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no such file: " + file);
    }
    try (InputStream raw = Files.newInputStream(file);
        AudioInputStream in = AudioSystem.getAudioInputStream(new java.io.BufferedInputStream(raw))) {
      AudioFormat f = in.getFormat();
      float rate = f.getSampleRate();
      int channels = f.getChannels();
      if (rate < 8000 || rate > 192000 || channels < 1) {
        throw new IOException(file + ": unsupported audio format " + f);
      }
      AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, 2 * channels, rate, false);
      byte[] bytes;
      try (AudioInputStream conv = AudioSystem.getAudioInputStream(pcm, in)) {
        bytes = conv.readAllBytes();
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": cannot convert " + f + " to 16-bit PCM");
      }
      int frames = bytes.length / (2 * channels);
      short[] mono = new short[frames];
      for (int i = 0; i < frames; i++) {
        int sum = 0;
        for (int c = 0; c < channels; c++) {
          int b = (i * channels + c) * 2;
          sum += (short) ((bytes[b] & 0xff) | (bytes[b + 1] << 8));
        }
        mono[i] = (short) (sum / channels);
      }
      return to16k(mono, Math.round(rate));
    } catch (UnsupportedAudioFileException e) {
      throw new IOException(file + ": not a WAV/AIFF/AU audio file Java can read");
    }
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
