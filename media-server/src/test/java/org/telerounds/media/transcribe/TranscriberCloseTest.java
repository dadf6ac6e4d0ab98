package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.transcribe.engine.PocketSphinxEngine;

/** Closing leaves no {@code transcribe-*} threads and no native decoders; off creates nothing. */
class TranscriberCloseTest {
  static long transcribeThreads() {
    return transcribeThreadSet().size();
  }

  static java.util.Set<Thread> transcribeThreadSet() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("transcribe-"))
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void disabledServiceCreatesNoThreadsAndSaysWhy() throws Exception {
    long before = transcribeThreads();
    try (var service = new TranscriptionService(TranscriptionConfigTest.defaults(), TranscriptionMetrics.discard(),
        Clock.systemUTC())) {
      Transcriber t = service.forRoom("h", "r");
      assertThat(t.isActive()).isFalse();
      assertThat(t.unavailableReason()).hasValueSatisfying(r -> assertThat(r).contains("enabled = false"));
      t.open(new Speaker("p", "mic:patient", "Patient"), c -> { }).accept48k(new short[960], 0, 960, 0);
      assertThat(transcribeThreads()).isEqualTo(before);
    }
  }

  @Test
  void closingFreesDecodersAndThreadsAndEmitsTheOpenUtterancesFinal(@TempDir Path dir) throws Exception {
    PocketSphinxEngineTest.assumeInstalled();
    short[] speech = Speech.say(PocketSphinxEngineTest.SENTENCE, dir);
    short[] audio = Speech.concat(Speech.silence(300), speech); // no trailing silence: only close ends it
    int decodersBefore = PocketSphinxEngine.liveDecoders();
    // other test classes in this JVM may still own transcribe-* threads: only this service's count
    java.util.Set<Thread> others = transcribeThreadSet();
    List<Caption> captions = new CopyOnWriteArrayList<>();
    var config = TranscriptionConfigTest.parse("telerounds.transcription { enabled = true, threads = 2 }");
    var service = new TranscriptionService(config, TranscriptionMetrics.discard(), Clock.systemUTC());
    Transcriber t = service.forRoom("h", "r");
    assertThat(t.availability().get(10, TimeUnit.SECONDS)).isEmpty();
    var a = t.open(new Speaker("p", "mic:patient", "Patient"), captions::add);
    var b = t.open(new Speaker("e", "expert", "Dr B"), captions::add);
    for (int i = 0; i < audio.length; i += 320) {
      a.accept16k(audio, i, Math.min(320, audio.length - i), i / 16);
      b.accept16k(new short[320], 0, 320, i / 16);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> a.queued() == 0 && b.queued() == 0);
    java.util.Set<Thread> mine = transcribeThreadSet();
    mine.removeAll(others);
    assertThat(mine).isNotEmpty();
    assertThat(PocketSphinxEngine.liveDecoders()).isEqualTo(decodersBefore + 2);
    service.close();
    assertThat(PocketSphinxEngine.liveDecoders()).as("ps_free called for every decoder").isEqualTo(decodersBefore);
    for (Thread th : mine) th.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(mine).as("this service's transcribe-* threads after close").noneMatch(Thread::isAlive);
    assertThat(captions).filteredOn(Caption::isFinal).singleElement()
        .satisfies(c -> assertThat(WordErrorRate.wer(PocketSphinxEngineTest.SENTENCE, c.text())).isLessThanOrEqualTo(0.5));
  }
}
