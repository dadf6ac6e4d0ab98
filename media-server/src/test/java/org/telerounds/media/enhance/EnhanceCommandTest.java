package org.telerounds.media.enhance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telerounds.media.audio.WavFiles;

class EnhanceCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return EnhanceCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() { return err.toString(StandardCharsets.UTF_8); }

  private Path wav(String name, float[] x) throws Exception {
    Path p = dir.resolve(name);
    WavFiles.write(p, x);
    return p;
  }

  @Test
  void enhancesTwoMicsAndPrintsLevelsAndSnrBeforeAndAfter() throws Exception {
    float[] speech = TestSignals.speechLike(31, 4, 0.01);
    Path patient = wav("p.wav", TestSignals.plus(speech, TestSignals.whiteNoise(32, speech.length, 0.005)));
    Path room = wav("r.wav", TestSignals.plus(TestSignals.delayed(speech, 200, 0.5), TestSignals.whiteNoise(33, speech.length, 0.007)));
    Path dest = dir.resolve("out.wav");
    assertThat(run("--patient", patient.toString(), "--room", room.toString(), "--out", dest.toString(), "--preset", "aggressive"))
        .as(err()).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("preset aggressive", "input patient", "input room", "output", "active speech level",
        "estimated SNR", "mic delay");
    assertThat(WavFiles.read(dest)).hasSize(speech.length);
  }

  @Test
  void patientMicAloneIsEnough() throws Exception {
    Path patient = wav("p.wav", TestSignals.speechLike(34, 1, 0.01));
    assertThat(run("--patient", patient.toString(), "--out", dir.resolve("o.wav").toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("patient mic only");
  }

  @Test
  void missingFileIsOneClearError() {
    assertThat(run("--patient", dir.resolve("nope.wav").toString(), "--out", dir.resolve("o.wav").toString())).isEqualTo(2);
    assertThat(err()).contains("nope.wav: no such file").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void notAWavFileIsRefused() throws Exception {
    Path txt = Files.writeString(dir.resolve("notes.wav"), "this is not audio");
    assertThat(run("--patient", txt.toString(), "--out", dir.resolve("o.wav").toString())).isEqualTo(2);
    assertThat(err()).contains("not a WAV file").doesNotContain("Exception");
  }

  @Test
  void wrongSampleRateSaysHowToConvert() throws Exception {
    Path p = dir.resolve("16k.wav");
    byte[] pcm = new byte[3200];
    AudioFormat f = new AudioFormat(16000, 16, 1, true, false);
    AudioSystem.write(new AudioInputStream(new java.io.ByteArrayInputStream(pcm), f, 1600), AudioFileFormat.Type.WAVE, p.toFile());
    assertThat(run("--patient", p.toString(), "--out", dir.resolve("o.wav").toString())).isEqualTo(2);
    assertThat(err()).contains("16000 Hz is not supported").contains("sox");
  }

  @Test
  void emptyWavIsRefused() throws Exception {
    Path p = wav("empty.wav", new float[0]);
    assertThat(run("--patient", p.toString(), "--out", dir.resolve("o.wav").toString())).isEqualTo(2);
    assertThat(err()).contains("contains no audio");
  }

  @Test
  void badArgumentsAndPresetsAreRefused() throws Exception {
    assertThat(run("--out", "x.wav")).isEqualTo(2);
    assertThat(err()).contains("Missing required option").contains("--patient").doesNotContain("\tat ");
    Path p = wav("p.wav", TestSignals.speechLike(35, 0.5, 0.01));
    assertThat(run("--patient", p.toString(), "--out", dir.resolve("o.wav").toString(), "--preset", "loud")).isEqualTo(2);
    assertThat(err()).contains("unknown preset 'loud'");
    assertThat(run("--patient", p.toString(), "--bogus", "1", "--out", "o.wav")).isEqualTo(2);
  }

  /** The output may never be an input: by the same path, another spelling of it, or a hard link. */
  @Test
  void theOutputMayNeverBeAnInputAndTheInputIsUntouched() throws Exception {
    Path p = wav("patient.wav", TestSignals.speechLike(35, 1.0, 0.02));
    Path r = wav("room.wav", TestSignals.speechLike(36, 1.0, 0.02));
    byte[] before = Files.readAllBytes(p);
    Path link = Files.createLink(dir.resolve("same.wav"), p);
    for (String out : new String[] {p.toString(), dir.resolve("sub/../patient.wav").toString(), link.toString(),
        r.toString()}) {
      err.reset();
      assertThat(run("--patient", p.toString(), "--room", r.toString(), "--out", out, "--force")).as(out).isEqualTo(2);
      assertThat(err()).as(out).contains("may not be an input");
    }
    assertThat(Files.readAllBytes(p)).isEqualTo(before);
  }

  /** An existing output is kept unless --force; a directory or a missing directory is refused before any work. */
  @Test
  void theOutputIsCheckedBeforeProcessingAndReplacedOnlyWithForce() throws Exception {
    Path p = wav("p.wav", TestSignals.speechLike(35, 1.0, 0.02));
    Path existing = Files.writeString(dir.resolve("kept.wav"), "an earlier result");
    assertThat(run("--patient", p.toString(), "--out", existing.toString())).isEqualTo(2);
    assertThat(err()).contains("exists; add --force");
    assertThat(Files.readString(existing)).isEqualTo("an earlier result");
    assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing was processed").isEmpty();
    err.reset();
    assertThat(run("--patient", p.toString(), "--out", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("is a directory");
    err.reset();
    assertThat(run("--patient", p.toString(), "--out", dir.resolve("no/such/dir/o.wav").toString())).isEqualTo(2);
    assertThat(err()).contains("does not exist");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(run("--patient", p.toString(), "--out", existing.toString(), "--force")).isZero();
    assertThat(WavFiles.read(existing)).hasSize(48_000);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left").noneMatch(n -> n.endsWith(".part"));
    }
  }

  /** A WAV cut short (its header promises more than it holds) is refused, not read as silence. */
  @Test
  void aTruncatedWavIsRefused() throws Exception {
    Path p = wav("whole.wav", TestSignals.speechLike(35, 2.0, 0.02));
    byte[] all = Files.readAllBytes(p);
    Path cut = Files.write(dir.resolve("cut.wav"), java.util.Arrays.copyOf(all, all.length / 2));
    assertThat(run("--patient", cut.toString(), "--out", dir.resolve("o.wav").toString())).isEqualTo(2);
    assertThat(err()).contains("truncated").contains("2.00 s").doesNotContain("Exception");
    assertThat(Files.exists(dir.resolve("o.wav"))).isFalse();
  }
}
