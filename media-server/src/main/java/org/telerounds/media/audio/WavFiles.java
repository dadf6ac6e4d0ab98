package org.telerounds.media.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads WAV files into the server's PCM format (48 kHz mono float) and writes 48 kHz mono 16-bit
 * WAV, with {@code javax.sound.sampled}. Any PCM sample format Java converts to 16-bit is
 * accepted; several channels are averaged. {@link #read} refuses other sample rates with a message
 * that says how to convert them; {@link #readMono} keeps the file's rate for callers that resample. Every failure is a
 * {@link BadAudioFileException} naming the file.
 */
public final class WavFiles {
  private WavFiles() {}

  /** A file's samples as 16-bit mono (channels averaged), with its sample rate. */
  public record Mono(short[] samples, int rate) {}

  /** Reads {@code file} as 48 kHz mono float samples; other rates are refused. */
  public static float[] read(Path file) throws BadAudioFileException {
    Mono m = readMono(file);
    if (m.rate() != Pcm.SAMPLE_RATE) {
      throw new BadAudioFileException(file + ": sample rate " + m.rate()
          + " Hz is not supported; use 48000 Hz (e.g. sox in.wav -r 48000 out.wav)");
    }
    float[] out = new float[m.samples().length];
    for (int i = 0; i < out.length; i++) out[i] = Pcm.toFloat(m.samples()[i]);
    return out;
  }

  /** Reads {@code file} at its own rate (8 to 192 kHz) as 16-bit mono. */
  public static Mono readMono(Path file) throws BadAudioFileException {
    if (!Files.isRegularFile(file)) throw new BadAudioFileException(file + ": no such file");
    AudioInputStream in;
    try {
      in = AudioSystem.getAudioInputStream(file.toFile());
    } catch (UnsupportedAudioFileException e) {
      throw new BadAudioFileException(file + ": not a WAV file Java can read");
    } catch (IOException e) {
      throw new BadAudioFileException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    try (AudioInputStream src = in) {
      AudioFormat f = src.getFormat();
      int rate = Math.round(f.getSampleRate());
      int ch = f.getChannels();
      if (rate < 8000 || rate > 192000 || ch < 1) {
        throw new BadAudioFileException(file + ": unsupported audio format " + f);
      }
      AudioFormat s16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, ch, 2 * ch, rate, false);
      if (!AudioSystem.isConversionSupported(s16, f)) {
        throw new BadAudioFileException(file + ": sample format " + f + " is not supported; use PCM");
      }
      byte[] bytes;
      try (AudioInputStream pcm = AudioSystem.getAudioInputStream(s16, src)) {
        bytes = pcm.readAllBytes();
      }
      int frames = bytes.length / (2 * ch);
      if (frames == 0) throw new BadAudioFileException(file + ": contains no audio");
      long declared = src.getFrameLength();
      boolean streamed = declared == AudioSystem.NOT_SPECIFIED
          || declared * Math.max(1, f.getFrameSize()) >= 0xFFFF_FF00L; // a size a pipe could not know
      if (!streamed && frames < declared) {
        throw new BadAudioFileException(String.format(java.util.Locale.ROOT,
            "%s: truncated: its header promises %.2f s of audio, the file holds %.2f s", file,
            declared / (double) rate, frames / (double) rate));
      }
      short[] out = new short[frames];
      for (int i = 0; i < frames; i++) {
        int sum = 0;
        for (int c = 0; c < ch; c++) {
          int b = 2 * (i * ch + c);
          sum += (short) ((bytes[b] & 0xff) | (bytes[b + 1] << 8));
        }
        out[i] = (short) (sum / ch);
      }
      return new Mono(out, rate);
    } catch (IOException e) {
      if (e instanceof BadAudioFileException b) throw b;
      throw new BadAudioFileException(file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Writes {@code samples} as a 48 kHz mono 16-bit WAV file. */
  public static void write(Path file, float[] samples) throws IOException {
    byte[] bytes = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      short v = Pcm.toShort(samples[i]);
      bytes[2 * i] = (byte) v;
      bytes[2 * i + 1] = (byte) (v >> 8);
    }
    AudioFormat f = new AudioFormat(Pcm.SAMPLE_RATE, 16, 1, true, false);
    try (InputStream raw = new ByteArrayInputStream(bytes);
        AudioInputStream ais = new AudioInputStream(raw, f, samples.length)) {
      AudioSystem.write(ais, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }
}
