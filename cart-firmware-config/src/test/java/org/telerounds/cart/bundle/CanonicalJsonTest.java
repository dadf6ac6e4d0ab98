package org.telerounds.cart.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The canonical form: stable under key order and whitespace, escaped as JSON.stringify does. */
class CanonicalJsonTest {
  private static JsonNode json(String text) throws Exception {
    return Json.parse(text);
  }

  @Test
  void keyOrderAndWhitespaceDoNotMatter() throws Exception {
    String a = "{\"b\": 1, \"a\": {\"z\": [3, 2, {\"y\": true, \"x\": null}], \"c\": \"s\"}}";
    String b = "{ \"a\" : { \"c\":\"s\",\n \"z\":[3,2,{\"x\":null,\"y\":true}] },\"b\":1 }";
    assertThat(CanonicalJson.text(json(a))).isEqualTo(CanonicalJson.text(json(b)))
        .isEqualTo("{\"a\":{\"c\":\"s\",\"z\":[3,2,{\"x\":null,\"y\":true}]},\"b\":1}");
  }

  @Test
  void arrayOrderMatters() throws Exception {
    assertThat(CanonicalJson.text(json("[1,2]"))).isNotEqualTo(CanonicalJson.text(json("[2,1]")));
  }

  @Test
  void keysSortByUtf16CodeUnitsNotNumerically() throws Exception {
    assertThat(CanonicalJson.text(json("{\"9\":0,\"10\":0,\"B\":0,\"a\":0,\"\\u00e9\":0,\"\\ud83d\\ude00\":0,\"\\uff21\":0}")))
        .isEqualTo("{\"10\":0,\"9\":0,\"B\":0,\"a\":0,\"é\":0,\"😀\":0,\"Ａ\":0}");
  }

  @Test
  void stringsAreEscapedAsJsonStringifyDoes() throws Exception {
    String in = "\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f \\u007f / \\u2028 é \\ud800 x\"";
    assertThat(CanonicalJson.text(json(in)))
        .isEqualTo("\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f \u007f / \u2028 é \\ud800 x\"");
  }

  @Test
  void textIsUtf8() throws Exception {
    assertThat(CanonicalJson.bytes(json("\"é\""))).containsExactly(0x22, 0xc3, 0xa9, 0x22);
    assertThat(new String(CanonicalJson.bytes(json("{\"k\":\"😀\"}")), StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"😀\"}");
  }

  @Test
  void integersArePlainAndIntegralFloatsNormalised() throws Exception {
    assertThat(CanonicalJson.text(json("[0, -0, 7, -12, 30.0, 1e2, 9007199254740991]")))
        .isEqualTo("[0,0,7,-12,30,100,9007199254740991]");
  }

  @Test
  void fractionsAndUnsafeIntegersHaveNoCanonicalForm() {
    assertThatThrownBy(() -> CanonicalJson.text(json("[29.97]"))).hasMessageContaining("integers only");
    assertThatThrownBy(() -> CanonicalJson.text(json("[9007199254740993]"))).hasMessageContaining("2^53");
  }
}
