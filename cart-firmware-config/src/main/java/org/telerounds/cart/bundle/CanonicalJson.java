package org.telerounds.cart.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical JSON form that signatures cover: RFC 8785 (JCS) for JSON without fractional
 * numbers. Object members are sorted by key, comparing UTF-16 code units (Java's
 * {@link String#compareTo}, JavaScript's default {@code sort()}); there is no whitespace; strings
 * are escaped exactly as {@code JSON.stringify} does ({@code \" \\ \b \f \n \r \t}, other control
 * characters and lone surrogates as lower-case <code>&#92;u00XX</code>, everything else as is); numbers are
 * integers of at most 2^53-1 in plain decimal; the text is encoded as UTF-8. In JavaScript the
 * same text comes from a short recursive function: sorted {@code Object.keys}, {@code
 * JSON.stringify} for each key and string, {@code String(n)} for each integer (see
 * {@code web/cart-bundle.js}).
 */
public final class CanonicalJson {
  private static final BigInteger MAX_SAFE = BigInteger.valueOf((1L << 53) - 1);

  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code node}. */
  public static byte[] bytes(JsonNode node) {
    return text(node).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of {@code node}; rejects fractional and unsafe numbers. */
  public static String text(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(keys.get(i), out);
          out.append(':');
          write(node.get(keys.get(i)), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
          write(it.next(), out);
          if (it.hasNext()) {
            out.append(',');
          }
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case NUMBER -> out.append(integer(node));
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException("not JSON data: " + node.getNodeType());
    }
  }

  private static BigInteger integer(JsonNode node) {
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else {
      BigDecimal d = node.decimalValue().stripTrailingZeros();
      if (d.scale() > 0) {
        throw new IllegalArgumentException("canonical JSON has integers only, not " + node.asText());
      }
      value = d.toBigIntegerExact();
    }
    if (value.abs().compareTo(MAX_SAFE) > 0) {
      throw new IllegalArgumentException("integer beyond 2^53-1: " + value);
    }
    return value;
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || loneSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean loneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
