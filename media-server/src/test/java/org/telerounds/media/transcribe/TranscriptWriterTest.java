package org.telerounds.media.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.transcribe.engine.Hypothesis;

class TranscriptWriterTest {
  static final Speaker PATIENT = new Speaker("p1", "mic:patient", "Patient");
  static final Speaker EXPERT = new Speaker("e7", "expert", "Dr <Lee> & co");

  static Caption fin(Speaker s, long n, String text, long start, long end) {
    return new Caption(s, Caption.Kind.FINAL, n, text, start, end, List.of());
  }

  @Test
  void webVttHasHeaderSortedCuesTimingAndEscaping() throws Exception {
    var w = new TranscriptWriter();
    w.onCaption(fin(EXPERT, 1, "does it hurt <here> & there", 3_723_004, 3_725_500));
    w.onCaption(fin(PATIENT, 1, "my chest hurts", 1_250, 3_000));
    w.onCaption(new Caption(PATIENT, Caption.Kind.PARTIAL, 2, "ignored", 4_000, 4_500, List.of()));
    w.onCaption(fin(PATIENT, 2, "", 5_000, 5_100));
    StringWriter out = new StringWriter();
    w.writeVtt(out);
    assertThat(out.toString()).isEqualTo("""
        WEBVTT

        1
        00:00:01.250 --> 00:00:03.000
        <v Patient>my chest hurts</v>

        2
        01:02:03.004 --> 01:02:05.500
        <v Dr &lt;Lee&gt; &amp; co>does it hurt &lt;here&gt; &amp; there</v>

        """);
  }

  @Test
  void jsonListsFinalsWithSpeakerTimesAndWords() throws Exception {
    var w = new TranscriptWriter();
    w.onCaption(new Caption(PATIENT, Caption.Kind.FINAL, 1, "say \"ah\"", 100, 900,
        List.of(new Word("say", 100, 400, Double.NaN), new Word("ah", 450, 900, 0.5))));
    StringWriter out = new StringWriter();
    w.writeJson("round-1", out);
    assertThat(out.toString()).isEqualTo("{\"round\":\"round-1\",\"captions\":[\n"
        + "{\"type\":\"caption.final\",\"utterance\":1,\"participant\":\"p1\",\"role\":\"mic:patient\","
        + "\"label\":\"Patient\",\"start\":100,\"end\":900,\"text\":\"say \\\"ah\\\"\",\"words\":["
        + "{\"word\":\"say\",\"start\":100,\"end\":400,\"conf\":null},{\"word\":\"ah\",\"start\":450,\"end\":900,\"conf\":0.500}]}"
        + "\n]}\n");
  }

  @Test
  void jsonStringEscapesControlCharacters() {
    assertThat(CaptionJson.quote("a\nb\u0001\\")).isEqualTo("\"a\\nb\\u0001\\\\\"");
    assertThat(Hypothesis.EMPTY.text()).isEmpty();
  }
}
