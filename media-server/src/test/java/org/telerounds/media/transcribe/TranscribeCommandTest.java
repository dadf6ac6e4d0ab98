package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscribeCommandTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return TranscribeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void missingFileIsOneLineExit2(@TempDir Path dir) {
    assertThat(run(dir.resolve("none.wav").toString())).isEqualTo(2);
    assertThat(err()).startsWith("transcribe: no such file").hasLineCount(1);
  }

  @Test
  void notAudioIsOneLineExit2(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("x.wav"), "hello");
    assertThat(run(f.toString())).isEqualTo(2);
    assertThat(err()).contains("not a WAV").hasLineCount(1);
  }

  @Test
  void badOptionsExit2() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("a.wav", "--engine", "whisper")).isEqualTo(2);
    assertThat(run("a.wav", "--model")).isEqualTo(2);
  }

  @Test
  void missingVoskModelExit3WithTheReason(@TempDir Path dir) throws Exception {
    Path wav = dir.resolve("s.wav");
    Files.write(wav, Wav.bytes(new short[16000], 16000, 1));
    assertThat(run(wav.toString(), "--engine", "vosk", "--model", dir.resolve("m").toString())).isEqualTo(3);
    assertThat(err()).contains("Vosk model directory not found").hasLineCount(1);
  }

  @Test
  void printsPartialAndFinalJsonLinesFor44kStereoFile(@TempDir Path dir) throws Exception {
    PocketSphinxEngineTest.assumeInstalled();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sox")), "sox is not installed");
    short[] speech = Speech.say(PocketSphinxEngineTest.SENTENCE, dir);
    Path mono = dir.resolve("m.wav");
    Files.write(mono, Wav.bytes(Speech.concat(Speech.silence(500), speech, Speech.silence(1000)), 16000, 1));
    Path stereo = dir.resolve("s44.wav");
    Process p = new ProcessBuilder("sox", mono.toString(), "-r", "44100", "-c", "2", stereo.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run(stereo.toString())).as(err()).isZero();
    List<String> lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
    assertThat(lines).anyMatch(l -> l.startsWith("{\"type\":\"caption.partial\""));
    String fin = lines.stream().filter(l -> l.startsWith("{\"type\":\"caption.final\"")).findFirst().orElseThrow();
    String text = fin.replaceAll(".*\"text\":\"([^\"]*)\".*", "$1");
    assertThat(WordErrorRate.wer(PocketSphinxEngineTest.SENTENCE, text)).as(text).isLessThanOrEqualTo(0.5);
  }
}
