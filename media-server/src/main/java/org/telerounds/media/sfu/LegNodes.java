package org.telerounds.media.sfu;

import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.node.Node;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.node.PacketInfo;

/**
 * The nodes of one subscriber's leg ({@link DownTrack}), after the track's fan-out:
 * {@link Active} (the leg is negotiated and its transport connected), {@link Budget} (video, while
 * the subscriber's estimate cannot carry it, is suspended), {@link LayerSelect} (simulcast: one
 * layer, switched at its keyframes), {@link Gate} (video waits
 * for a keyframe) and {@link Send} (the leg's own copy, header rewritten into the leg's SSRC,
 * sequence and timestamp spaces, handed to the transport). The leg keeps the state they share and
 * shows them only its {@link LegPort}.
 */
final class LegNodes {
  private LegNodes() {}

  /** Drops what comes before the subscriber accepted the leg and its transport is up. */
  static final class Active extends Node {
    private final LegPort leg;

    Active(NodeStats s, LegPort leg) {
      super("leg-active", s);
      this.leg = leg;
    }

    @Override
    protected void process(PacketInfo p) {
      if (!leg.isActive()) {
        drop(DropReason.NOT_NEGOTIATED);
        return;
      }
      leg.activeNow(); // in case the transport came up without telling us first
      emit(p);
    }
  }

  /** Drops a video leg's packets while its subscriber's estimate cannot carry them ({@link BandwidthAllocator}). */
  static final class Budget extends Node {
    private final LegPort leg;

    Budget(NodeStats s, LegPort leg) {
      super("bandwidth", s);
      this.leg = leg;
    }

    @Override
    protected void process(PacketInfo p) {
      if (leg.isSuspended()) drop(DropReason.BANDWIDTH);
      else emit(p);
    }
  }

  /**
   * Forwards only the simulcast layer the leg's {@link LayerSelector} chose, and switches to its
   * target layer at a keyframe of that layer, telling the leg (so its rewrite keeps sequence
   * numbers and timestamps continuous and its gate starts over at that keyframe).
   */
  static final class LayerSelect extends Node {
    private final LayerSelector selector;
    private final org.telerounds.media.codec.KeyframeDetector detector;
    private final LegPort leg;

    LayerSelect(NodeStats s, LayerSelector selector, org.telerounds.media.codec.KeyframeDetector detector, LegPort leg) {
      super("layer-select", s);
      this.selector = selector;
      this.detector = detector;
      this.leg = leg;
    }

    @Override
    protected void process(PacketInfo p) {
      int layer = p.layer();
      boolean keyframe = selector.awaits(layer) && startsKeyframe(p, detector);
      switch (selector.admit(layer, keyframe)) {
        case FORWARD -> emit(p);
        case SWITCH -> {
          leg.layerSwitched(selector.lastSwitchReason());
          emit(p);
        }
        case DROP -> drop(DropReason.OTHER_LAYER);
      }
    }
  }

  /** Whether the packet starts a keyframe, found once per packet and kept in its envelope. */
  static boolean startsKeyframe(PacketInfo p, org.telerounds.media.codec.KeyframeDetector detector) {
    if (!p.keyframeKnown()) {
      int hdr = org.telerounds.media.rtp.RtpHeader.headerLength(p.buf(), p.off(), p.len());
      int payload = org.telerounds.media.rtp.RtpHeader.payloadLength(p.buf(), p.off(), p.len());
      p.keyframe(hdr >= 0 && payload > 0 && detector.startsKeyframe(p.buf(), p.off() + hdr, payload));
    }
    return p.keyframe();
  }

  /** Holds a video leg shut until a keyframe starts a frame ({@link KeyframeGate}). */
  static final class Gate extends Node {
    private final KeyframeGate gate;

    Gate(NodeStats s, KeyframeGate gate) {
      super("keyframe-gate", s);
      this.gate = gate;
    }

    @Override
    protected void process(PacketInfo p) {
      if (gate.admit(p.buf(), p.off(), p.len())) emit(p);
      else drop(DropReason.AWAITING_KEYFRAME);
    }
  }

  /** Copies the packet into the leg's own buffer, rewrites its header and sends it. */
  static final class Send extends Node {
    private final LegPort leg;

    Send(NodeStats s, LegPort leg) {
      super("rewrite-send", s);
      this.leg = leg;
    }

    @Override
    protected void process(PacketInfo p) {
      leg.rewriteAndSend(p.buf(), p.off(), p.len(), p.arrivalNanos());
      emit(p);
    }
  }
}
