package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.MutableClock;
import org.telerounds.media.audio.OpusFrameEncoder;
import org.telerounds.media.audio.Pcm;
import org.telerounds.media.sfu.TrackInfo;
import org.telerounds.media.sfu.TrackRole;
import org.telerounds.media.transcribe.engine.PocketSphinxEngine;

/**
 * The live feed from RTP: real flite speech, Opus-encoded into RTP packets as a browser sends
 * them, through {@link LiveTranscription} as the SFU calls it, recognised by PocketSphinx.
 */
class LiveTranscriptionTest {
  static final String SECOND = "blood pressure is one hundred and twenty over eighty";

  final MutableClock clock = new MutableClock();

  /** A publisher: 20 ms Opus packets of 48 kHz audio, advancing the clock as real time would. */
  final class Sender {
    final TrackInfo info;
    final OpusFrameEncoder encoder = new OpusFrameEncoder(32_000, 5);
    int seq = 1000;
    long ts = 123_456;

    Sender(String trackId, String participant, TrackRole role) {
      info = new TrackInfo(trackId, "room-1", participant, role, "audio", "opus", 48_000);
    }

    byte[] packet(float[] frame) {
      byte[] p = rtp(seq, ts, encoder.encode(frame));
      seq = (seq + 1) & 0xffff;
      ts += Pcm.FRAME_SAMPLES;
      return p;
    }
  }

  /** An Opus RTP packet (payload type 111, SSRC 7) with this sequence number and timestamp. */
  static byte[] rtp(int seq, long ts, byte[] opus) {
    byte[] p = new byte[12 + opus.length];
    p[0] = (byte) 0x80;
    p[1] = 111;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[4] = (byte) (ts >> 24);
    p[5] = (byte) (ts >> 16);
    p[6] = (byte) (ts >> 8);
    p[7] = (byte) ts;
    p[11] = 7;
    System.arraycopy(opus, 0, p, 12, opus.length);
    return p;
  }

  /** 16 kHz to 48 kHz by linear interpolation, as floats. */
  static float[] to48k(short[] pcm16) {
    float[] out = new float[pcm16.length * 3];
    for (int i = 0; i < pcm16.length; i++) {
      float a = Pcm.toFloat(pcm16[i]);
      float b = i + 1 < pcm16.length ? Pcm.toFloat(pcm16[i + 1]) : a;
      for (int k = 0; k < 3; k++) out[i * 3 + k] = a + (b - a) * k / 3f;
    }
    return out;
  }

  /** Sends {@code audio} from each sender in lock step (20 ms per packet); null audio is silence. */
  void send(LiveTranscription live, Sender[] senders, float[][] audio) {
    int frames = 0;
    for (float[] a : audio) frames = Math.max(frames, a == null ? 0 : a.length / Pcm.FRAME_SAMPLES);
    float[] frame = new float[Pcm.FRAME_SAMPLES];
    for (int f = 0; f < frames; f++) {
      for (int s = 0; s < senders.length; s++) {
        java.util.Arrays.fill(frame, 0f);
        if (audio[s] != null && (f + 1) * Pcm.FRAME_SAMPLES <= audio[s].length) {
          System.arraycopy(audio[s], f * Pcm.FRAME_SAMPLES, frame, 0, Pcm.FRAME_SAMPLES);
        }
        byte[] p = senders[s].packet(frame);
        live.onRtp(senders[s].info, p, 0, p.length, System.nanoTime());
      }
      clock.advance(Duration.ofMillis(20));
      if (f % 25 == 24) { // faster than real time, but never faster than the feed decodes
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> live.queuedPackets() < 20);
      }
    }
  }

  @Test
  void cartSpeechBecomesCaptionsOnTheRoundClockAndMicRoomIsIgnored(@TempDir Path dir) throws Exception {
    PocketSphinxEngineTest.assumeInstalled();
    float[] speech = to48k(Speech.concat(Speech.silence(1000), Speech.say(PocketSphinxEngineTest.SENTENCE, dir),
        Speech.silence(1500)));
    List<Caption> captions = new CopyOnWriteArrayList<>();
    var config = TranscriptionConfigTest.parse("telerounds.transcription { enabled = true, threads = 1 }");
    int decodersBefore = PocketSphinxEngine.liveDecoders();
    try (var service = new TranscriptionService(config, TranscriptionMetrics.discard(), clock);
        var live = new LiveTranscription(service, clock)) {
      long started = clock.millis();
      clock.advance(Duration.ofMillis(2000)); // the cart speaks 2 s into the round
      var room = live.startRoom("room-1", null, started, captions::add);
      assertThat(room.transcriber().availability().get(10, TimeUnit.SECONDS)).isEmpty();
      live.label("room-1", "cart-1", "Bedside");
      Sender patient = new Sender("t1", "cart-1", TrackRole.MIC_PATIENT);
      Sender roomMic = new Sender("t2", "cart-1", TrackRole.MIC_ROOM);
      send(live, new Sender[] {patient, roomMic}, new float[][] {speech, speech});

      await().atMost(Duration.ofSeconds(20)).until(() -> captions.stream().anyMatch(Caption::isFinal));
      Caption fin = captions.stream().filter(Caption::isFinal).findFirst().orElseThrow();
      assertThat(fin.speaker()).isEqualTo(new Speaker("cart-1", "mic:patient", "Bedside"));
      assertThat(WordErrorRate.wer(PocketSphinxEngineTest.SENTENCE, fin.text())).isLessThanOrEqualTo(0.5);
      // speech starts 1 s into the track, which starts 2 s into the round
      assertThat(fin.startMillis()).isBetween(2700L, 3400L);
      assertThat(fin.endMillis()).isGreaterThan(fin.startMillis() + 1000);
      assertThat(captions).allSatisfy(c -> assertThat(c.speaker().role()).isEqualTo("mic:patient"));
      assertThat(PocketSphinxEngine.liveDecoders()).as("one decoder: mic:room is not transcribed")
          .isEqualTo(decodersBefore + 1);

      assertThat(service.metrics().drops(TranscriptionMetrics.DropKind.PACKET)).isZero();
      TranscriptWriter transcript = live.endRoom("room-1").get(10, TimeUnit.SECONDS);
      assertThat(transcript.finals()).extracting(Caption::text).containsExactly(fin.text());
      await().atMost(Duration.ofSeconds(5)).until(() -> PocketSphinxEngine.liveDecoders() == decodersBefore);
      assertThat(live.transcribing("room-1")).isFalse();
    }
  }

  @Test
  void theEnhancedVoiceReplacesTheCartsMicAndExpertsAreSeparateSpeakers(@TempDir Path dir) throws Exception {
    PocketSphinxEngineTest.assumeInstalled();
    float[] first = to48k(Speech.concat(Speech.silence(800), Speech.say(PocketSphinxEngineTest.SENTENCE, dir),
        Speech.silence(1500)));
    float[] second = to48k(Speech.concat(Speech.silence(800), Speech.say(SECOND, dir), Speech.silence(1500)));
    List<Caption> captions = new CopyOnWriteArrayList<>();
    var config = TranscriptionConfigTest.parse("telerounds.transcription { enabled = true, threads = 2 }");
    try (var service = new TranscriptionService(config, TranscriptionMetrics.discard(), clock);
        var live = new LiveTranscription(service, clock)) {
      var room = live.startRoom("room-1", null, clock.millis(), captions::add);
      assertThat(room.transcriber().availability().get(10, TimeUnit.SECONDS)).isEmpty();
      Sender patient = new Sender("t1", "cart-1", TrackRole.MIC_PATIENT);
      Sender enhanced = new Sender("t9", "cart-1", TrackRole.VOICE_ENHANCED);
      Sender expert = new Sender("t3", "expert-1", TrackRole.MIC_PARTICIPANT);
      // before the enhancer starts: the cart's mic:patient is the cart's voice
      send(live, new Sender[] {patient, expert}, new float[][] {first, second});
      await().atMost(Duration.ofSeconds(30)).until(() -> captions.stream().filter(Caption::isFinal).count() >= 2);
      // the enhanced track appears: mic:patient is no longer transcribed (same speech on both)
      send(live, new Sender[] {patient, enhanced}, new float[][] {second, second});
      await().atMost(Duration.ofSeconds(30)).until(() -> captions.stream().filter(Caption::isFinal).count() >= 3);
      List<Caption> finals = captions.stream().filter(Caption::isFinal).toList();
      assertThat(finals).extracting(c -> c.speaker().participantId() + " " + c.speaker().role())
          .containsExactlyInAnyOrder("cart-1 mic:patient", "expert-1 mic:participant", "cart-1 voice:enhanced");
      Caption last = finals.get(2);
      assertThat(last.speaker().role()).isEqualTo("voice:enhanced");
      assertThat(WordErrorRate.wer(SECOND, last.text())).isLessThanOrEqualTo(0.5);
      live.endRoom("room-1").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withCartVoiceRawTheEnhancedTrackIsIgnored(@TempDir Path dir) throws Exception {
    PocketSphinxEngineTest.assumeInstalled();
    float[] speech = to48k(Speech.concat(Speech.silence(800), Speech.say(SECOND, dir), Speech.silence(1500)));
    List<Caption> captions = new CopyOnWriteArrayList<>();
    var config = TranscriptionConfigTest.parse("telerounds.transcription { enabled = true, threads = 1, cart-voice = raw }");
    try (var service = new TranscriptionService(config, TranscriptionMetrics.discard(), clock);
        var live = new LiveTranscription(service, clock)) {
      var room = live.startRoom("room-1", null, clock.millis(), captions::add);
      assertThat(room.transcriber().availability().get(10, TimeUnit.SECONDS)).isEmpty();
      Sender patient = new Sender("t1", "cart-1", TrackRole.MIC_PATIENT);
      Sender enhanced = new Sender("t9", "cart-1", TrackRole.VOICE_ENHANCED);
      send(live, new Sender[] {enhanced, patient}, new float[][] {speech, speech});
      await().atMost(Duration.ofSeconds(30)).until(() -> captions.stream().anyMatch(Caption::isFinal));
      live.endRoom("room-1").get(10, TimeUnit.SECONDS);
      assertThat(captions).filteredOn(Caption::isFinal).singleElement()
          .satisfies(c -> assertThat(c.speaker().role()).isEqualTo("mic:patient"));
    }
  }

  @Test
  void aRoomThatIsNotTranscribedCostsNothing() {
    var config = TranscriptionConfigTest.parse("telerounds.transcription { enabled = true, threads = 1 }");
    long before = TranscriberCloseTest.transcribeThreads();
    try (var service = new TranscriptionService(config, TranscriptionMetrics.discard(), clock);
        var live = new LiveTranscription(service, clock)) {
      Sender patient = new Sender("t1", "cart-1", TrackRole.MIC_PATIENT);
      send(live, new Sender[] {patient}, new float[][] {new float[Pcm.FRAME_SAMPLES * 50]});
      assertThat(live.transcribing("room-1")).isFalse();
      assertThat(TranscriberCloseTest.transcribeThreads()).as("no recognition thread, no model").isEqualTo(before);
      assertThat(live.endRoom("room-1")).isNull();
    }
  }

  @Test
  void theCartsHospitalPicksTheEngineForLaterSpeakers() throws Exception {
    var config = TranscriptionConfigTest.parse("""
        telerounds.transcription { enabled = true, threads = 1,
          overrides = [ { hospital = "north", engine = vosk, model-dir = "" } ] }""");
    try (var service = new TranscriptionService(config, TranscriptionMetrics.discard(), clock);
        var live = new LiveTranscription(service, clock)) {
      var room = live.startRoom("room-1", null, clock.millis(), c -> { });
      assertThat(room.transcriber().engineName()).isEqualTo("pocketsphinx");
      assertThat(live.useHospital("room-1", "south").transcriber()).isSameAs(room.transcriber());
      var north = live.useHospital("room-1", "north");
      assertThat(north.transcriber().engineName()).isEqualTo("vosk");
      assertThat(north.startedMillis()).isEqualTo(room.startedMillis());
      assertThat(north.transcriber().availability().get(10, TimeUnit.SECONDS)).get(
          org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("model");
      assertThat(live.useHospital("no-such-room", "north")).isNull();
    }
  }
}
