package org.telerounds.signaling.carts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CartEnhancementPresetsTest {
  private static byte[] bundle(String audioInputs) {
    return ("{\"profile\":{\"identity\":{\"cartId\":\"c1\"},\"audioInputs\":" + audioInputs + "},\"signature\":\"x\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void thePatientMicsPresetWins() throws Exception {
    assertThat(CartEnhancementPresets.fromBundle(bundle("[{\"role\":\"mic:room\",\"processing\":\"enhance\","
        + "\"preset\":\"aggressive\"},{\"role\":\"mic:patient\",\"processing\":\"enhance\",\"preset\":\"gentle\"}]")))
        .contains("gentle");
  }

  @Test
  void aBypassedPatientMicMeansNone() throws Exception {
    assertThat(CartEnhancementPresets.fromBundle(bundle("[{\"role\":\"mic:patient\",\"processing\":\"bypass\","
        + "\"preset\":\"none\"}]"))).contains("none");
  }

  @Test
  void noPatientMicLeavesTheServerDefault() throws Exception {
    assertThat(CartEnhancementPresets.fromBundle(bundle("[{\"role\":\"audio:stethoscope\",\"processing\":\"bypass\","
        + "\"preset\":\"none\"}]"))).isEmpty();
    assertThat(CartEnhancementPresets.fromBundle(bundle("[]"))).isEmpty();
  }
}
