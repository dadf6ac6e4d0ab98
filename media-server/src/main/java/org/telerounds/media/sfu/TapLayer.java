package org.telerounds.media.sfu;

import java.util.random.RandomGenerator;
import org.telerounds.media.codec.KeyframeDetector;
import org.telerounds.media.node.PacketInfo;
import org.telerounds.media.rtp.RtpHeader;

/**
 * Which layer of a simulcast track the taps (the recorder) see, as one stream: the highest layer
 * the publisher sends now. Chromium starts a camera on its lowest layer and adds the higher ones
 * as its own estimate climbs (20-40 s on a fresh connection), and a layer can stop on the way, so
 * a fixed choice of the top layer would leave the recording without video for that time. Like a
 * subscriber's leg, it switches at a keyframe of the target layer (asking for one), and the stream
 * the taps get keeps one SSRC and continuous sequence numbers and timestamps across switches, so
 * the recorder's reordering and frame assembly see one stream. Up only after a layer has been
 * sent for {@link LayerChooser#UP_HOLD_MS}; down at once when the current one stops. Runs on the
 * media loop; it owns the one buffer the taps borrow for each call.
 */
final class TapLayer {
  private static final int MAX_PACKET = 1500;
  private final LayerSelector selector;
  private final LayerChooser chooser = new LayerChooser();
  private final LegRewrite rewrite;
  private final KeyframeDetector detector;
  private final byte[] out = new byte[MAX_PACKET];
  private long ssrc = -1;

  /** {@code top}: the highest layer, aimed at until {@link #update} says what is sent. */
  TapLayer(int top, int clockRate, KeyframeDetector detector, LayerSelector.Requests requests, RandomGenerator random) {
    this.selector = new LayerSelector(top, requests);
    this.rewrite = new LegRewrite(random, clockRate);
    this.detector = detector;
  }

  /** The layer taps get now (-1 before the first keyframe), and the one they wait to switch to. */
  int current() { return selector.current(); }
  int target() { return selector.target(); }

  /**
   * Aims at the highest layer being sent; {@code bps[i]}: what layer {@code i} (lowest first) has
   * sent over the last second, 0 when it sends nothing. Called every few tens of milliseconds.
   */
  void update(long[] bps, long nowMs) {
    LayerChooser.Choice c = chooser.choose(Long.MAX_VALUE / 4, bps, nowMs);
    if (c.layer() >= 0 && c.changed() != null) selector.target(c.layer(), c.changed());
  }

  /**
   * The packet as the taps see it: its length in {@link #buffer()} (copied, with the stream's
   * SSRC, sequence number and timestamp), or -1 when the taps skip it (another layer, before the
   * keyframe a switch waits for, or a late packet from before the switch).
   */
  int admit(PacketInfo p) {
    byte[] b = p.buf();
    int off = p.off();
    int len = p.len();
    if (len > MAX_PACKET || len < RtpHeader.FIXED_HEADER_LENGTH) return -1;
    int layer = p.layer();
    boolean keyframe = selector.awaits(layer) && LegNodes.startsKeyframe(p, detector);
    switch (selector.admit(layer, keyframe)) {
      case DROP -> {
        return -1;
      }
      case SWITCH -> {
        if (ssrc < 0) ssrc = RtpHeader.ssrc(b, off, len);
        rewrite.switchLayer();
      }
      case FORWARD -> {
        if (rewrite.beforeMapping(RtpHeader.sequenceNumber(b, off, len))) return -1;
      }
    }
    rewrite.next(RtpHeader.sequenceNumber(b, off, len), RtpHeader.timestamp(b, off, len), p.arrivalNanos());
    System.arraycopy(b, off, out, 0, len);
    RtpHeader.setSsrc(out, 0, ssrc);
    RtpHeader.setSequenceNumber(out, 0, rewrite.outSeq());
    RtpHeader.setTimestamp(out, 0, rewrite.outTs());
    return len;
  }

  /** Where {@link #admit} put the packet; valid until the next call. */
  byte[] buffer() { return out; }
}
