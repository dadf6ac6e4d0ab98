package org.telerounds.media.rtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test helper that loads the captured packet fixtures under {@code fixtures/rtp} and
 * {@code fixtures/rtcp} (hex text, whitespace ignored; see the sibling {@code .txt} dissections)
 * and lists them, so RTP and RTCP tests share one loader.
 */
public final class Fixtures {
  private Fixtures() {}

  /** Bytes of {@code fixtures/<name>.hex}, e.g. {@code load("rtcp/chrome_pli")}. */
  public static byte[] load(String name) {
    String resource = "/fixtures/" + name + ".hex";
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + resource);
      }
      String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s+", "");
      return HexFormat.of().parseHex(hex);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names ({@code "rtp/..."} and {@code "rtcp/..."}) of every {@code .hex} fixture. */
  public static List<String> all() {
    List<String> names = new ArrayList<>();
    for (String dir : List.of("rtp", "rtcp")) {
      URL url = Fixtures.class.getResource("/fixtures/" + dir);
      try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
        files
            .map(p -> p.getFileName().toString())
            .filter(f -> f.endsWith(".hex"))
            .sorted()
            .forEach(f -> names.add(dir + "/" + f.substring(0, f.length() - 4)));
      } catch (IOException | URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return names;
  }

  /** Copy of {@code packet} placed at {@code off} in a larger array filled with {@code filler}. */
  public static byte[] embed(byte[] packet, int off, int trailing, byte filler) {
    byte[] out = new byte[off + packet.length + trailing];
    Arrays.fill(out, filler);
    System.arraycopy(packet, 0, out, off, packet.length);
    return out;
  }
}
