package org.telerounds.recorder.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one Opus stream as Ogg (RFC 7845): the ID and comment headers first, then one page per
 * packet, with the granule position taken from the RTP timestamp so gaps (mute, privacy) keep
 * their length. The sink may be switched between pages ({@link #switchTo}): each segment file is
 * then a run of whole pages, and the segments concatenated are one valid Ogg stream.
 */
public final class OggOpusWriter implements MediaWriter {
  private static final int[] CRC = crcTable();
  private final int serial;
  private OutputStream out;
  private int pageSequence;
  private boolean headersWritten;
  private long firstTimestamp = -1;
  private long lastGranule;
  private long unwrapped;
  private long lastRtp = -1;

  public OggOpusWriter(int serial) {
    this.serial = serial;
  }

  @Override
  public void switchTo(OutputStream sink) {
    this.out = sink;
  }

  @Override
  public void restart() {
    headersWritten = false;
    pageSequence = 0;
    firstTimestamp = -1;
    lastGranule = 0;
  }

  /** An Opus packet with its 32-bit RTP timestamp (48 kHz). */
  @Override
  public void write(byte[] payload, int off, int len, long rtpTimestamp, boolean keyframe) throws IOException {
    if (!headersWritten) {
      writeHeaders();
      headersWritten = true;
    }
    long ts = unwrap(rtpTimestamp);
    if (firstTimestamp < 0) firstTimestamp = ts;
    // The granule of a page is the end time of its last packet: start + this packet's duration.
    long granule = Math.max(lastGranule, ts - firstTimestamp + OpusPackets.samples(payload, off, len));
    lastGranule = granule;
    page(payload, off, len, 0, granule);
  }

  private long unwrap(long rtp) {
    if (lastRtp < 0) {
      unwrapped = rtp;
    } else {
      int delta = (int) (rtp - lastRtp);
      unwrapped += delta;
    }
    lastRtp = rtp;
    return unwrapped;
  }

  private void writeHeaders() throws IOException {
    byte[] head = new byte[19];
    System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 8);
    head[8] = 1; // version
    head[9] = 2; // WebRTC Opus is sent as stereo-capable; decoders downmix as needed
    le16(head, 10, 312); // pre-skip: Opus' usual encoder delay at 48 kHz
    le32(head, 12, 48000);
    le16(head, 16, 0);
    head[18] = 0; // channel mapping family 0
    page(head, 0, head.length, 0x02, 0);
    byte[] vendor = "telerounds".getBytes(StandardCharsets.US_ASCII);
    byte[] tags = new byte[8 + 4 + vendor.length + 4];
    System.arraycopy("OpusTags".getBytes(StandardCharsets.US_ASCII), 0, tags, 0, 8);
    le32(tags, 8, vendor.length);
    System.arraycopy(vendor, 0, tags, 12, vendor.length);
    le32(tags, 12 + vendor.length, 0);
    page(tags, 0, tags.length, 0, 0);
  }

  private void page(byte[] data, int off, int len, int flags, long granule) throws IOException {
    int segments = len / 255 + 1;
    if (segments > 255) throw new IOException("an Opus packet of " + len + " bytes does not fit one Ogg page");
    byte[] header = new byte[27 + segments];
    header[0] = 'O';
    header[1] = 'g';
    header[2] = 'g';
    header[3] = 'S';
    header[5] = (byte) flags;
    le64(header, 6, granule);
    le32(header, 14, serial);
    le32(header, 18, pageSequence++);
    header[26] = (byte) segments;
    for (int i = 0; i < segments - 1; i++) header[27 + i] = (byte) 255;
    header[27 + segments - 1] = (byte) (len % 255);
    int crc = crc(0, header, 0, header.length);
    crc = crc(crc, data, off, len);
    le32(header, 22, crc);
    out.write(header);
    out.write(data, off, len);
  }

  static int crc(int crc, byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      crc = (crc << 8) ^ CRC[((crc >>> 24) ^ b[i]) & 0xFF];
    }
    return crc;
  }

  private static int[] crcTable() {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int j = 0; j < 8; j++) r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
      t[i] = r;
    }
    return t;
  }

  static void le16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
  }

  static void le32(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >> (8 * i));
  }

  static void le64(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >> (8 * i));
  }
}
