package org.telerounds.media.enhance;

/** In-place iterative radix-2 complex FFT of a fixed power-of-two size, with precomputed twiddles. */
final class Fft {
  private final int n;
  private final double[] cos;
  private final double[] sin;
  private final int[] rev;

  Fft(int n) {
    if (Integer.bitCount(n) != 1) throw new IllegalArgumentException("size must be a power of two");
    this.n = n;
    cos = new double[n / 2];
    sin = new double[n / 2];
    for (int i = 0; i < n / 2; i++) {
      cos[i] = Math.cos(-2 * Math.PI * i / n);
      sin[i] = Math.sin(-2 * Math.PI * i / n);
    }
    rev = new int[n];
    int bits = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) rev[i] = Integer.reverse(i) >>> (32 - bits);
  }

  int size() { return n; }

  /** Forward transform (inverse = false) or unscaled inverse transform of re + i*im. */
  void transform(double[] re, double[] im, boolean inverse) {
    for (int i = 0; i < n; i++) {
      int j = rev[i];
      if (j > i) {
        double t = re[i]; re[i] = re[j]; re[j] = t;
        t = im[i]; im[i] = im[j]; im[j] = t;
      }
    }
    double sign = inverse ? -1 : 1;
    for (int len = 2; len <= n; len <<= 1) {
      int half = len / 2, step = n / len;
      for (int i = 0; i < n; i += len) {
        for (int k = 0; k < half; k++) {
          double wr = cos[k * step], wi = sign * sin[k * step];
          int a = i + k, b = a + half;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr; im[b] = im[a] - xi;
          re[a] += xr; im[a] += xi;
        }
      }
    }
  }
}
