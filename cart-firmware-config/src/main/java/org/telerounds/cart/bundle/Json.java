package org.telerounds.cart.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper of this module. Reading is strict (a duplicate key or trailing text is an
 * error, since either could hide a tampered value from a human reader); writing is pretty-printed
 * with keys in canonical order, so a bundle file on disk reads the same as the bytes it signs.
 */
final class Json {
  static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Json() {}

  /** {@code text} as a JSON tree; the exception message says what is wrong and where. */
  static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** {@code node} pretty-printed, keys sorted as in the canonical form, with a final newline. */
  static String pretty(JsonNode node) {
    try {
      JsonNode sorted = MAPPER.readTree(CanonicalJson.text(node));
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("canonical JSON did not parse back", e);
    }
  }
}
