package org.telerounds.media.sfu;

import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.node.Node;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.pace.Pacer;
import org.telerounds.media.rtcp.RtcpPacket.SenderReport;
import org.telerounds.media.rtp.HeaderExtensionRewriter;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.transport.WebRtcTransport;

/**
 * One leg: a published track as one subscriber receives it. It rewrites SSRC, sequence number and
 * timestamp into the leg's own spaces, answers the subscriber's NACKs from the track's cache (as
 * RTX when negotiated) and writes the leg's sender reports. A video leg forwards nothing until a
 * keyframe starts a frame ({@link KeyframeGate}); its sequence numbers begin at that keyframe, so
 * the subscriber never NACKs, and the cache never answers, packets the leg did not carry. Its
 * packets take the leg's nodes ({@link LegNodes}: active, keyframe gate, rewrite and send).
 */
public final class DownTrack implements LegPort {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final PublishedTrack source;
  private final WebRtcTransport transport;
  private final SubscriberSender sender;
  private final byte[] extIdMap;
  private final String mid;
  private final long ssrc;
  private final long rtxSsrc;
  private final MediaMetrics metrics;
  private final KeyframeGate gate;
  private final LayerSelector selector; // null without simulcast
  private final Node head;
  private final Node[] nodes;
  private boolean negotiated;
  private boolean suspended;
  private int viewWidth = -1;
  private int viewHeight = -1;
  private final LegRewrite rewrite;
  private final boolean video;
  private int rtxSeq = RANDOM.nextInt(0x8000);
  private long packetsSent;
  private long octetsSent;

  DownTrack(PublishedTrack source, WebRtcTransport transport, SubscriberSender sender, String mid,
      MediaMetrics metrics, NodeStats nodeStats) {
    this(source, transport, sender, mid, null, metrics, nodeStats);
  }

  /**
   * With {@code before}, the leg that last had this m-section ({@code mid}; it was removed and the
   * subscriber has seen the section inactive): the new leg goes on as the same RTP stream, with its
   * SSRC, RTX SSRC, RTX sequence and packet counts, its sequence numbers continuing without a gap and
   * its timestamps by the time since its last packet, as across a simulcast switch. A receiver that
   * routes by SSRC alone (aiortc registers a receiver's SSRC once, when it starts) keeps receiving
   * on the recycled section, and the transport's SRTP context for the SSRC runs on, so the
   * receiver's rollover counter stays right. Not when the clock rates differ (a new stream then).
   */
  DownTrack(PublishedTrack source, WebRtcTransport transport, SubscriberSender sender, String mid, DownTrack before,
      MediaMetrics metrics, NodeStats nodeStats) {
    this.source = source;
    this.transport = transport;
    this.sender = sender;
    this.extIdMap = CodecSelector.subscriberIdMap(source.forwardedExtmaps());
    this.mid = mid;
    this.video = "video".equals(source.info().kind());
    this.metrics = metrics;
    this.rewrite = new LegRewrite(RANDOM, source.codec().clockRate());
    boolean same = before != null && before.source.codec().clockRate() == source.codec().clockRate();
    this.ssrc = same ? before.ssrc : randomSsrc();
    long rtx = source.rtxCodec() == null ? -1 : same && before.rtxSsrc >= 0 ? before.rtxSsrc : randomSsrc();
    this.rtxSsrc = rtx;
    if (same) {
      rewrite.continueFrom(before.rewrite);
      rtxSeq = before.rtxSeq;
      packetsSent = before.packetsSent;
      octetsSent = before.octetsSent;
    }
    this.selector = source.isSimulcast() && source.keyframeDetector() != null
        ? new LayerSelector(source.layers().size() - 1, l -> source.requestKeyframe(l, false)) : null;
    this.gate = new KeyframeGate(source.keyframeDetector(), exempt -> source.requestKeyframe(requestLayer(), exempt));
    LegNodes.Active active = new LegNodes.Active(nodeStats, this);
    LegNodes.Send send = new LegNodes.Send(nodeStats, this);
    if (selector != null) { // simulcast video: budgeted, one layer, gated
      LegNodes.Budget budget = new LegNodes.Budget(nodeStats, this);
      LegNodes.LayerSelect select = new LegNodes.LayerSelect(nodeStats, selector, source.keyframeDetector(), this);
      LegNodes.Gate g = new LegNodes.Gate(nodeStats, gate);
      active.then(budget).then(select).then(g).then(send);
      this.nodes = new Node[] {active, budget, select, g, send};
    } else if (source.keyframeDetector() != null) { // video: budgeted and gated; audio never waits
      LegNodes.Budget budget = new LegNodes.Budget(nodeStats, this);
      LegNodes.Gate g = new LegNodes.Gate(nodeStats, gate);
      active.then(budget).then(g).then(send);
      this.nodes = new Node[] {active, budget, g, send};
    } else {
      active.then(send);
      this.nodes = new Node[] {active, send};
    }
    this.head = active;
  }

  /** Where the track's fan-out hands this leg its packets. */
  Node head() { return head; }

  KeyframeGate gate() { return gate; }

  /** The leg's layer selector; null without simulcast. */
  LayerSelector selector() { return selector; }

  /**
   * The size the subscriber shows this leg's video at, in device pixels (both 0: not shown; -1:
   * not told). A simulcast leg needs no layer larger than that.
   */
  void view(int width, int height) {
    viewWidth = width;
    viewHeight = height;
  }

  /**
   * The highest layer the subscriber's view needs: the lowest layer whose picture (its last
   * keyframe's size) fills the view with at most 10% upscaling; layer 0 for a view not shown;
   * no cap ({@link Integer#MAX_VALUE}) without simulcast, before the view is told, or when no
   * layer's size is known that fills it.
   */
  int maxLayerForView() {
    if (selector == null || viewWidth < 0 || viewHeight < 0) return Integer.MAX_VALUE;
    if (viewWidth == 0 || viewHeight == 0) return 0;
    java.util.List<UpstreamLayer> layers = source.layers();
    for (int i = 0; i < layers.size(); i++) {
      int size = layers.get(i).frameSize();
      if (size < 0) continue;
      double upscale = Math.min((double) viewWidth / (size >>> 16), (double) viewHeight / (size & 0xFFFF));
      if (upscale <= 1.1) return i;
    }
    return Integer.MAX_VALUE;
  }

  /** The layer this leg forwards now (0 without simulcast or before its first keyframe). */
  int currentLayer() {
    return selector == null ? 0 : Math.max(0, selector.current());
  }

  /** The layer keyframe requests for this leg go to: the one it waits for, else the current one. */
  private int requestLayer() {
    return selector == null ? 0 : selector.requestLayer();
  }

  /**
   * Where this leg's media waits in the subscriber's pacer: audio never waits; video at its lowest
   * layer (or without simulcast) goes before a higher layer.
   */
  private Pacer.Priority priority() {
    if (!video) return Pacer.Priority.AUDIO;
    return currentLayer() == 0 ? Pacer.Priority.VIDEO_BASE : Pacer.Priority.VIDEO_UPPER;
  }

  /** The subscriber asked for a keyframe (PLI/FIR): of the layer it gets, throttled. */
  void requestKeyframe() {
    source.requestKeyframe(requestLayer(), false);
  }

  @Override
  public void layerSwitched(LayerSelector.SwitchReason why) {
    rewrite.switchLayer(); // the very first keyframe just starts the leg
    gate.restartAtSwitch();
    metrics.layerSwitch(why.label);
  }

  /** The leg is gone: its nodes hand their counts to the totals (idempotent). */
  void close() {
    for (Node n : nodes) n.close();
  }

  private static long randomSsrc() {
    return 1 + (RANDOM.nextLong() & 0x7FFFFFFEL);
  }

  public PublishedTrack source() { return source; }
  public String mid() { return mid; }
  public long ssrc() { return ssrc; }
  public long rtxSsrc() { return rtxSsrc; }

  /** The subscriber accepted this leg's m-section; forwarding may start once the transport is up. */
  void setNegotiated() {
    negotiated = true;
  }

  boolean isNegotiatedOnce() { return negotiated; }

  @Override
  public boolean isActive() { return negotiated && transport.isConnected(); }

  @Override
  public void activeNow() { gate.onActive(); }

  /**
   * Call when the leg may just have become active (its answer applied, its transport connected):
   * a video leg then asks for its first keyframe, past the throttle.
   */
  void onMaybeActive() {
    if (isActive()) gate.onActive();
  }

  /**
   * The last step of the leg ({@link LegNodes.Send}): the packet, admitted, is copied into a buffer
   * the leg owns until the transport takes it, with the header rewritten into the leg's spaces.
   */
  @Override
  public void rewriteAndSend(byte[] b, int off, int len, long arrivalNanos) {
    rewrite.next(RtpHeader.sequenceNumber(b, off, len), RtpHeader.timestamp(b, off, len), arrivalNanos);
    ByteBuf out = copyForSubscriber(b, off, len, 0);
    if (out == null) return;
    byte[] a = out.array();
    int o = out.arrayOffset() + out.readerIndex();
    RtpHeader.setSsrc(a, o, ssrc);
    RtpHeader.setSequenceNumber(a, o, rewrite.outSeq());
    RtpHeader.setTimestamp(a, o, rewrite.outTs());
    packetsSent++;
    octetsSent += len - RtpHeader.headerLength(b, off, len);
    sender.send(out, ssrc, priority());
  }

  /**
   * The source was paused: video waits for a keyframe again, and the next forwarded packet
   * continues this leg's sequence.
   */
  void resyncAfterPause() {
    rewrite.resyncAfterPause();
    gate.awaitKeyframe();
  }

  @Override
  public boolean isSuspended() { return suspended; }

  /** The subscriber's estimate cannot carry this (video) leg: it stops forwarding. */
  void suspend() {
    suspended = true;
  }

  /**
   * The estimate has room again: the leg waits for a keyframe (asking for one) and continues its
   * sequence from there, as after a pause.
   */
  void resume() {
    if (!suspended) return;
    suspended = false;
    resyncAfterPause();
    requestKeyframe();
  }

  /**
   * Sends {@code packets} padding-only packets of {@code paddingBytes} (1..255) each on the leg's
   * RTX stream, as libwebrtc probes: the subscriber drops them, but their transport-wide feedback
   * tells the estimate whether the link has room. Returns the bytes sent (0 without RTX, or
   * before the leg has forwarded anything).
   */
  int sendPadding(int packets, int paddingBytes) {
    if (rtxSsrc < 0 || rewrite.lastTs() < 0 || !isActive() || paddingBytes < 1 || paddingBytes > 255) return 0;
    byte[] p = new byte[RtpHeader.FIXED_HEADER_LENGTH + paddingBytes];
    p[0] = (byte) 0xA0; // V=2, P=1
    p[p.length - 1] = (byte) paddingBytes;
    int sent = 0;
    for (int i = 0; i < packets; i++) {
      p[1] = (byte) source.rtxCodec().payloadType();
      RtpHeader.setSequenceNumber(p, 0, rtxSeq++ & 0xFFFF);
      RtpHeader.setTimestamp(p, 0, rewrite.lastTs());
      RtpHeader.setSsrc(p, 0, rtxSsrc);
      ByteBuf out = copyForSubscriber(p, 0, p.length, 0);
      if (out == null) break;
      sent += out.readableBytes();
      sender.sendNow(out, rtxSsrc);
    }
    return sent;
  }

  /** Resends the packet the subscriber knows as {@code outSeq}, from the cache. */
  void retransmit(int outSeq) {
    PacketCache cache = source.layer(currentLayer()).cache();
    int slot = cache == null || !rewrite.carried(outSeq) ? -1 : cache.find(rewrite.inSeq(outSeq));
    if (slot < 0 || !isActive()) {
      metrics.drop(DropReason.NACK_CACHE_MISS);
      return;
    }
    byte[] p = cache.data(slot);
    int len = cache.length(slot);
    int hdr = RtpHeader.headerLength(p, 0, len);
    if (hdr < 0) return;
    long ts = rewrite.outTs(RtpHeader.timestamp(p, 0, len));
    ByteBuf out = copyForSubscriber(p, 0, len, 2);
    if (out == null) return;
    byte[] a = out.array();
    int o = out.arrayOffset() + out.readerIndex();
    if (rtxSsrc >= 0) {
      // RFC 4588: same header with the RTX SSRC, PT and sequence; payload = original seq + payload.
      int n = out.readableBytes();
      int newHdr = RtpHeader.headerLength(a, o, n);
      int payloadEnd = n - Math.max(0, RtpHeader.paddingLength(a, o, n));
      System.arraycopy(a, o + newHdr, a, o + newHdr + 2, payloadEnd - newHdr);
      a[o + newHdr] = (byte) (outSeq >>> 8);
      a[o + newHdr + 1] = (byte) outSeq;
      out.writerIndex(out.readerIndex() + payloadEnd + 2);
      a[o] &= (byte) 0xDF; // padding removed
      RtpHeader.setSsrc(a, o, rtxSsrc);
      RtpHeader.setPayloadType(a, o, source.rtxCodec().payloadType());
      RtpHeader.setSequenceNumber(a, o, rtxSeq++ & 0xFFFF);
      RtpHeader.setTimestamp(a, o, ts);
      metrics.nackRetransmit();
      sender.send(out, rtxSsrc, Pacer.Priority.RETRANSMISSION);
    } else {
      RtpHeader.setSsrc(a, o, ssrc);
      RtpHeader.setSequenceNumber(a, o, outSeq);
      RtpHeader.setTimestamp(a, o, ts);
      metrics.nackRetransmit();
      sender.send(out, ssrc, Pacer.Priority.RETRANSMISSION);
    }
  }

  /**
   * The leg's own copy of a packet, in a buffer it owns until the transport takes it: the header
   * extensions rewritten into the subscriber's ids, with the transport-wide sequence number
   * room held for the transport-wide sequence number when the subscriber gives feedback (stamped
   * as the packet leaves the pacer, {@link SubscriberSender}); {@code spare} bytes are left free after it.
   * Null (and counted) for a packet whose header does not parse.
   */
  private ByteBuf copyForSubscriber(byte[] b, int off, int len, int spare) {
    ByteBuf out = sender.allocate(len + HeaderExtensionRewriter.MAX_GROWTH + spare);
    int n = HeaderExtensionRewriter.rewrite(b, off, len, extIdMap, sender.twccId(), 0, out.array(),
        out.arrayOffset() + out.writerIndex());
    if (n < 0) {
      out.release();
      metrics.drop(DropReason.MALFORMED);
      return null;
    }
    out.writerIndex(out.writerIndex() + n);
    return out;
  }

  /** This leg's sender report, translated from the publisher's last SR; null if none yet. */
  SenderReport senderReport() {
    UpstreamLayer l = source.layer(currentLayer());
    if (!rewrite.started() || !l.hasSenderReport() || !isActive()) return null;
    return new SenderReport(ssrc, l.lastSrNtp(), rewrite.outTs(l.lastSrRtp()), packetsSent,
        octetsSent & 0xFFFFFFFFL, java.util.List.of());
  }
}
