package org.telerounds.media.node;

/**
 * The envelope a packet travels in through a chain: the bytes (a view of a buffer the chain's
 * source owns), when it arrived, and what the nodes learned about it on the way (its layer, and
 * whether it starts a keyframe, each found once). A node may read and rewrite the bytes in place
 * while it holds the envelope, but must not keep the envelope or the array after {@code accept}
 * returns: one owner per buffer, and a node that needs the bytes later copies them (the packet
 * cache does). One envelope is reused for every packet of a source.
 */
public final class PacketInfo {
  /** Layer not known (audio, or video without simulcast). */
  public static final int NO_LAYER = -1;
  private byte[] buf;
  private int off;
  private int len;
  private long arrivalNanos;
  private int layer = NO_LAYER;
  private byte keyframe; // 0 not looked at, 1 no, 2 yes

  /** Points this envelope at the next packet; what was learned about the previous one is cleared. */
  public PacketInfo set(byte[] buf, int off, int len, long arrivalNanos) {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IllegalArgumentException("packet view " + off + "+" + len + " outside a buffer of " + buf.length);
    }
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.arrivalNanos = arrivalNanos;
    this.layer = NO_LAYER;
    this.keyframe = 0;
    return this;
  }

  public byte[] buf() { return buf; }
  public int off() { return off; }
  public int len() { return len; }
  public long arrivalNanos() { return arrivalNanos; }
  public int layer() { return layer; }
  public void layer(int layer) { this.layer = layer; }

  /** Whether a node already found out if this packet starts a keyframe. */
  public boolean keyframeKnown() { return keyframe != 0; }

  public boolean keyframe() { return keyframe == 2; }

  public void keyframe(boolean starts) { this.keyframe = starts ? (byte) 2 : (byte) 1; }

  /** The packet's length changed in place (e.g. an RTX header removed). */
  public void length(int newLen) {
    if (newLen < 0 || off + newLen > buf.length) throw new IllegalArgumentException("length " + newLen);
    this.len = newLen;
  }
}
