package org.telerounds.cart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.telerounds.cart.bundle.ProfileJson;
import org.telerounds.cart.model.AudioRole;
import org.telerounds.cart.model.CartProfile;
import org.telerounds.cart.model.Processing;
import org.telerounds.cart.validate.Validation;

/** Every shipped example under {@code examples/} validates, and renders what it says. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("examples");

  static List<Path> carts() throws IOException {
    return list(EXAMPLES.resolve("carts"));
  }

  static List<Path> models() throws IOException {
    return list(EXAMPLES.resolve("models"));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
  }

  @Test
  void twoModelsAndAtLeastTwoCartsShip() throws IOException {
    assertThat(models()).extracting(p -> p.getFileName().toString())
        .containsExactly("rc200.conf", "rc300-cardio.conf");
    assertThat(carts()).hasSizeGreaterThanOrEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("carts")
  void everyExampleCartValidates(Path cart) throws Exception {
    Validation v = CartProfiles.validateCart(cart, null);
    assertThat(v.problems()).isEmpty();
    assertThat(v.profile().identity().cartId()).isEqualTo(cart.getFileName().toString().replace(".conf", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void everyExampleModelValidatesAsABaseProfile(Path model) throws Exception {
    assertThat(CartProfiles.validate(model, null, true).problems()).isEmpty();
  }

  @Test
  void cardiologyCartInheritsTheStethoscopeAndOverridesOneCamera() throws Exception {
    CartProfile p = CartProfiles.validateCart(EXAMPLES.resolve("carts/cart-0107.conf"), null).profile();
    assertThat(p.audioInputs()).anySatisfy(a -> {
      assertThat(a.role()).isEqualTo(AudioRole.STETHOSCOPE);
      assertThat(a.processing()).isEqualTo(Processing.BYPASS);
    });
    assertThat(p.cameras()).extracting(c -> c.id() + " " + c.resolution() + " " + c.fps())
        .containsExactly("exam 1280x720 30", "room 1920x1080 30");
    assertThat(p.privacy().allowRemotePtz()).isFalse();
    assertThat(p.privacy().idlePrivacyAfterSeconds()).isEqualTo(600);
  }

  @Test
  void aCartCanRemoveADeviceOfItsModel() throws Exception {
    CartProfile p = CartProfiles.validateCart(EXAMPLES.resolve("carts/cart-0215.conf"), null).profile();
    assertThat(p.cameras()).extracting(c -> c.id()).containsExactly("room");
    assertThat(p.network().turnServers()).isEmpty();
  }

  @Test
  void renderedBundleProfileHasTheDocumentedShape() throws Exception {
    CartProfile p = CartProfiles.validateCart(EXAMPLES.resolve("carts/cart-0042.conf"), null).profile();
    JsonNode json = ProfileJson.render(p);
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.at("/identity/cartId").asText()).isEqualTo("cart-0042");
    assertThat(json.at("/cameras/1/id").asText()).isEqualTo("room");
    assertThat(json.at("/cameras/1/resolution/width").asInt()).isEqualTo(1280);
    assertThat(json.at("/cameras/1/ptz/zoom/max").asInt()).isEqualTo(1000);
    assertThat(json.at("/cameras/0/ptz").isMissingNode()).isTrue();
    assertThat(json.at("/cameras/0/simulcast/0/rid").asText()).isEqualTo("f");
    assertThat(json.at("/audioInputs/0/preset").asText()).isEqualTo("aggressive");
    assertThat(json.at("/network/turnServers/0/urls/1").asText()).startsWith("turn:");
    assertThat(json.at("/privacy/videoOffOnStart").asBoolean()).isFalse();
  }
}
