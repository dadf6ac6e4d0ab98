package org.telerounds.media.audio;

/**
 * The one PCM format inside the server: 48 kHz mono float samples in [-1, 1], in 20 ms frames of
 * {@value #FRAME_SAMPLES} samples. Conversions to and from 16-bit integers live here.
 */
public final class Pcm {
  /** Sample rate of every PCM frame in the server. */
  public static final int SAMPLE_RATE = 48_000;
  /** Samples in one 20 ms frame. */
  public static final int FRAME_SAMPLES = 960;
  /** Samples in one 10 ms frame (WebRTC AudioProcessing's block). */
  public static final int HALF_FRAME_SAMPLES = 480;

  private Pcm() {}

  /** Converts a float sample to 16 bits, clipping at full scale. */
  public static short toShort(float s) {
    float v = s * 32768f;
    if (v >= 32767f) return 32767;
    if (v <= -32768f) return -32768;
    return (short) Math.round(v);
  }

  /** Converts a 16-bit sample to float in [-1, 1). */
  public static float toFloat(short s) {
    return s / 32768f;
  }

  /** Writes {@code n} floats from {@code src[off..]} as little-endian 16-bit into {@code dst}. */
  public static void toLe16(float[] src, int off, int n, byte[] dst) {
    for (int i = 0; i < n; i++) {
      short v = toShort(src[off + i]);
      dst[2 * i] = (byte) v;
      dst[2 * i + 1] = (byte) (v >> 8);
    }
  }

  /** Reads {@code n} little-endian 16-bit samples from {@code src} into {@code dst[off..]}. */
  public static void fromLe16(byte[] src, int n, float[] dst, int off) {
    for (int i = 0; i < n; i++) {
      dst[off + i] = toFloat((short) ((src[2 * i] & 0xff) | (src[2 * i + 1] << 8)));
    }
  }

  /** Power in dBFS (a full-scale sine is -3 dBFS); -120 for silence. */
  public static double dbfs(double meanSquare) {
    return meanSquare <= 1e-12 ? -120.0 : 10.0 * Math.log10(meanSquare);
  }

  /** Mean square of {@code x[off..off+n)}. */
  public static double meanSquare(float[] x, int off, int n) {
    double e = 0;
    for (int i = 0; i < n; i++) e += (double) x[off + i] * x[off + i];
    return n == 0 ? 0 : e / n;
  }
}
