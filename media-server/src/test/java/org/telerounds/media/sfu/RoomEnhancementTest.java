package org.telerounds.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telerounds.media.audio.OpusFrameEncoder;
import org.telerounds.media.enhance.EnhancementConfig;
import org.telerounds.media.enhance.EnhancementLevels;
import org.telerounds.media.metrics.MediaMetrics;
import org.telerounds.media.node.NodeStats;
import org.telerounds.media.rtp.RtpHeader;
import org.telerounds.media.sdp.RtpCodec;
import org.telerounds.media.tap.PacketTap;

/**
 * The live enhancement path without sockets: mic packets published into a room go through an
 * {@link EnhancedVoiceTrack}; its output comes back on the "loop" as the cart's voice:enhanced, to
 * taps and subscribers; switching off or the mic ending closes the enhancer with no thread left;
 * the stethoscope is never fed and its packets pass bit for bit.
 */
class RoomEnhancementTest {
  static final RtpCodec OPUS = new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
  record Tapped(TrackInfo track, byte[] bytes) {}

  final List<Tapped> tapped = new CopyOnWriteArrayList<>();
  final PacketTap tap = (t, b, off, len, at) -> tapped.add(new Tapped(t, Arrays.copyOfRange(b, off, off + len)));
  final List<TrackInfo> added = new ArrayList<>();
  final List<TrackInfo> removed = new ArrayList<>();
  final RoomEnhancement.Host host = new RoomEnhancement.Host() {
    @Override public void addServerTrack(PublishedTrack t) { added.add(t.info()); }
    @Override public void removeServerTrack(PublishedTrack t) { removed.add(t.info()); }
  };
  ExecutorService loop;
  ExecutorService closer;
  MediaMetrics mediaMetrics;
  EnhancementMetrics metrics;
  RoomEnhancement room;

  @BeforeEach
  void start() throws Exception {
    loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-media-loop"));
    closer = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-closer"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    mediaMetrics = new MediaMetrics(registry);
    metrics = new EnhancementMetrics(registry);
    EnhancementContext ctx = new EnhancementContext(EnhancementConfig.defaults(), Clock.systemUTC(), loop,
        () -> { }, List.of(tap), mediaMetrics, new NodeStats(registry, mediaMetrics), metrics,
        closer);
    room = onLoop(() -> new RoomEnhancement(ctx, host));
  }

  @AfterEach
  void stop() throws Exception {
    onLoop(() -> { room.close(); return null; });
    closer.shutdown();
    closer.awaitTermination(5, TimeUnit.SECONDS);
    loop.shutdownNow();
  }

  <T> T onLoop(Callable<T> c) throws Exception {
    return loop.submit(c).get(5, TimeUnit.SECONDS);
  }

  PublishedTrack track(String participant, TrackRole role) {
    TrackInfo info = new TrackInfo(participant + "-" + role.wireName(), "r1", participant, role, "audio", "opus", 48000);
    PublishedTrack t = new PublishedTrack(info, role.wireName(), OPUS, null, Map.of(), null, 64, 1000, mediaMetrics,
        NodeStats.detached(), Clock.systemUTC(), List.of(tap));
    t.setSsrcs(role.ordinal() + 1000, -1);
    return t;
  }

  static List<byte[]> opusRtp(int frames, double amplitude, long ssrc) {
    List<byte[]> out = new ArrayList<>();
    float[] f = new float[960];
    try (OpusFrameEncoder enc = new OpusFrameEncoder(32000, 5)) {
      for (int n = 0; n < frames; n++) {
        for (int i = 0; i < 960; i++) f[i] = (float) (amplitude * Math.sin(2 * Math.PI * 300 * (n * 960 + i) / 48000.0));
        byte[] payload = enc.encode(f);
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = 111;
        RtpHeader.setSequenceNumber(p, 0, n);
        RtpHeader.setTimestamp(p, 0, n * 960L);
        RtpHeader.setSsrc(p, 0, ssrc);
        System.arraycopy(payload, 0, p, 12, payload.length);
        out.add(p);
      }
    }
    return out;
  }

  /** Sends packets in real time (20 ms apart), as a cart would. */
  void send(PublishedTrack t, List<byte[]> packets) throws Exception {
    for (byte[] p : packets) {
      onLoop(() -> { t.onRtp(p, 0, p.length, System.nanoTime()); return null; });
      Thread.sleep(20);
    }
  }

  static List<String> enhancerThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("telerounds-enhance-")).toList();
  }

  @Test
  void cartVoiceIsPublishedTappedAndClosedWithoutThreadsLeft() throws Exception {
    List<String> before = enhancerThreads();
    PublishedTrack patient = track("cart-1", TrackRole.MIC_PATIENT);
    onLoop(() -> { room.onTrackPublished(patient); return null; });
    assertThat(added).singleElement().satisfies(t -> {
      assertThat(t.role()).isEqualTo(TrackRole.VOICE_ENHANCED);
      assertThat(t.participantId()).isEqualTo("cart-1");
      assertThat(t.kind()).isEqualTo("audio");
      assertThat(t.codec()).isEqualTo("opus");
      assertThat(t.clockRate()).isEqualTo(48000);
    });
    assertThat(metrics.activeCarts()).isEqualTo(1);
    send(patient, opusRtp(25, 0.05, 1000));

    await().atMost(Duration.ofSeconds(5)).until(() -> enhancedPackets().size() >= 10);
    List<byte[]> out = enhancedPackets();
    assertThat(out).allSatisfy(p -> assertThat(RtpHeader.payloadType(p, 0, p.length)).isEqualTo(111));
    int s0 = RtpHeader.sequenceNumber(out.get(0), 0, out.get(0).length);
    int s1 = RtpHeader.sequenceNumber(out.get(1), 0, out.get(1).length);
    assertThat(s1).isEqualTo((s0 + 1) & 0xFFFF);
    EnhancementState state = onLoop(room::state);
    EnhancementLevels levels = state.carts().get(0).levels();
    assertThat(levels.patientDbfs()).as("input: a sine at -29 dBFS").isBetween(-36.0, -26.0);
    assertThat(levels.outputDbfs()).as("the adaptive gain lifts it").isGreaterThan(levels.patientDbfs());
    assertThat(state.enabled()).isTrue();
    assertThat(state.carts()).singleElement().satisfies(c -> {
      assertThat(c.participantId()).isEqualTo("cart-1");
      assertThat(c.preset()).isEqualTo("standard");
    });

    // Off: the track goes, the enhancer's thread and native handle are freed, no more output.
    assertThat(onLoop(() -> room.setEnabled(false))).isTrue();
    assertThat(removed).singleElement().isEqualTo(added.get(0));
    assertThat(patient.feed()).isNull();
    onLoop(room::released).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> enhancerThreads().equals(before));
    int afterOff = enhancedPackets().size();
    send(patient, opusRtp(5, 0.05, 1000));
    Thread.sleep(100);
    assertThat(enhancedPackets()).hasSize(afterOff);
    assertThat(metrics.activeCarts()).isZero();

    // On again: a new track; the mic ending (the cart left) ends it, again with nothing left behind.
    assertThat(onLoop(() -> room.setEnabled(true))).isTrue();
    assertThat(added).hasSize(2);
    onLoop(() -> { room.onTrackEnded(patient); return null; });
    assertThat(removed).hasSize(2);
    onLoop(room::released).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> enhancerThreads().equals(before));
  }

  @Test
  void stethoscopeIsNeverFedAndPassesBitForBit() throws Exception {
    PublishedTrack patient = track("cart-1", TrackRole.MIC_PATIENT);
    PublishedTrack steth = track("cart-1", TrackRole.AUDIO_STETHOSCOPE);
    onLoop(() -> { room.onTrackPublished(patient); room.onTrackPublished(steth); return null; });
    assertThat(steth.feed()).as("the stethoscope has no enhancer feed").isNull();
    assertThat(patient.feed()).isNotNull();
    List<byte[]> packets = opusRtp(10, 0.3, 2000);
    for (byte[] p : packets) {
      byte[] before = p.clone();
      onLoop(() -> { steth.onRtp(p, 0, p.length, System.nanoTime()); return null; });
      assertThat(p).isEqualTo(before);
    }
    List<byte[]> seen = tapped.stream().filter(t -> t.track().role() == TrackRole.AUDIO_STETHOSCOPE)
        .map(Tapped::bytes).toList();
    assertThat(seen).hasSize(packets.size());
    for (int i = 0; i < packets.size(); i++) assertThat(seen.get(i)).isEqualTo(packets.get(i));
    EnhancedVoiceTrack v = onLoop(() -> room.voiceOf("cart-1"));
    assertThat(v.enhancer().refusedPackets()).isZero();
    assertThat(v.enhancer().queueDrops()).isZero();
    Thread.sleep(200);
    assertThat(enhancedPackets()).as("no mic:patient input, so no enhanced output").isEmpty();
  }

  List<byte[]> enhancedPackets() {
    return tapped.stream().filter(t -> t.track().role() == TrackRole.VOICE_ENHANCED).map(Tapped::bytes).toList();
  }
}
