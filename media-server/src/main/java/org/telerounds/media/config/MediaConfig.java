package org.telerounds.media.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import org.telerounds.media.dtls.DtlsPool;
import org.telerounds.media.transport.TcpMediaPort;

/**
 * Typed, immutable view of the {@code telerounds.media} block of the configuration. It is read once
 * at start-up; {@link Config#checkValid} against the module's {@code reference.conf} has already
 * rejected wrong types, and {@link ConfigKeys#rejectUnknown} has rejected unknown keys.
 */
public record MediaConfig(
    String bindAddress,
    int udpPort,
    List<String> advertisedAddresses,
    Duration consentTimeout,
    int packetCacheSize,
    Duration keyframeRequestInterval,
    Duration rtcpReportInterval,
    long rembBitrateBps,
    List<String> videoCodecs,
    List<String> srtpProfiles,
    DtlsPool.Settings dtls,
    TcpMediaPort.Settings iceTcp,
    Turn turn,
    Twcc twcc,
    Simulcast simulcast) {
  /** {@code telerounds.media.simulcast}: pausing the layers no subscriber needs at the publisher. */
  public record Simulcast(boolean pauseUnusedLayers, Duration pauseAfter) {}

  /** {@code telerounds.media.twcc}: transport-wide congestion control and each subscriber's estimate. */
  public record Twcc(boolean enabled, Duration feedbackInterval, long startBps, long minBps, long maxBps,
      boolean probing, Pacing pacing) {}

  /** {@code telerounds.media.twcc.pacing}: each subscriber's pacer, which follows its estimate. */
  public record Pacing(boolean enabled, double factor, Duration maxQueueDelay, int maxQueuePackets) {
    public org.telerounds.media.pace.Pacer.Settings settings() {
      return new org.telerounds.media.pace.Pacer.Settings(maxQueueDelay.toNanos(), maxQueuePackets);
    }
  }

  /** {@code telerounds.media.turn}: coturn URLs handed to clients, the shared secret, and relay addresses. */
  public record Turn(List<String> urls, String sharedSecret, Duration credentialTtl, List<String> relayAddresses) {
    /** True when TURN servers are handed out. */
    public boolean enabled() { return !urls.isEmpty(); }

    @Override
    public String toString() {
      return "Turn[urls=" + urls + ", sharedSecret=<redacted>, credentialTtl=" + credentialTtl
          + ", relayAddresses=" + relayAddresses + "]";
    }
  }

  private static final String P = "telerounds.media.";

  /** Reads the {@code telerounds.media} section. */
  public static MediaConfig from(Config root) {
    ConfigKeys.rejectUnknown(root, "telerounds.media");
    MediaConfig mc = new MediaConfig(
        root.getString(P + "bind-address"),
        root.getInt(P + "udp-port"),
        root.getStringList(P + "advertised-addresses"),
        root.getDuration(P + "ice.consent-timeout"),
        root.getInt(P + "packet-cache-size"),
        root.getDuration(P + "keyframe-request-interval"),
        root.getDuration(P + "rtcp.report-interval"),
        root.getLong(P + "rtcp.remb-bitrate-bps"),
        root.getStringList(P + "video-codecs"),
        root.getStringList(P + "srtp-profiles"),
        dtls(root),
        iceTcp(root),
        turn(root),
        twcc(root),
        new Simulcast(root.getBoolean(P + "simulcast.pause-unused-layers"), root.getDuration(P + "simulcast.pause-after")));
    mc.validate();
    return mc;
  }

  private static DtlsPool.Settings dtls(Config root) {
    int threads = root.getInt(P + "dtls.threads");
    int queue = root.getInt(P + "dtls.queue-capacity");
    Duration timeout = root.getDuration(P + "dtls.handshake-timeout");
    ConfigKeys.require(threads >= 0 && threads <= 256, P + "dtls.threads", "0 (automatic) .. 256", threads);
    ConfigKeys.require(queue >= 1, P + "dtls.queue-capacity", "at least 1", queue);
    ConfigKeys.require(timeout.compareTo(Duration.ofSeconds(1)) >= 0, P + "dtls.handshake-timeout",
        "at least 1s", timeout);
    return new DtlsPool.Settings(threads, queue, timeout);
  }

  private static TcpMediaPort.Settings iceTcp(Config root) {
    String k = P + "ice.tcp.";
    TcpMediaPort.Settings t = new TcpMediaPort.Settings(root.getBoolean(k + "enabled"), root.getInt(k + "port"),
        root.getInt(k + "max-connections"), root.getInt(k + "max-connections-per-ip"),
        root.getDuration(k + "auth-timeout"));
    ConfigKeys.require(t.port() >= 0 && t.port() <= 65535, k + "port", "0..65535", t.port());
    ConfigKeys.require(t.maxConnections() >= 1, k + "max-connections", "at least 1", t.maxConnections());
    ConfigKeys.require(t.maxConnectionsPerIp() >= 1 && t.maxConnectionsPerIp() <= t.maxConnections(),
        k + "max-connections-per-ip", "1 .. max-connections", t.maxConnectionsPerIp());
    ConfigKeys.require(t.authTimeout().toMillis() >= 100 && t.authTimeout().toMinutes() <= 5, k + "auth-timeout",
        "100ms .. 5m", t.authTimeout());
    return t;
  }

  /** Shortest TURN shared secret accepted: anyone who knows it mints TURN credentials. */
  public static final int MIN_TURN_SECRET_CHARS = 32;

  private static Turn turn(Config root) {
    String k = P + "turn.";
    Turn t = new Turn(List.copyOf(root.getStringList(k + "urls")), root.getString(k + "shared-secret"),
        root.getDuration(k + "credential-ttl"), List.copyOf(root.getStringList(k + "relay-addresses")));
    for (String u : t.urls()) {
      ConfigKeys.require(u.matches("turns?:[^\\s?]+(\\?transport=(udp|tcp))?"), k + "urls",
          "turn:host:port?transport=udp|tcp or turns:host:port?transport=tcp", u);
    }
    if (t.enabled()) {
      // the secret's value is never put in a message
      ConfigKeys.require(t.sharedSecret().length() >= MIN_TURN_SECRET_CHARS, k + "shared-secret",
          "at least " + MIN_TURN_SECRET_CHARS + " characters when urls is set (openssl rand -base64 48)",
          t.sharedSecret().isEmpty() ? "nothing" : "a shorter secret");
    }
    ConfigKeys.require(t.credentialTtl().toSeconds() >= 60 && t.credentialTtl().toHours() <= 24,
        k + "credential-ttl", "1m .. 24h", t.credentialTtl());
    for (String a : t.relayAddresses()) {
      ConfigKeys.require(a.matches("[0-9.]+|[0-9a-fA-F:]+"), k + "relay-addresses", "IP addresses", a);
    }
    return t;
  }

  private static Twcc twcc(Config root) {
    String k = P + "twcc.";
    Twcc t = new Twcc(root.getBoolean(k + "enabled"), root.getDuration(k + "feedback-interval"),
        root.getLong(k + "start-bitrate-bps"), root.getLong(k + "min-bitrate-bps"), root.getLong(k + "max-bitrate-bps"),
        root.getBoolean(k + "probing"), new Pacing(root.getBoolean(k + "pacing.enabled"),
            root.getDouble(k + "pacing.factor"), root.getDuration(k + "pacing.max-queue-delay"),
            root.getInt(k + "pacing.max-queue-packets")));
    ConfigKeys.require(t.feedbackInterval().toMillis() >= 20 && t.feedbackInterval().toMillis() <= 1000,
        k + "feedback-interval", "20ms .. 1s", t.feedbackInterval());
    ConfigKeys.require(t.minBps() >= 10_000, k + "min-bitrate-bps", "at least 10000", t.minBps());
    ConfigKeys.require(t.startBps() >= t.minBps(), k + "start-bitrate-bps", "at least min-bitrate-bps", t.startBps());
    ConfigKeys.require(t.maxBps() >= t.startBps(), k + "max-bitrate-bps", "at least start-bitrate-bps", t.maxBps());
    ConfigKeys.require(t.pacing().factor() >= 1.0 && t.pacing().factor() <= 5.0, k + "pacing.factor", "1.0 .. 5.0",
        t.pacing().factor());
    ConfigKeys.require(t.pacing().maxQueueDelay().toMillis() >= 10 && t.pacing().maxQueueDelay().toMillis() <= 2000,
        k + "pacing.max-queue-delay", "10ms .. 2s", t.pacing().maxQueueDelay());
    ConfigKeys.require(t.pacing().maxQueuePackets() >= 64 && t.pacing().maxQueuePackets() <= 100_000,
        k + "pacing.max-queue-packets", "64 .. 100000", t.pacing().maxQueuePackets());
    return t;
  }

  private void validate() {
    ConfigKeys.require(simulcast.pauseAfter().toMillis() >= 1000 && simulcast.pauseAfter().toMillis() <= 600_000,
        "telerounds.media.simulcast.pause-after", "1s .. 10m", simulcast.pauseAfter());
    ConfigKeys.require(udpPort >= 0 && udpPort <= 65535, "telerounds.media.udp-port", "0..65535", udpPort);
    ConfigKeys.require(packetCacheSize >= 64 && Integer.bitCount(packetCacheSize) == 1,
        "telerounds.media.packet-cache-size", "a power of two >= 64", packetCacheSize);
    ConfigKeys.require(!videoCodecs.isEmpty() && videoCodecs.stream().allMatch(v -> v.equals("VP8") || v.equals("H264")),
        "telerounds.media.video-codecs", "a non-empty list of VP8 and/or H264", videoCodecs);
    ConfigKeys.require(!srtpProfiles.isEmpty() && srtpProfiles.stream()
            .allMatch(p -> p.equals("AEAD_AES_128_GCM") || p.equals("AES_CM_128_HMAC_SHA1_80")),
        "telerounds.media.srtp-profiles", "AEAD_AES_128_GCM and/or AES_CM_128_HMAC_SHA1_80", srtpProfiles);
    ConfigKeys.require(!consentTimeout.isNegative() && !consentTimeout.isZero(),
        "telerounds.media.ice.consent-timeout", "a positive duration", consentTimeout);
  }
}
