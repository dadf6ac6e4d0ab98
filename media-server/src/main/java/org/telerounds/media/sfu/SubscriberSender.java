package org.telerounds.media.sfu;

import io.netty.buffer.ByteBuf;
import java.util.function.LongSupplier;
import org.telerounds.media.metrics.CongestionMetrics;
import org.telerounds.media.pace.Pacer;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.transport.WebRtcTransport;

/**
 * Where every leg of one subscriber hands its RTP: through the subscriber's {@link Pacer} (rate set
 * from its estimate by {@link SubscriberBandwidth#allocate}) to its transport. The transport-wide
 * sequence number is stamped as a packet leaves the pacer, not when it was queued, so the send
 * times the estimate compares with the subscriber's arrival times hold no pacer wait: the pacer's
 * own queue never reads as congestion. Padding bypasses the queue ({@link #sendNow}). On the media
 * loop, with the transport.
 */
final class SubscriberSender implements Pacer.Sink, AutoCloseable {
  private final WebRtcTransport transport;
  private final SubscriberBandwidth bandwidth;
  private final CongestionMetrics metrics;
  private final Pacer pacer;
  private final boolean pacing;

  /** {@code settings} null: never paced (everything leaves at once, stamped as it goes). */
  SubscriberSender(WebRtcTransport transport, SubscriberBandwidth bandwidth, CongestionMetrics metrics,
      LongSupplier nanoTime, Pacer.Settings settings) {
    this.transport = transport;
    this.bandwidth = bandwidth;
    this.metrics = metrics;
    this.pacing = settings != null;
    this.pacer = new Pacer(this, nanoTime, settings != null ? settings : new Pacer.Settings(1_000_000_000L, 16));
  }

  /** A heap buffer for an outgoing packet of up to {@code capacity} bytes (the transport's). */
  ByteBuf allocate(int capacity) { return transport.allocate(capacity); }

  /** The transport-cc extension id legs leave room for, or 0 when the subscriber gives no feedback. */
  int twccId() { return bandwidth.extensionId(); }

  /** Takes ownership of a leg's packet: it leaves when the pacer says (audio at once). */
  void send(ByteBuf buf, long ssrc, Pacer.Priority priority) {
    pacer.enqueue(buf, ssrc, priority);
  }

  /** Takes ownership of a packet that skips the queue (padding: it only fills what is left). */
  void sendNow(ByteBuf buf, long ssrc) {
    stampAndSend(buf, ssrc);
  }

  /** Paces at {@code bps} (0: unpaced), unless pacing is off. */
  void rate(long bps) {
    if (pacing) pacer.rate(bps);
  }

  /** Sends what the budget allows now (every few ms). */
  void process() { pacer.process(); }

  /** Sends up to {@code maxBytes} of queued media at once, for a probe cluster; the bytes sent. */
  int flush(int maxBytes) { return pacer.flush(maxBytes); }

  /** Whether packets wait in the pacer now. */
  boolean queued() { return pacer.queuedPackets() > 0; }

  Pacer pacer() { return pacer; }

  @Override
  public void send(ByteBuf buf, long ssrc, Pacer.Priority priority, long queuedNanos) {
    if (priority != Pacer.Priority.AUDIO && pacer.rateBps() > 0) metrics.pacerQueueDelay(queuedNanos);
    stampAndSend(buf, ssrc);
  }

  @Override
  public void refused(Pacer.Priority priority) {
    metrics.pacerDrop(priority.label);
  }

  private void stampAndSend(ByteBuf buf, long ssrc) {
    int id = bandwidth.extensionId();
    if (id > 0) {
      byte[] a = buf.array();
      int o = buf.arrayOffset() + buf.readerIndex();
      int at = RtpHeader.findExtension(a, o, buf.readableBytes(), id);
      if (at >= 0) {
        int seq = bandwidth.onSent(buf.readableBytes());
        a[at] = (byte) (seq >>> 8);
        a[at + 1] = (byte) seq;
      }
    }
    transport.sendRtp(buf, ssrc);
  }

  /** Releases what still waits. */
  @Override
  public void close() { pacer.close(); }
}
