package org.telerounds.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A mutable window on a byte array, the shape jitsi-srtp transforms in place. The window may grow
 * (the SRTP tag is appended) only up to its own limit, {@code off + capacity}: the array may be a
 * pooled chunk shared with other buffers, so its length says nothing about what this packet owns.
 * Growing past the limit throws {@link Full} (one shared instance, no stack trace), which the
 * session turns into a failed transform; nothing outside the window is ever written.
 * One instance is reused per thread; it never allocates.
 */
public final class ArrayBuffer implements ByteArrayBuffer {
  /** The transform needed more room than the window's capacity. */
  public static final class Full extends RuntimeException {
    private Full() {
      super("the packet's buffer has no room for the SRTP tag", null, false, false);
    }
  }

  static final Full FULL = new Full();
  private byte[] buf;
  private int off;
  private int len;
  private int end;

  /** Points this window at {@code buf[off, off+len)}, which may grow to the end of the array. */
  public ArrayBuffer wrap(byte[] buf, int off, int len) {
    return wrap(buf, off, len, buf.length - off);
  }

  /** Points this window at {@code buf[off, off+len)}, which may grow to {@code off + capacity}. */
  public ArrayBuffer wrap(byte[] buf, int off, int len, int capacity) {
    if (off < 0 || len < 0 || capacity < len || off + capacity > buf.length) {
      throw new IllegalArgumentException("window " + off + "+" + len + "/" + capacity + " outside " + buf.length);
    }
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.end = off + capacity;
    return this;
  }

  @Override public byte[] getBuffer() { return buf; }
  @Override public int getOffset() { return off; }
  @Override public int getLength() { return len; }
  @Override
  public void setLength(int len) {
    if (len < 0 || off + len > end) throw FULL;
    this.len = len;
  }
  @Override public void setOffset(int off) { this.off = off; }
  @Override public boolean isInvalid() { return buf == null; }

  @Override
  public void readRegionToBuff(int o, int l, byte[] out) {
    System.arraycopy(buf, off + o, out, 0, l);
  }

  @Override
  public void grow(int howMuch) {
    if (off + len + howMuch > end) throw FULL;
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
