package org.telerounds.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A mutable window on a byte array, the shape jitsi-srtp transforms in place. The caller owns the
 * array and must leave room after the packet for the SRTP tag (see {@link SrtpProfile#tagLength}).
 * One instance is reused per thread; it never allocates unless a packet outgrows its array.
 */
public final class ArrayBuffer implements ByteArrayBuffer {
  private byte[] buf;
  private int off;
  private int len;

  /** Points this window at {@code buf[off, off+len)}. */
  public ArrayBuffer wrap(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.len = len;
    return this;
  }

  @Override public byte[] getBuffer() { return buf; }
  @Override public int getOffset() { return off; }
  @Override public int getLength() { return len; }
  @Override public void setLength(int len) { this.len = len; }
  @Override public void setOffset(int off) { this.off = off; }
  @Override public boolean isInvalid() { return buf == null; }

  @Override
  public void readRegionToBuff(int o, int l, byte[] out) {
    System.arraycopy(buf, off + o, out, 0, l);
  }

  @Override
  public void grow(int howMuch) {
    if (off + len + howMuch > buf.length) {
      byte[] bigger = new byte[off + len + howMuch];
      System.arraycopy(buf, 0, bigger, 0, buf.length);
      buf = bigger;
    }
  }

  @Override
  public void append(byte[] data, int l) {
    grow(l);
    System.arraycopy(data, 0, buf, off + len, l);
    len += l;
  }

  @Override
  public void shrink(int l) {
    len = Math.max(0, len - l);
  }
}
