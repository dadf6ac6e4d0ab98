package org.telerounds.recorder.write;

/** How many 48 kHz samples an Opus packet holds, from its TOC byte (RFC 6716 section 3.1). */
final class OpusPackets {
  private OpusPackets() {}

  static int samples(byte[] b, int off, int len) {
    if (len < 1) return 0;
    int toc = b[off] & 0xFF;
    int config = toc >> 3;
    int frameSamples;
    if (config < 12) {
      frameSamples = new int[] {480, 960, 1920, 2880}[config & 3]; // SILK: 10, 20, 40, 60 ms
    } else if (config < 16) {
      frameSamples = (config & 1) == 0 ? 480 : 960; // hybrid: 10, 20 ms
    } else {
      frameSamples = new int[] {120, 240, 480, 960}[config & 3]; // CELT: 2.5, 5, 10, 20 ms
    }
    int frames = switch (toc & 3) {
      case 0 -> 1;
      case 1, 2 -> 2;
      default -> len < 2 ? 0 : b[off + 1] & 0x3F;
    };
    return frameSamples * frames;
  }
}
