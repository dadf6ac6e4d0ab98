package org.telerounds.media.enhance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telerounds.media.MutableClock;

class StethoscopeBypassTest {
  @Test
  void policyProcessesOnlyTheTwoCartMics() {
    assertThat(EnhancementPolicy.processes("mic:patient")).isTrue();
    assertThat(EnhancementPolicy.processes("mic:room")).isTrue();
    assertThat(EnhancementPolicy.processes("audio:stethoscope")).isFalse();
    assertThat(EnhancementPolicy.processes("mic:participant")).isFalse();
    assertThat(EnhancementPolicy.processes("voice:enhanced")).isFalse();
  }

  @Test
  void enhancerRefusesStethoscopePacketsAndLeavesTheirBytesUntouched() {
    List<EncodedFrame> out = new ArrayList<>();
    List<byte[]> steth = OpusTestStreams.encode(TestSignals.speechLike(11, 0.5, 0.1));
    try (CartEnhancer e = new CartEnhancer(EnhancementConfig.defaults().defaultPreset(),
        EnhancementConfig.defaults(), new MutableClock(), null, out::add)) {
      int seq = 0;
      for (byte[] payload : steth) {
        byte[] packet = new byte[12 + payload.length]; // as the SFU holds it: RTP header + payload
        System.arraycopy(payload, 0, packet, 12, payload.length);
        byte[] before = packet.clone();
        boolean taken = e.onPacket("audio:stethoscope", packet, 12, payload.length, seq++, seq * 960L);
        assertThat(taken).isFalse();
        // what the forwarding path sends on is exactly what came in
        assertThat(packet).isEqualTo(before);
        assertThat(Arrays.copyOfRange(packet, 12, packet.length)).isEqualTo(payload);
        e.processTick();
      }
      assertThat(e.refusedPackets()).isEqualTo(steth.size());
      assertThat(out).isEmpty();
      assertThat(e.levels()).isEqualTo(EnhancementLevels.SILENT);
    }
  }
}
