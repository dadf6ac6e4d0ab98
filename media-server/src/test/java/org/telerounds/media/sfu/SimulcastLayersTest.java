package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.metrics.MediaMetrics.DropReason;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.node.PacketInfo;
import org.telerounds.media.rtp.Fixtures;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.tap.PacketTap;

/**
 * The receive side of simulcast: a simulcast track's demux finds each packet's layer by its rid
 * (RTX by its repaired rid), learns the SSRCs, and drops what names no announced rid; each layer
 * then has its own chain (stats, NACK, cache), and the taps see one layer as one stream ({@link TapLayerTest}).
 */
class SimulcastLayersTest {
  static final RtpCodec VP8 = TrackNodesTest.VP8;
  static final RtpCodec RTX = TrackNodesTest.RTX;
  static final int RID_ID = 10;
  static final int RRID_ID = 11;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MediaMetrics metrics = new MediaMetrics(registry);
  private final NodeStats stats = new NodeStats(registry, metrics);

  /** A VP8 packet (a real payload), with a one-byte rid (or repaired-rid) extension when {@code rid} is set. */
  static byte[] packet(String fixture, int pt, int seq, long ts, long ssrc, int extId, String rid) {
    byte[] payload = Fixtures.load(fixture);
    byte[] ext = new byte[0];
    if (rid != null) {
      byte[] r = rid.getBytes(StandardCharsets.US_ASCII);
      int words = (1 + r.length + 3) / 4;
      ext = new byte[4 + 4 * words];
      ext[0] = (byte) 0xBE;
      ext[1] = (byte) 0xDE;
      ext[3] = (byte) words;
      ext[4] = (byte) (extId << 4 | (r.length - 1));
      System.arraycopy(r, 0, ext, 5, r.length);
    }
    byte[] p = new byte[12 + ext.length + payload.length];
    p[0] = (byte) (rid != null ? 0x90 : 0x80);
    p[1] = (byte) pt;
    RtpHeader.setSequenceNumber(p, 0, seq);
    RtpHeader.setTimestamp(p, 0, ts);
    RtpHeader.setSsrc(p, 0, ssrc);
    System.arraycopy(ext, 0, p, 12, ext.length);
    System.arraycopy(payload, 0, p, 12 + ext.length, payload.length);
    return p;
  }

  private PublishedTrack track(List<PacketTap> taps) {
    TrackInfo info = new TrackInfo("t", "r", "p", TrackRole.CAMERA_ROOM, "video", "VP8", 90000);
    return new PublishedTrack(info, "0", VP8, RTX, Map.of(), null, 256, 300, metrics, stats, Clock.systemUTC(), taps,
        List.of("q", "h", "f"), RID_ID, RRID_ID);
  }

  private static void send(PublishedTrack t, byte[] p) {
    t.onRtp(p, 0, p.length, 0);
  }

  @Test
  void layersAreFoundByRidThenBySsrc_unknownRidsAreCountedDrops() {
    List<String> tapped = new ArrayList<>();
    PublishedTrack t = track(List.of((info, b, off, len, at) -> tapped.add(RtpHeader.ssrc(b, off, len) + ":"
        + RtpHeader.sequenceNumber(b, off, len))));
    assertThat(t.isSimulcast()).isTrue();
    assertThat(t.layers()).extracting(UpstreamLayer::rid).containsExactly("q", "h", "f");

    send(t, packet("video/aiortc_vp8_key_start", 96, 100, 0, 111, RID_ID, "q"));
    send(t, packet("video/aiortc_vp8_key_start", 96, 500, 0, 333, RID_ID, "f"));
    send(t, packet("video/aiortc_vp8_delta_start", 96, 101, 3000, 111, 0, null)); // known SSRC: no rid needed
    send(t, packet("video/aiortc_vp8_delta_start", 96, 501, 3000, 333, 0, null));
    send(t, packet("video/aiortc_vp8_delta_start", 96, 7, 3000, 999, RID_ID, "x")); // never announced
    send(t, packet("video/aiortc_vp8_delta_start", 96, 8, 3000, 998, 0, null)); // no rid at all
    send(t, new byte[] {(byte) 0x90, 96, 0, 9, 0, 0, 0, 0, 0, 0, 3, (byte) 0xE7, (byte) 0xBE, (byte) 0xDE, 0, 9}); // truncated

    assertThat(t.layer(0).ssrc()).isEqualTo(111);
    assertThat(t.layer(1).ssrc()).isEqualTo(-1);
    assertThat(t.layer(2).ssrc()).isEqualTo(333);
    assertThat(t.knowsSsrc(111)).isTrue();
    assertThat(t.knowsSsrc(999)).isFalse();
    assertThat(t.layer(0).cache().find(101)).isNotNegative();
    assertThat(t.layer(2).cache().find(101)).isNegative();
    assertThat(tapped).as("the recorder sees one layer, the highest (its keyframe first), as one stream").hasSize(2);
    assertThat(tapped.get(0)).startsWith("333:");
    int first = Integer.parseInt(tapped.get(0).substring(4));
    assertThat(tapped.get(1)).isEqualTo("333:" + ((first + 1) & 0xFFFF));
    assertThat(metrics.drops(DropReason.UNKNOWN_RID)).isEqualTo(3.0);
  }

  @Test
  void aLayerSilentWhileAnotherSendsHasStopped_withoutWaitingOutTheOneSecondBitrate() {
    PublishedTrack t = track(List.of());
    long ms = 1_000_000;
    for (int i = 0; i < 30; i++) { // 1 s of q and f at 30 fps
      byte[] q = packet("video/aiortc_vp8_delta_start", 96, 100 + i, 3000L * i, 111, RID_ID, "q");
      byte[] f = packet("video/aiortc_vp8_delta_start", 96, 500 + i, 3000L * i, 333, RID_ID, "f");
      t.onRtp(q, 0, q.length, i * 33 * ms);
      t.onRtp(f, 0, f.length, i * 33 * ms);
    }
    long end = 29 * 33 * ms;
    assertThat(t.sendingBps(0, end)).isPositive();
    assertThat(t.sendingBps(2, end)).isPositive();
    assertThat(t.sendingBps(1, end)).as("h never sent").isZero();
    for (int i = 30; i < 45; i++) { // f stops; q goes on for 0.5 s
      byte[] q = packet("video/aiortc_vp8_delta_start", 96, 100 + i, 3000L * i, 111, RID_ID, "q");
      t.onRtp(q, 0, q.length, i * 33 * ms);
    }
    long later = 44 * 33 * ms;
    assertThat(t.layer(2).bitrateBps(later)).as("the one-second bitrate still counts f").isPositive();
    assertThat(t.sendingBps(2, later)).as("but f has stopped").isZero();
    assertThat(t.sendingBps(0, later)).isPositive();
    assertThat(t.layerBpsForChoice(2, later)).as("what a leg's choice sees").isZero();
  }

  @Test
  void rtxIsMatchedByRepairedRidAndRestoredIntoItsLayer() {
    PublishedTrack t = track(List.of());
    send(t, packet("video/aiortc_vp8_key_start", 96, 200, 0, 222, RID_ID, "h"));
    byte[] original = packet("video/aiortc_vp8_delta_start", 96, 201, 3000, 222, 0, null);
    byte[] rtx = new byte[original.length + 2];
    System.arraycopy(original, 0, rtx, 0, 12);
    System.arraycopy(original, 12, rtx, 14, original.length - 12);
    rtx[12] = 0;
    rtx[13] = (byte) 201;
    byte[] withExt = packet("video/aiortc_vp8_delta_start", 97, 40, 3000, 2220, RRID_ID, "h");
    // the RTX packet: repaired-rid extension, then OSN 201 and the original payload
    byte[] p = new byte[12 + 8 + 2 + original.length - 12];
    System.arraycopy(withExt, 0, p, 0, 20);
    p[20] = 0;
    p[21] = (byte) 201;
    System.arraycopy(original, 12, p, 22, original.length - 12);
    send(t, p);
    assertThat(t.layer(1).rtxSsrc()).isEqualTo(2220);
    assertThat(t.layer(1).cache().find(201)).as("restored into layer h's cache").isNotNegative();
  }

  /** A VP8 keyframe start (descriptor S=1, frame tag, start code, 14-bit sizes) with the rid extension. */
  static byte[] keyframeOfSize(int seq, long ssrc, String rid, int w, int h) {
    byte[] payload = {0x10, 0x70, (byte) 0x93, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) w, (byte) (w >>> 8), (byte) h,
        (byte) (h >>> 8), 0, 0, 0, 0};
    byte[] p = packet("video/aiortc_vp8_key_start", 96, seq, 0, ssrc, RID_ID, rid);
    int hdr = RtpHeader.headerLength(p, 0, p.length);
    byte[] out = new byte[hdr + payload.length];
    System.arraycopy(p, 0, out, 0, hdr);
    System.arraycopy(payload, 0, out, hdr, payload.length);
    return out;
  }

  @Test
  void eachLayersKeyframesTellItsSize_andALegsViewCapsItsLayer() {
    PublishedTrack t = track(List.of());
    DownTrack leg = new DownTrack(t, null, null, "5", metrics, stats);
    assertThat(leg.maxLayerForView()).as("no view told: no cap").isEqualTo(Integer.MAX_VALUE);
    leg.view(480, 270);
    assertThat(leg.maxLayerForView()).as("no layer size known yet: no cap").isEqualTo(Integer.MAX_VALUE);
    send(t, keyframeOfSize(100, 111, "q", 320, 180));
    send(t, keyframeOfSize(200, 222, "h", 640, 360));
    send(t, keyframeOfSize(300, 333, "f", 1280, 720));
    assertThat(t.layers()).extracting(UpstreamLayer::frameHeight).containsExactly(180, 360, 720);
    assertThat(leg.maxLayerForView()).as("a 480x270 picture-in-picture: 640x360 fills it").isEqualTo(1);
    leg.view(340, 190);
    assertThat(leg.maxLayerForView()).as("up to 10% upscaling is fine: 320x180").isEqualTo(0);
    leg.view(1400, 788);
    assertThat(leg.maxLayerForView()).as("main view: 1280x720 (10% upscaled)").isEqualTo(2);
    leg.view(2560, 1440);
    assertThat(leg.maxLayerForView()).as("larger than any layer: no cap").isEqualTo(Integer.MAX_VALUE);
    leg.view(0, 0);
    assertThat(leg.maxLayerForView()).as("not shown: the lowest").isZero();
    send(t, keyframeOfSize(301, 333, "f", 960, 540)); // the encoder scaled its top layer down
    leg.view(1000, 560);
    assertThat(leg.maxLayerForView()).isEqualTo(2);
    assertThat(new DownTrack(track(List.of()), null, null, "6", metrics, stats).maxLayerForView())
        .isEqualTo(Integer.MAX_VALUE);
  }
}
