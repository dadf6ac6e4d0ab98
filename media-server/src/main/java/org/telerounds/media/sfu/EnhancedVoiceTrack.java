package org.telerounds.media.sfu;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.telerounds.media.enhance.CartEnhancer;
import org.telerounds.media.enhance.EncodedFrame;
import org.telerounds.media.enhance.EnhancementLevels;
import org.telerounds.media.enhance.EnhancementPolicy;
import org.telerounds.media.enhance.EnhancementPreset;
import org.telerounds.media.rtp.RtpHeader;

/**
 * One cart's server-made {@code voice:enhanced} track and the {@link CartEnhancer} behind it.
 *
 * <p>The cart's {@code mic:patient} (and {@code mic:room}, when it has one) get this object as
 * their feed: on the media loop it copies each Opus payload into the enhancer's bounded queue and
 * returns. The enhancer's own thread emits a frame every 20 ms; this wraps it in an RTP header
 * (the mic's Opus payload type, a random SSRC, sequence and timestamp) and hands the packet to the
 * loop with {@code loop.execute}; there the server-made {@link PublishedTrack} counts it, passes it
 * to every tap (the recorder, captions) and forwards it to every subscriber like any other track.
 * {@code audio:stethoscope} is never fed (see {@link EnhancementPolicy}).
 *
 * <p>Lifecycle: made and closed on the loop by {@link RoomEnhancement}. {@link #close} detaches the
 * feeds at once and closes the enhancer (its thread and native AudioProcessing) on the closer
 * executor; {@link #released} completes when that is done. Frames still in flight are dropped.
 */
final class EnhancedVoiceTrack implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long NTP_EPOCH_OFFSET_S = 2_208_988_800L;
  private static final java.util.concurrent.atomic.AtomicLong INSTANCES = new java.util.concurrent.atomic.AtomicLong();
  private final EnhancementContext ctx;
  private final PublishedTrack track;
  private final PublishedTrack patientMic;
  private PublishedTrack roomMic;
  private final CartEnhancer enhancer;
  private final int payloadType;
  private final long ssrc;
  private final int seqOffset = RANDOM.nextInt(0x10000);
  private final CompletableFuture<Void> released = new CompletableFuture<>();
  private volatile boolean closed;
  private volatile EnhancementPreset preset;
  private long lastTs = -1; // enhancer thread only
  private long lastSrMillis = Long.MIN_VALUE; // loop only

  EnhancedVoiceTrack(PublishedTrack patientMic, EnhancementPreset preset, boolean enhance, EnhancementContext ctx) {
    this.ctx = ctx;
    this.patientMic = patientMic;
    this.preset = preset;
    TrackInfo mic = patientMic.info();
    // A fresh id each time (off then on makes a new track): subscribers tell the old m-section from the new.
    TrackInfo info = new TrackInfo(mic.participantId() + "-voice-enhanced-" + INSTANCES.incrementAndGet(),
        mic.roomId(), mic.participantId(),
        TrackRole.VOICE_ENHANCED, "audio", mic.codec(), mic.clockRate());
    this.payloadType = patientMic.codec().payloadType();
    this.ssrc = 1 + (RANDOM.nextLong() & 0x7FFFFFFEL);
    this.track = new PublishedTrack(info, "server-voice-enhanced", patientMic.codec(), null, Map.of(), null, 64,
        1000, ctx.mediaMetrics(), ctx.nodes(), ctx.clock(), ctx.taps());
    track.setSsrcs(ssrc, -1);
    this.enhancer = CartEnhancer.withOwnThread(preset, ctx.config(), ctx.clock(), this::onFrame);
    enhancer.setEnabled(enhance);
    patientMic.setFeed(this::feed);
    ctx.metrics().cartStarted();
  }

  PublishedTrack track() { return track; }
  TrackInfo info() { return track.info(); }
  PublishedTrack patientMic() { return patientMic; }
  EnhancementLevels levels() { return enhancer.levels(); }
  EnhancementPreset preset() { return preset; }
  CartEnhancer enhancer() { return enhancer; }

  /** Completes once the enhancer's thread and native handles are gone. */
  CompletableFuture<Void> released() { return released; }

  /** Feeds the cart's room mic too (null: none). */
  void setRoomMic(PublishedTrack mic) {
    if (roomMic != null && roomMic.feed() != null) roomMic.setFeed(null);
    roomMic = mic;
    if (mic != null && !closed) mic.setFeed(this::feed);
  }

  PublishedTrack roomMic() { return roomMic; }

  void setPreset(EnhancementPreset p) {
    preset = p;
    enhancer.setPreset(p);
  }

  /** On the loop: one decrypted mic packet; only its Opus payload is copied to the enhancer. */
  private void feed(TrackInfo from, byte[] b, int off, int len, long arrivalNanos) {
    int hdr = RtpHeader.headerLength(b, off, len);
    int end = len - RtpHeader.paddingLength(b, off, len);
    if (hdr < 0 || end <= hdr) return; // malformed or padding only
    if (!enhancer.onPacket(from.role().wireName(), b, off + hdr, end - hdr, RtpHeader.sequenceNumber(b, off, len),
        RtpHeader.timestamp(b, off, len))) {
      ctx.metrics().inputDrop();
    }
  }

  /** On the enhancer's thread: packetize and hand over to the loop. The packet has one owner. */
  private void onFrame(EncodedFrame f) {
    if (closed) return;
    byte[] payload = f.payload();
    byte[] rtp = new byte[RtpHeader.FIXED_HEADER_LENGTH + payload.length];
    rtp[0] = (byte) 0x80;
    rtp[1] = (byte) (payloadType & 0x7F);
    RtpHeader.setMarker(rtp, 0, lastTs < 0 || f.rtpTimestamp() != ((lastTs + 960) & 0xFFFFFFFFL)); // talkspurt
    lastTs = f.rtpTimestamp();
    RtpHeader.setSequenceNumber(rtp, 0, (int) ((f.sequence() + seqOffset) & 0xFFFF));
    RtpHeader.setTimestamp(rtp, 0, f.rtpTimestamp());
    RtpHeader.setSsrc(rtp, 0, ssrc);
    System.arraycopy(payload, 0, rtp, RtpHeader.FIXED_HEADER_LENGTH, payload.length);
    ctx.loop().execute(() -> inject(rtp));
  }

  /** On the loop: the packet goes the way of any published packet (stats, taps, legs). */
  private void inject(byte[] rtp) {
    if (closed) {
      ctx.metrics().lateFrame();
      return;
    }
    long now = ctx.clock().millis();
    if (now - lastSrMillis >= 1000) { // subscribers' sender reports are translated from this
      lastSrMillis = now;
      track.onSenderReport(ntp(now), RtpHeader.timestamp(rtp, 0, rtp.length));
    }
    track.onRtp(rtp, 0, rtp.length, System.nanoTime());
    ctx.metrics().frameOut();
    ctx.flush().run();
  }

  private static long ntp(long millis) {
    long seconds = millis / 1000 + NTP_EPOCH_OFFSET_S;
    long fraction = ((millis % 1000) << 32) / 1000;
    return seconds << 32 | fraction;
  }

  /** On the loop: stops feeding and injecting now; the enhancer closes on the closer executor. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (patientMic.feed() != null) patientMic.setFeed(null);
    if (roomMic != null && roomMic.feed() != null) roomMic.setFeed(null);
    track.close();
    ctx.metrics().cartStopped();
    ctx.closer().execute(() -> {
      try {
        enhancer.close();
        released.complete(null);
      } catch (RuntimeException | Error e) {
        released.completeExceptionally(e);
      }
    });
  }
}
