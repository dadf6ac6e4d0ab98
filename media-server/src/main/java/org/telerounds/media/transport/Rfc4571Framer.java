package org.telerounds.media.transport;

/**
 * Splits one TCP byte stream into packets framed as RFC 4571 says (each packet preceded by its
 * length, 2 bytes big-endian), as ICE-TCP (RFC 6544) uses it. It holds at most one partial frame
 * in a buffer of {@code 2 + maxFrame} bytes it allocates once, so a peer cannot make it grow. A
 * frame longer than {@code maxFrame} makes the stream malformed: {@link #feed} returns false and
 * the connection is to be closed (there is no way to resynchronise a length-prefixed stream).
 * Zero-length frames are skipped. Not thread-safe: one framer per connection, on its event loop.
 */
public final class Rfc4571Framer {
  /** Receives each complete frame; {@code b} is reused after the call returns. */
  public interface FrameSink {
    void frame(byte[] b, int off, int len);
  }

  private final int maxFrame;
  private final byte[] buf;
  private int have;

  public Rfc4571Framer(int maxFrame) {
    if (maxFrame < 1 || maxFrame > 65535) {
      throw new IllegalArgumentException("maxFrame must be 1..65535: " + maxFrame);
    }
    this.maxFrame = maxFrame;
    this.buf = new byte[2 + maxFrame];
  }

  /**
   * Consumes {@code b[off, off+len)}, calling {@code sink} for every frame it completes. Returns
   * false (and consumes nothing more) when a frame announces more than {@code maxFrame} bytes.
   */
  public boolean feed(byte[] b, int off, int len, FrameSink sink) {
    int end = off + len;
    while (off < end) {
      if (have < 2) {
        buf[have++] = b[off++];
        if (have < 2) continue;
        int flen = frameLength();
        if (flen > maxFrame) {
          return false;
        }
        if (flen == 0) {
          have = 0;
        }
        continue;
      }
      int need = 2 + frameLength() - have;
      int n = Math.min(need, end - off);
      System.arraycopy(b, off, buf, have, n);
      have += n;
      off += n;
      if (n == need) {
        have = 0;
        sink.frame(buf, 2, frameLength(buf));
      }
    }
    return true;
  }

  /** Bytes of a partial frame held now (for tests and diagnostics). */
  public int buffered() { return have; }

  private int frameLength() { return frameLength(buf); }

  private static int frameLength(byte[] b) { return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF); }
}
