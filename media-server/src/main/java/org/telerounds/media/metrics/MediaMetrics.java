package org.telerounds.media.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every media-path metric in one place, with help text. Labels are low-cardinality enums: packet
 * type, drop reason and failure reason, never room or endpoint ids.
 */
public final class MediaMetrics {
  /** Datagram classes on the media port. */
  public enum PacketType { STUN, DTLS, RTP, RTCP }

  /** Why a datagram or packet was dropped. */
  public enum DropReason {
    UNKNOWN_TYPE, MALFORMED, UNKNOWN_ADDRESS, UNKNOWN_UFRAG, STUN_UNAUTHORIZED, DTLS_QUEUE_FULL,
    SRTP_NOT_READY, SRTP_AUTH, UNKNOWN_SSRC, NOT_NEGOTIATED, RTX_UPSTREAM, NACK_CACHE_MISS, SEND_FAILED, PAUSED,
    /** A video leg's packet before the keyframe it waits for (new leg, resume, layer switch). */
    AWAITING_KEYFRAME,
    /** A video leg suspended because its subscriber's estimate cannot carry it (audio first). */
    BANDWIDTH,
    /** A simulcast packet whose rid (or repaired rid) is missing or was never announced. */
    UNKNOWN_RID,
    /** A simulcast packet of a layer the subscriber's leg does not forward now. */
    OTHER_LAYER
  }

  private final Map<PacketType, Counter> packetsIn = new EnumMap<>(PacketType.class);
  private final Map<PacketType, Counter> bytesIn = new EnumMap<>(PacketType.class);
  private final Map<PacketType, Counter> packetsOut = new EnumMap<>(PacketType.class);
  private final Map<PacketType, Counter> bytesOut = new EnumMap<>(PacketType.class);
  private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);
  private final Counter dtlsFingerprintFailures;
  private final Counter dtlsHandshakeFailures;
  private final Counter dtlsTimeouts;
  private final Counter dtlsOverloads;
  private final Counter iceConsentExpired;
  private final Counter nackRetransmits;
  private final Counter keyframeRequests;
  private final Counter upstreamNacks;
  private final Counter upstreamRecovered;
  private final MeterRegistry registry;
  private final Map<String, Counter> layerSwitches = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Counter> layerPauses = new java.util.concurrent.ConcurrentHashMap<>();

  public MediaMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (PacketType t : PacketType.values()) {
      String tag = t.name().toLowerCase();
      packetsIn.put(t, Counter.builder("telerounds.media.packets.in").description("Datagrams received on the media port")
          .tag("type", tag).register(registry));
      bytesIn.put(t, Counter.builder("telerounds.media.bytes.in").description("Bytes received on the media port")
          .baseUnit("bytes").tag("type", tag).register(registry));
      packetsOut.put(t, Counter.builder("telerounds.media.packets.out").description("Datagrams sent from the media port")
          .tag("type", tag).register(registry));
      bytesOut.put(t, Counter.builder("telerounds.media.bytes.out").description("Bytes sent from the media port")
          .baseUnit("bytes").tag("type", tag).register(registry));
    }
    for (DropReason r : DropReason.values()) {
      drops.put(r, Counter.builder("telerounds.media.drops").description("Packets dropped, by reason")
          .tag("reason", r.name().toLowerCase()).register(registry));
    }
    dtlsFingerprintFailures = Counter.builder("telerounds.media.dtls.failures")
        .description("DTLS handshakes that failed").tag("reason", "fingerprint").register(registry);
    dtlsHandshakeFailures = Counter.builder("telerounds.media.dtls.failures")
        .description("DTLS handshakes that failed").tag("reason", "handshake").register(registry);
    dtlsTimeouts = Counter.builder("telerounds.media.dtls.failures")
        .description("DTLS handshakes that failed").tag("reason", "timeout").register(registry);
    dtlsOverloads = Counter.builder("telerounds.media.dtls.failures")
        .description("DTLS handshakes that failed").tag("reason", "overload").register(registry);
    iceConsentExpired = Counter.builder("telerounds.media.ice.failures")
        .description("ICE failures").tag("reason", "consent-expired").register(registry);
    nackRetransmits = Counter.builder("telerounds.media.nack.retransmits")
        .description("Packets retransmitted from the cache in answer to NACKs").register(registry);
    keyframeRequests = Counter.builder("telerounds.media.keyframe.requests")
        .description("PLIs sent to publishers (after throttling)").register(registry);
    upstreamNacks = Counter.builder("telerounds.media.upstream.nacked")
        .description("Sequence numbers NACKed to publishers (lost between publisher and server)").register(registry);
    upstreamRecovered = Counter.builder("telerounds.media.upstream.recovered")
        .description("Packets recovered from publishers' RTX retransmissions").register(registry);
  }

  public void in(PacketType t, int bytes) {
    packetsIn.get(t).increment();
    bytesIn.get(t).increment(bytes);
  }

  public void out(PacketType t, int bytes) {
    packetsOut.get(t).increment();
    bytesOut.get(t).increment(bytes);
  }

  public void drop(DropReason r) { drops.get(r).increment(); }
  public double drops(DropReason r) { return drops.get(r).count(); }
  public double packetsIn(PacketType t) { return packetsIn.get(t).count(); }
  public double packetsOut(PacketType t) { return packetsOut.get(t).count(); }
  public void dtlsFingerprintFailure() { dtlsFingerprintFailures.increment(); }
  public void dtlsHandshakeFailure() { dtlsHandshakeFailures.increment(); }
  /** A handshake not finished by its deadline (telerounds.media.dtls.handshake-timeout). */
  public void dtlsTimeout() { dtlsTimeouts.increment(); }
  /** A handshake refused because the DTLS pool's queue was full. */
  public void dtlsOverload() { dtlsOverloads.increment(); }
  public void iceConsentExpired() { iceConsentExpired.increment(); }
  public void nackRetransmit() { nackRetransmits.increment(); }
  public void keyframeRequest() { keyframeRequests.increment(); }
  public void upstreamNacks(int n) { upstreamNacks.increment(n); }
  public void upstreamRecovered() { upstreamRecovered.increment(); }

  /** Registers a gauge read from {@code value} (e.g. rooms, endpoints). */
  public void gauge(String name, String help, Supplier<Number> value) {
    Gauge.builder(name, value).description(help).register(registry);
  }

  /**
   * A subscriber's leg switched simulcast layer, at a keyframe of the new one, for {@code reason}
   * (a few fixed labels: start, bandwidth-down, bandwidth-up, layer-stopped).
   */
  /**
   * The set of simulcast layers a publisher is asked to send changed: {@code pause} when fewer are
   * active than before, {@code resume} when more are.
   */
  public void layerPauseChange(String direction) {
    layerPauses.computeIfAbsent(direction, d -> Counter.builder("telerounds.media.layer.pauses")
        .description("Changes to the simulcast layers publishers are asked to send: pause (fewer active), resume (more active)")
        .tag("direction", d).register(registry)).increment();
  }

  public void layerSwitch(String reason) {
    layerSwitches.computeIfAbsent(reason, r -> Counter.builder("telerounds.media.layer.switches")
        .description("Simulcast layer switches of subscribers' legs, by why the target changed").tag("reason", r)
        .register(registry)).increment();
  }
}
