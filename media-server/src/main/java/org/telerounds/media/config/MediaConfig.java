package org.telerounds.media.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import org.telerounds.media.dtls.DtlsPool;

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
    DtlsPool.Settings dtls) {
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
        dtls(root));
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

  private void validate() {
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
